import { isAbsolute, resolve } from 'node:path';

/**
 * Collects every problem in bridge.yml instead of stopping at the first, each naming its field
 * (`readers[1].baud: …`), so one edit round fixes the file. The helpers return a fallback on error; the
 * caller throws once at the end when `errors` is not empty.
 */
export class ConfigChecker {
  readonly errors: string[] = [];

  constructor(private readonly baseDir: string) {}

  fail(field: string, message: string): void {
    this.errors.push(`${field}: ${message}`);
  }

  /** A plain mapping; names every key that is not in `allowed`. */
  object(field: string, value: unknown, allowed: readonly string[]): Record<string, unknown> | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(field, `must be a mapping (got ${describeValue(value)})`);
      return null;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key))
        this.fail(join(field, key), `unknown field (allowed: ${allowed.join(', ')})`);
    }
    return record;
  }

  string(
    field: string,
    value: unknown,
    rule: { required: true; max?: number; pattern?: RegExp; hint?: string },
  ): string;
  string(
    field: string,
    value: unknown,
    rule: { required: false; max?: number; pattern?: RegExp; hint?: string },
  ): string | null;
  string(
    field: string,
    value: unknown,
    rule: { required: boolean; max?: number; pattern?: RegExp; hint?: string },
  ): string | null {
    if (value === undefined || value === null) {
      if (rule.required) this.fail(field, 'is required');
      return rule.required ? '' : null;
    }
    if (typeof value !== 'string') {
      this.fail(field, `must be a string (got ${describeValue(value)})`);
      return rule.required ? '' : null;
    }
    const max = rule.max ?? 1024;
    if (value.length === 0) this.fail(field, 'must not be empty');
    else if (value.length > max) this.fail(field, `must be at most ${max} characters (got ${value.length})`);
    else if (rule.pattern !== undefined && !rule.pattern.test(value))
      this.fail(field, `${rule.hint ?? `must match ${String(rule.pattern)}`} (got ${JSON.stringify(value)})`);
    return value;
  }

  /** A file or folder; relative paths count from the config file's folder, like systemd users expect. */
  path(field: string, value: unknown, required: true): string;
  path(field: string, value: unknown, required: false): string | null;
  path(field: string, value: unknown, required: boolean): string | null {
    const text = required
      ? this.string(field, value, { required: true })
      : this.string(field, value, { required: false });
    if (text === null || text === '') return text;
    if (text.includes('\0')) {
      this.fail(field, 'must not contain a NUL byte');
      return '';
    }
    return isAbsolute(text) ? text : resolve(this.baseDir, text);
  }

  integer(field: string, value: unknown, rule: { min: number; max: number; fallback: number }): number {
    if (value === undefined || value === null) return rule.fallback;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.fail(field, `must be a whole number (got ${describeValue(value)})`);
      return rule.fallback;
    }
    if (value < rule.min || value > rule.max) {
      this.fail(field, `must be between ${rule.min} and ${rule.max} (got ${value})`);
      return rule.fallback;
    }
    return value;
  }

  boolean(field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.fail(field, `must be true or false (got ${describeValue(value)})`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string | number>(
    field: string,
    value: unknown,
    choices: readonly T[],
    fallback: T | null,
  ): T | null {
    if ((value === undefined || value === null) && fallback !== null) return fallback;
    if (!(choices as readonly unknown[]).includes(value)) {
      if (value === undefined || value === null)
        this.fail(field, `is required (one of ${choices.join(', ')})`);
      else this.fail(field, `must be one of ${choices.join(', ')} (got ${describeValue(value)})`);
      return null;
    }
    return value as T;
  }

  array(field: string, value: unknown, max: number): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.fail(field, `must be a list (got ${describeValue(value)})`);
      return [];
    }
    if (value.length > max) {
      this.fail(field, `must have at most ${max} entries (got ${value.length})`);
      return [];
    }
    return value;
  }
}

export function join(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** A short, safe rendering of a bad value for an error message (never the whole of a huge value). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  return `${typeof value} ${String(value)}`;
}
