import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';
import { problemText } from './problems';

export interface ErrorText {
  message: string;
  /** What to do next. */
  action: string;
  fields: { field: string; problem: string }[];
  correlationId?: string;
}

const KNOWN = new Set([
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE_CARD',
  'TOO_MANY_REQUESTS',
  'NOT_A_TRAINER',
  'PREREQUISITE_MISSING',
  'IMPORT_INVALID',
  'INVALID_STATE',
  'INTERNAL',
  'NETWORK',
] as const);
type KnownCode = typeof KNOWN extends Set<infer C> ? C : never;

/** A form's own name for a field the API reports (an option's label), before the shared `fields.*` texts. */
export type FieldLabel = (field: string) => string | undefined;

/** Map an API error code to a translated message and the next step, and each field problem to its wording. */
export function describeError(t: TFunction, error: unknown, fieldLabel?: FieldLabel): ErrorText {
  if (isMissingEndpoint(error)) {
    return {
      message: t('errors.MISSING_ENDPOINT.message'),
      action: t('errors.MISSING_ENDPOINT.action'),
      fields: [],
    };
  }
  if (error instanceof ApiError) {
    const code: KnownCode = KNOWN.has(error.code as KnownCode) ? (error.code as KnownCode) : 'INTERNAL';
    return {
      message: t(`errors.${code}.message`),
      action: t(`errors.${code}.action`),
      fields: error.details.map((d) => ({
        field:
          fieldLabel?.(d.field) ?? t(`fields.${d.field}` as 'fields.firstName', { defaultValue: d.field }),
        problem: problemText(d),
      })),
      correlationId: code === 'INTERNAL' ? error.correlationId : undefined,
    };
  }
  return { message: t('errors.INTERNAL.message'), action: t('errors.INTERNAL.action'), fields: [] };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** The server does not offer this route yet (Nest's "Cannot GET …" 404), or the feature is switched off (501). */
export function isMissingEndpoint(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return (
    error.status === 501 ||
    (error.status === 404 && /^Cannot (GET|POST|PATCH|PUT|DELETE)\b/.test(error.message))
  );
}
