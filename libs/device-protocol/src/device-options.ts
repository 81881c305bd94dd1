import type { DeviceOptionSchema } from '@werkbank/contracts';
import { isTopicLevel, isTopicPart } from './topic.util';

/** One refused option value: `field` is `options.<key>`, `problem` says what the value must be. */
export interface OptionProblem {
  field: string;
  problem: string;
}

const WHOLE_NUMBER = /^(0|[1-9]\d{0,8})$/;

function valueProblem(schema: DeviceOptionSchema, value: string): string | null {
  if (value === '') return schema.allowEmpty ? null : 'must not be empty';
  switch (schema.kind) {
    case 'integer': {
      const min = schema.min ?? 0;
      const max = schema.max ?? Number.MAX_SAFE_INTEGER;
      const n = Number(value);
      return WHOLE_NUMBER.test(value) && n >= min && n <= max
        ? null
        : `must be a whole number from ${min} to ${max}`;
    }
    case 'choice':
      return (schema.choices ?? []).includes(value)
        ? null
        : `must be one of ${(schema.choices ?? []).join(', ')}`;
    case 'topic':
      return isTopicPart(value) ? null : 'must be an MQTT topic without wildcards (+, #) or empty levels';
    case 'command':
      return isTopicLevel(value) ? null : 'must be one word without /, + or #';
    case 'text':
      return value.length <= (schema.maxLength ?? 256)
        ? null
        : `must be at most ${schema.maxLength ?? 256} characters`;
  }
}

/**
 * The options a family knows, checked against its schema. Keys it does not know are left alone: the demo's
 * simulator settings (`loadWatts`, `simulated`…) travel in the same column.
 */
export function optionProblems(
  schema: readonly DeviceOptionSchema[],
  options: Readonly<Record<string, unknown>> | null | undefined,
): OptionProblem[] {
  if (!options) return [];
  const problems: OptionProblem[] = [];
  for (const spec of schema) {
    if (!Object.prototype.hasOwnProperty.call(options, spec.key)) continue;
    const value = options[spec.key];
    const problem = typeof value === 'string' ? valueProblem(spec, value) : 'must be a string';
    if (problem !== null) problems.push({ field: `options.${spec.key}`, problem });
  }
  return problems;
}

/** The values an adapter uses for options left out (only those with a fixed default). */
export function optionDefaults(schema: readonly DeviceOptionSchema[]): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const spec of schema) if (spec.default !== null) defaults[spec.key] = spec.default;
  return defaults;
}

/** `options.relay must be …`: the adapters' validate() wording. */
export function describeOptionProblem(p: OptionProblem): string {
  return `${p.field} ${p.problem}`;
}
