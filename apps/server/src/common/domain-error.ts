import { DomainRule, ErrorCode, FieldProblem } from '@werkbank/contracts';

/**
 * The only error services throw. It carries a stable code; each transport (REST filter, socket gateway,
 * reader display) maps the code to its own status. No HttpException below the controllers.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    /** For 429: how long to wait, sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(entity: string, id: string): DomainError {
    return new DomainError(ErrorCode.NotFound, `${entity} ${id} does not exist`);
  }

  static conflict(message: string, details?: FieldProblem[]): DomainError {
    return new DomainError(ErrorCode.Conflict, message, details);
  }

  static invalid(
    field: string,
    problem: string,
    rule: DomainRule,
    params?: FieldProblem['params'],
  ): DomainError {
    return new DomainError(ErrorCode.ValidationFailed, `${field}: ${problem}`, [
      { field, problem, rule, ...(params ? { params } : {}) },
    ]);
  }
}

export const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.ImportInvalid]: 422,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.InvalidCredentials]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotATrainer]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.DuplicateCard]: 409,
  [ErrorCode.InvalidState]: 409,
  [ErrorCode.PrerequisiteMissing]: 409,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.Internal]: 500,
};
