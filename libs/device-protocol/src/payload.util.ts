/** Decoding helpers shared by the codecs. None of them throws. */

/** Default ceiling for one device message; larger payloads are refused before any parsing. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

export type Payload = Buffer | Uint8Array | string;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export type JsonObject = { [key: string]: unknown };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text, refusing oversized and non-UTF-8 payloads. */
export function payloadText(payload: unknown, maxBytes: number = MAX_PAYLOAD_BYTES): Parsed<string> {
  const problem = payloadProblem(payload, maxBytes);
  if (problem !== null) return { ok: false, error: problem };
  if (typeof payload === 'string') return { ok: true, value: payload };
  try {
    return { ok: true, value: utf8.decode(payload as Uint8Array) };
  } catch {
    return { ok: false, error: 'payload is not valid UTF-8' };
  }
}

/** Size and type gate applied before any decoding; null when the payload may be decoded. */
export function payloadProblem(payload: unknown, maxBytes: number = MAX_PAYLOAD_BYTES): string | null {
  if (typeof payload === 'string') {
    // A UTF-16 unit is at most 3 UTF-8 bytes: skip the exact count for the (usual) small payloads.
    return payload.length * 3 > maxBytes && Buffer.byteLength(payload, 'utf8') > maxBytes
      ? `payload exceeds ${maxBytes} bytes`
      : null;
  }
  if (payload instanceof Uint8Array)
    return payload.byteLength > maxBytes ? `payload exceeds ${maxBytes} bytes` : null;
  return 'payload is neither a Buffer nor a string';
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON object payload. Arrays and scalars are refused: every JSON device message here is an object. */
export function parseJsonObject(payload: unknown, maxBytes: number = MAX_PAYLOAD_BYTES): Parsed<JsonObject> {
  const text = payloadText(payload, maxBytes);
  if (!text.ok) return text;
  let value: unknown;
  try {
    value = JSON.parse(text.value);
  } catch {
    return { ok: false, error: 'payload is not JSON' };
  }
  if (!isJsonObject(value)) return { ok: false, error: 'payload is not a JSON object' };
  return { ok: true, value };
}

/** Own property lookup: never walks the prototype chain (`__proto__`, `constructor`…). */
export function field(obj: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** The object at a path of own fields (`objectAt(body, 'state', 'flags')`), or null where the path breaks. */
export function objectAt(obj: JsonObject, ...path: string[]): JsonObject | null {
  let current: unknown = obj;
  for (const key of path) {
    if (!isJsonObject(current)) return null;
    current = field(current, key);
  }
  return isJsonObject(current) ? current : null;
}

/** A finite number, or a numeric string (Tasmota and Shelly Gen1 send both). */
export function toFiniteNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** ISO 8601 date-time with an explicit zone (Z or ±hh:mm). Zone-less local times are ambiguous. */
const LOCAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** Local wall time without a zone, to the second: `2026-11-23T10:00:00` (Tasmota's default `Time`). */
export function isLocalTimestamp(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(`${value}Z`));
}

export function isZonedTimestamp(value: unknown): value is string {
  return typeof value === 'string' && ZONED_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** Short, printable rendering of a bad value for error messages (payloads are untrusted). */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = typeof value;
    }
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
