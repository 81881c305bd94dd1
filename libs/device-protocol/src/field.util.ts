import { quote, field, isJsonObject, isZonedTimestamp, type JsonObject, type Parsed } from './payload.util';

/**
 * Field-by-field readers for the own protocol's JSON schemas. Each returns the value or an error naming the
 * field and the rule, so a malformed message is logged with a precise reason.
 */

export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

export class FieldReader {
  private error: string | null = null;

  constructor(private readonly obj: JsonObject) {}

  get problem(): string | null {
    return this.error;
  }

  private fail<T>(name: string, rule: string, value: unknown): T {
    this.error ??= `${name}: ${rule} (got ${quote(value)})`;
    return undefined as T;
  }

  private raw(name: string): unknown {
    return field(this.obj, name);
  }

  string(name: string, pattern: RegExp, rule: string): string {
    const v = this.raw(name);
    return typeof v === 'string' && pattern.test(v) ? v : this.fail(name, rule, v);
  }

  optionalString(name: string, pattern: RegExp, rule: string): string | null {
    const v = this.raw(name);
    if (v === undefined || v === null) return null;
    return typeof v === 'string' && pattern.test(v) ? v : this.fail(name, rule, v);
  }

  id(name: string): string {
    return this.string(name, ID_PATTERN, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -');
  }

  optionalId(name: string): string | null {
    return this.optionalString(name, ID_PATTERN, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -');
  }

  boolean(name: string): boolean {
    const v = this.raw(name);
    return typeof v === 'boolean' ? v : this.fail(name, 'must be true or false', v);
  }

  text(name: string, maxLength: number): string {
    const v = this.raw(name);
    return typeof v === 'string' && v.length <= maxLength
      ? v
      : this.fail(name, `must be a string of at most ${maxLength} characters`, v);
  }

  counter(name: string): number {
    const v = this.raw(name);
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
      ? v
      : this.fail(name, 'must be an integer >= 0', v);
  }

  optionalCounter(name: string): number | null {
    const v = this.raw(name);
    return v === undefined || v === null ? null : this.counter(name);
  }

  optionalNumber(name: string, min: number, max: number): number | null {
    const v = this.raw(name);
    if (v === undefined || v === null) return null;
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max
      ? v
      : this.fail(name, `must be a number from ${min} to ${max}`, v);
  }

  timestamp(name: string): string {
    const v = this.raw(name);
    return isZonedTimestamp(v) ? v : this.fail(name, 'must be an ISO 8601 timestamp with Z or an offset', v);
  }

  optionalTimestamp(name: string): string | null {
    const v = this.raw(name);
    return v === undefined || v === null ? null : this.timestamp(name);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const v = this.raw(name);
    return typeof v === 'string' && (values as readonly string[]).includes(v)
      ? (v as T)
      : this.fail(name, `must be one of ${values.join(', ')}`, v);
  }

  optionalOneOf<T extends string>(name: string, values: readonly T[]): T | null {
    const v = this.raw(name);
    return v === undefined || v === null ? null : this.oneOf(name, values);
  }

  custom<T>(name: string, check: (value: unknown) => value is T, rule: string): T {
    const v = this.raw(name);
    return check(v) ? v : this.fail(name, rule, v);
  }

  /** The result, or the first problem found. */
  done<T>(value: T): Parsed<T> {
    return this.error === null ? { ok: true, value } : { ok: false, error: this.error };
  }
}

export function readObject<T>(value: unknown, read: (r: FieldReader) => T): Parsed<T> {
  if (!isJsonObject(value)) return { ok: false, error: 'payload is not a JSON object' };
  const reader = new FieldReader(value);
  const result = read(reader);
  return reader.done(result);
}
