import { ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync, ValidatorOptions } from 'class-validator';
import { ErrorCode, FieldProblem } from '@werkbank/contracts';
import { DomainError } from './domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * ValidationPipe with synchronous class-validator: our DTOs have no async rules, and the async variant's promise
 * per constraint was a visible share of a list request's CPU. An async rule added later would be skipped by
 * validateSync, so the validation spec checks that none exists.
 */
export class SyncValidationPipe extends ValidationPipe {
  protected override validate(object: object, validatorOptions?: ValidatorOptions): ValidationError[] {
    return validateSync(object, validatorOptions);
  }
}

/** Global pipe: unknown fields are rejected, every problem is reported with its field. */
export function createValidationPipe(): ValidationPipe {
  return new SyncValidationPipe({
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
