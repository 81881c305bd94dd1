import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ReferenceObject, SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { API_SCHEMAS, ApiSchemaName } from '@werkbank/contracts/api';

/** What a route answers: a contract schema, a list of them, a page of them, or one of several (per role). */
export type ContractBody =
  | ApiSchemaName
  | { arrayOf: ApiSchemaName }
  | { pageOf: ApiSchemaName | ApiSchemaName[] }
  | { oneOf: ApiSchemaName[] };

const ref = (name: ApiSchemaName): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });
const refs = (names: ApiSchemaName | ApiSchemaName[]): SchemaObject | ReferenceObject =>
  Array.isArray(names) ? { oneOf: names.map(ref) } : ref(names);

export function contractSchema(body: ContractBody): SchemaObject | ReferenceObject {
  if (typeof body === 'string') return ref(body);
  if ('arrayOf' in body) return { type: 'array', items: ref(body.arrayOf) };
  if ('oneOf' in body) return refs(body.oneOf);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['items', 'total', 'page', 'pageSize'],
    properties: {
      items: { type: 'array', items: refs(body.pageOf) },
      total: { type: 'integer', minimum: 0 },
      page: { type: 'integer', minimum: 1 },
      pageSize: { type: 'integer', minimum: 1 },
    },
  };
}

/**
 * The success response of a route, from the contracts (libs/contracts/src/api). Named Api…Response so the
 * swagger plugin sees an explicit response and adds no guessed one from the return type.
 */
export const ApiContractResponse = (
  status: 200 | 201 | 202,
  body: ContractBody,
  description = '',
): MethodDecorator => ApiResponse({ status, description, schema: contractSchema(body) });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `details` names each field and rule (VALIDATION_FAILED and more specific codes)',
  401: 'Not logged in or the session expired (UNAUTHENTICATED, INVALID_CREDENTIALS)',
  403: 'The role may not do this (FORBIDDEN)',
  404: 'No such record (NOT_FOUND)',
  409: 'Conflicts with existing data (CONFLICT, DUPLICATE_CARD, INVALID_STATE)',
  413: 'The request body is too large',
  429: 'Too many attempts; see the retry-after header (TOO_MANY_REQUESTS)',
};

/** Error responses of a route: the one error body (ApiErrorBody) for each status. */
export function ApiErrorResponses(...statuses: (keyof typeof ERROR_DESCRIPTIONS)[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], schema: ref('ApiErrorBody') }),
    ),
  );
}

/** Adds the contract schemas to the document's components (typebox objects carry symbols: copy as JSON). */
export function addContractSchemas(document: OpenAPIObject): OpenAPIObject {
  const schemas = JSON.parse(JSON.stringify(API_SCHEMAS)) as Record<string, SchemaObject>;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...schemas },
  };
  return document;
}

/**
 * The type of a value once Nest sends it as JSON: dates become ISO strings. Controllers that return entities
 * declare the contract type and pass the entity through `asJson`, so a field the contract lacks or types
 * otherwise fails the type check (extra fields fail the OpenAPI test, test/openapi.e2e-spec.ts).
 */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** The JSON form of a value, for the type checker only: JSON.stringify does the conversion when sending. */
export function asJson<T>(value: T): Json<T> {
  return value as unknown as Json<T>;
}
