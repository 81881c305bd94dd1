import { ErrorCode } from '../errors';
import { Static, StringEnum, StringMap, Strict, Type } from './schema';

export const FieldProblemSchema = Strict(
  {
    field: Type.String({
      description:
        'Dotted path of the offending field, e.g. `openingHours.2.closes`, or a CSV `line:column`.',
    }),
    problem: Type.String({ description: 'In English, for API clients and logs.' }),
    rule: Type.Optional(
      Type.String({
        description:
          'Which rule failed, stable for clients that word the problem themselves: a class-validator ' +
          'constraint (`maxLength`, `isUuid`, …) or one of DomainRule.',
      }),
    ),
    params: Type.Optional(
      StringMap(Type.Union([Type.String(), Type.Number()]), {
        description:
          'What the wording needs: `limit` for min/max rules, `otherField` for a date that must follow ' +
          'another, `line` for a CSV line that repeats an earlier one.',
      }),
    ),
  },
  { description: 'One problem with one field of the request.' },
);
export type FieldProblem = Static<typeof FieldProblemSchema>;

export const ApiErrorBodySchema = Strict(
  {
    statusCode: Type.Integer({ minimum: 400, maximum: 599 }),
    code: StringEnum(ErrorCode),
    message: Type.String(),
    details: Type.Optional(Type.Array(FieldProblemSchema)),
    correlationId: Type.Optional(
      Type.String({ description: 'The request id (also the x-request-id header).' }),
    ),
  },
  { description: 'The one error body every REST route returns.' },
);
export type ApiErrorBody = Static<typeof ApiErrorBodySchema>;
