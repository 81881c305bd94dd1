/** Stable error codes of the API. Each transport maps a code to its own status (see the server's error filter). */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  DuplicateCard = 'DUPLICATE_CARD',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  NotATrainer = 'NOT_A_TRAINER',
  PrerequisiteMissing = 'PREREQUISITE_MISSING',
  ImportInvalid = 'IMPORT_INVALID',
  InvalidState = 'INVALID_STATE',
  Internal = 'INTERNAL',
}

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `openingHours.2.closes`, or a CSV `line:column`. */
  field: string;
  problem: string;
}

/** The one error body every REST route returns. */
export interface ApiErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: FieldProblem[];
  correlationId?: string;
}
