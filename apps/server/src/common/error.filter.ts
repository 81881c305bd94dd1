import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { ApiErrorBody, ErrorCode } from '@werkbank/contracts';
import { DomainError, HTTP_STATUS_OF } from './domain-error';
import { CSV_BODY_LIMIT, JSON_BODY_LIMIT } from './http-limits';

const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.ValidationFailed,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.ValidationFailed,
  415: ErrorCode.ValidationFailed,
  429: ErrorCode.TooManyRequests,
};

/** Statuses only the HTTP layer raises (before a route runs): say what to do instead of the framework's words. */
const FRAMEWORK_MESSAGE_OF_STATUS: Record<number, string> = {
  413: `The request body is too large (at most ${JSON_BODY_LIMIT / 1024} KB of JSON; ${CSV_BODY_LIMIT / 1024 / 1024} MB of CSV for the member import). Split it into smaller parts.`,
  415: 'Unsupported content type: send application/json (or text/csv for member imports).',
};

/** Maps every error to the one API error body, with the request's correlation id. */
@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const response = ctx.getResponse<FastifyReply>();
    const body = toApiErrorBody(error);
    body.correlationId = String(request.id);
    if (body.statusCode >= 500) {
      this.logger.error({ err: error, correlationId: body.correlationId }, 'unhandled error');
    }
    if (error instanceof DomainError && error.retryAfterSeconds !== undefined)
      void response.header('retry-after', String(error.retryAfterSeconds));
    void response.status(body.statusCode).send(body);
  }
}

/** The one API error body for any error (without the correlation id, which the caller adds). */
export function toApiErrorBody(error: unknown): ApiErrorBody {
  if (error instanceof DomainError) {
    return {
      statusCode: HTTP_STATUS_OF[error.code],
      code: error.code,
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const res = error.getResponse();
    const message =
      FRAMEWORK_MESSAGE_OF_STATUS[status] ??
      (typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? error.message));
    return { statusCode: status, code: CODE_OF_STATUS[status] ?? ErrorCode.Internal, message };
  }
  if (error instanceof QueryFailedError && /UNIQUE|unique|duplicate key/.test(error.message)) {
    return {
      statusCode: 409,
      code: ErrorCode.Conflict,
      message: 'A record with the same unique value exists already.',
    };
  }
  return {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    code: ErrorCode.Internal,
    message: 'Internal error. Try again; if it persists, report the correlation id to your administrator.',
  };
}
