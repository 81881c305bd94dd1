/** fast-check arbitraries for decoder fuzzing (test-only). */
import fc from 'fast-check';
import type { DecodeResult, DeviceEvent } from '../src/device-event';

/** Random text, random bytes, JSON values, and mutations of real payloads. */
export function payloadArbitrary(seeds: readonly string[]): fc.Arbitrary<Buffer | string> {
  const seed = seeds.length > 0 ? fc.constantFrom(...seeds) : fc.constant('{}');
  const mutated = fc
    .tuple(
      seed,
      fc.nat(),
      fc.nat(),
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.integer({ min: 0, max: 4 }),
    )
    .map(([s, a, b, insert, mode]) => {
      const i = s.length === 0 ? 0 : a % s.length;
      const j = s.length === 0 ? 0 : b % s.length;
      switch (mode) {
        case 0:
          return s.slice(0, i); // truncated
        case 1:
          return s.slice(0, i) + insert + s.slice(i); // inserted garbage
        case 2:
          return s.slice(0, Math.min(i, j)) + s.slice(Math.max(i, j)); // cut out a span
        case 3:
          return s.slice(0, i) + insert + s.slice(j); // replaced span
        default:
          return s.replace(/"[^"]*"/, JSON.stringify(insert)); // first string swapped
      }
    });
  const jsonWithFields = fc.tuple(seed, fc.jsonValue({ maxDepth: 3 })).map(([s, value]) => {
    try {
      const obj: unknown = JSON.parse(s);
      if (typeof obj !== 'object' || obj === null) return JSON.stringify(value);
      const keys = Object.keys(obj);
      if (keys.length === 0) return JSON.stringify(value);
      // Replace one top-level value with an arbitrary JSON value.
      const key = keys[JSON.stringify(value).length % keys.length] as string;
      return JSON.stringify({ ...obj, [key]: value });
    } catch {
      return s;
    }
  });
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    mutated,
    mutated.map((s) => Buffer.from(s, 'utf8')),
    jsonWithFields,
  );
}

const EVENT_KINDS = new Set<DeviceEvent['kind']>([
  'card',
  'relay',
  'power',
  'availability',
  'printer',
  'usage',
  'command-failed',
]);

/** A decoder's result is well-formed: ok with valid events, or a non-empty error string. */
export function assertWellFormed(result: DecodeResult): void {
  if (typeof result !== 'object' || result === null) throw new Error('result is not an object');
  if (result.ok === false) {
    if (typeof result.error !== 'string' || result.error.length === 0)
      throw new Error('error is not a message');
    // The adapter's safety net caught an exception: the codec itself threw, which is a bug.
    if (result.error.startsWith('decoder failed:')) throw new Error(result.error);
    return;
  }
  if (result.ok !== true || !Array.isArray(result.events)) throw new Error('ok result without events');
  for (const e of result.events) {
    if (!EVENT_KINDS.has(e.kind)) throw new Error(`unknown event kind ${String(e.kind)}`);
    if (e.kind === 'card' && !/^[0-9A-F]+$/.test(e.uid)) throw new Error(`non-canonical uid ${e.uid}`);
    if (e.kind === 'power' && !Number.isFinite(e.watts)) throw new Error('non-finite watts');
    if (
      (e.kind === 'relay' || e.kind === 'availability') &&
      typeof (e.kind === 'relay' ? e.on : e.online) !== 'boolean'
    ) {
      throw new Error('non-boolean state');
    }
  }
}
