import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorCode, FieldProblem } from '@werkbank/contracts';
import { DomainError } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global pipe: unknown fields are rejected, every problem is reported with its field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return new DomainError(
        ErrorCode.ValidationFailed,
        `Invalid input: ${details.map((d) => `${d.field} (${d.problem})`).join('; ')}`,
        details,
      );
    },
  });
}
