import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, validateSync, ValidatorOptions } from 'class-validator';
import { ErrorCode, FieldProblem } from '@werkbank/contracts';
import { DomainError } from './domain-error';

/** Rules whose wording needs their bound (the first constraint argument), e.g. "at most 18". */
const LIMIT_RULES = new Set(['min', 'max', 'minLength', 'maxLength', 'arrayMinSize', 'arrayMaxSize']);

/** class-validator's errors as field problems, each with its rule (and bound); nested fields dotted. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, problem]): FieldProblem => {
      const limit = LIMIT_RULES.has(rule) ? constraintArgument(e, rule) : undefined;
      return typeof limit === 'number'
        ? { field, problem, rule, params: { limit } }
        : { field, problem, rule };
    });
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

/** The decorator's argument (e.g. 18 of `@Max(18)`), from class-validator's own metadata; only on errors. */
function constraintArgument(e: ValidationError, rule: string): unknown {
  const target = e.target?.constructor;
  if (!target) return undefined;
  return getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === e.property && m.name === rule)?.constraints?.[0];
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
    // The exception factory looks up a failed rule's bound through the target's class; only the details it
    // builds are sent, never the target.
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => {
      const details = fieldProblems(errors);
      return new DomainError(
        ErrorCode.ValidationFailed,
        `Invalid input: ${details.map((d) => `${d.field} (${d.problem})`).join('; ')}`,
        details,
      );
    },
  });
}
