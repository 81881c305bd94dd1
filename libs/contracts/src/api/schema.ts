/**
 * Building blocks for the response schemas. Each schema is JSON Schema in the OpenAPI 3.0 dialect (served in
 * `/api/docs-json`) and, through typebox's `Static`, the TypeScript type the server returns and the admin UI
 * reads. OpenAPI 3.0 has no `const`, `type: 'null'` or `patternProperties`, so enums, nullables and maps go
 * through these helpers rather than typebox's own.
 */
import {
  Type,
  type ObjectOptions,
  type Static,
  type StringOptions,
  type TObject,
  type TProperties,
  type TSchema,
} from '@sinclair/typebox';

export { Type, type Static, type TSchema };

/** An object with exactly these properties: a field the contract does not name fails the OpenAPI test. */
export function Strict<P extends TProperties>(properties: P, options: ObjectOptions = {}): TObject<P> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** `T | null` as OpenAPI 3.0 writes it (`nullable: true`; an enum lists null too). */
export function Nullable<T extends TSchema>(schema: T) {
  const enumValues = (schema as { enum?: unknown[] }).enum;
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    nullable: true,
    ...(enumValues ? { enum: [...enumValues, null] } : {}),
  });
}

/** The values of a TypeScript string enum. */
export function StringEnum<E extends Record<string, string>>(values: E, options: StringOptions = {}) {
  return Type.Unsafe<E[keyof E]>({ ...options, type: 'string', enum: Object.values(values) });
}

/** One of a few literal strings. */
export function Literals<const V extends readonly string[]>(values: V, options: StringOptions = {}) {
  return Type.Unsafe<V[number]>({ ...options, type: 'string', enum: [...values] });
}

/** An object used as a map from string keys to values of one schema. */
export function StringMap<V extends TSchema>(value: V, options: ObjectOptions = {}) {
  return Type.Unsafe<Record<string, Static<V>>>({ ...options, type: 'object', additionalProperties: value });
}

export const Id = (options: StringOptions = {}) => Type.String({ format: 'uuid', ...options });
/** An instant as ISO 8601 in UTC, e.g. `2025-03-01T09:30:00.000Z`. */
export const DateTime = (options: StringOptions = {}) => Type.String({ format: 'date-time', ...options });
/** A calendar day `YYYY-MM-DD` (in the lab's time zone). */
export const Day = (options: StringOptions = {}) => Type.String({ format: 'date', ...options });
export const Count = (options: { description?: string } = {}) => Type.Integer({ minimum: 0, ...options });
