import i18n from 'i18next';
import type { FieldProblem } from '@werkbank/contracts';

/**
 * A server-side field problem in the UI's language: worded by its rule (FieldProblem.rule), with the server's
 * English text as the fallback for rules without a translation (e.g. a device adapter's address check).
 */
export function problemText(problem: FieldProblem): string {
  const key = `problems.${problem.rule ?? ''}`;
  if (!problem.rule || !i18n.exists(key)) return problem.problem;
  const params = { ...problem.params };
  if (typeof params.otherField === 'string') {
    params.otherField = i18n.t(`fields.${params.otherField}` as 'fields.name', {
      defaultValue: params.otherField,
    });
  }
  return i18n.t(key as 'problems.notFound', params);
}
