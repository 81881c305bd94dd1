import { decoded, rejected, type DecodeResult, type PrinterState } from '../device-event';
import {
  field,
  isJsonObject,
  objectAt,
  parseJsonObject,
  payloadText,
  quote,
  toFiniteNumber,
  type JsonObject,
  type Payload,
} from '../payload.util';
import { jobNameOf, printerStateIn } from '../printer.util';
import { isTopicLevel } from '../topic.util';

/**
 * Moonraker's [mqtt] component (moonraker/components/mqtt.py), `<instance>` = its `instance_name`:
 *   <instance>/moonraker/status                     retained `{"server":"online"|"offline"}` (also the last will)
 *   <instance>/klipper/status                       `{"eventtime":…,"status":{<object>:{<field>:…}}}`, not retained;
 *                                                   after the first report only changed fields (deltas)
 *   <instance>/klipper/state/<object>/<field>       with `publish_split_status: True` instead of the above:
 *                                                   retained `{"eventtime":…,"value":…}`, one topic per field
 *   <instance>/moonraker/api/request|response       JSON-RPC: not used here
 * Klipper objects are published only when listed in `status_objects`: `print_stats` must be among them.
 */

export type MoonrakerTopic =
  | { instance: string; kind: 'klipper-status' }
  | { instance: string; kind: 'print-state' }
  | { instance: string; kind: 'server-status' };

/** A usable instance name: one topic level without wildcards that `+` reaches (no `$` start). */
export function isMoonrakerInstance(value: unknown): value is string {
  return isTopicLevel(value) && !value.startsWith('$');
}

const TOPIC_KINDS: readonly (readonly [suffix: string, kind: MoonrakerTopic['kind']])[] = [
  ['/klipper/status', 'klipper-status'],
  ['/klipper/state/print_stats/state', 'print-state'],
  ['/moonraker/status', 'server-status'],
];

/**
 * Splits the three topics this adapter reads; null for any other. The router asks every adapter about every
 * message, so a foreign topic is turned away by its tail without allocating anything.
 */
export function parseMoonrakerTopic(topic: string): MoonrakerTopic | null {
  for (const [suffix, kind] of TOPIC_KINDS) {
    if (!topic.endsWith(suffix)) continue;
    const instance = topic.slice(0, -suffix.length);
    return isMoonrakerInstance(instance) ? { instance, kind } : null;
  }
  return null;
}

/**
 * `print_stats.state`. A cancelled job maps to `failed`, like an error: it is no longer running, which is what
 * the session machine needs (only `finished` counts as a successful end).
 */
const PRINT_STATES: Readonly<Record<string, PrinterState>> = {
  standby: 'idle',
  printing: 'printing',
  paused: 'paused',
  complete: 'finished',
  error: 'failed',
  cancelled: 'failed',
};

/** The printer state of a print_stats.state value; null for anything else (never guessed as `unknown`). */
export function moonrakerPrinterState(value: unknown): PrinterState | null {
  return printerStateIn(PRINT_STATES, value);
}

/** Progress 0..1 of virtual_sdcard (file position) or display_status (M73), as a percentage. */
function progressOf(status: JsonObject): number | null {
  for (const object of ['virtual_sdcard', 'display_status']) {
    const source = objectAt(status, object);
    const fraction = source === null ? null : toFiniteNumber(field(source, 'progress'));
    if (fraction !== null && fraction >= 0 && fraction <= 1) return Math.round(fraction * 1000) / 10;
  }
  return null;
}

/**
 * `<instance>/klipper/status`. Deltas carry only changed fields: a message without `print_stats.state` (other
 * objects, or print_stats with only durations/filament changed) yields nothing. `webhooks.state` (Klippy
 * ready/shutdown/error) is ignored: Klipper moves print_stats to `error` itself when a print dies.
 */
export function decodeMoonrakerKlipperStatus(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return rejected(parsed.error);
  const status = field(parsed.value, 'status');
  if (!isJsonObject(status)) return rejected('status is not an object');
  const printStats = field(status, 'print_stats');
  if (printStats === undefined) return decoded();
  if (!isJsonObject(printStats)) return rejected('status.print_stats is not an object');
  const raw = field(printStats, 'state');
  if (raw === undefined) return decoded();
  const state = moonrakerPrinterState(raw);
  if (state === null) return rejected(`print_stats.state ${quote(raw)} is not a known print state`);
  return decoded({
    kind: 'printer',
    state,
    progress: progressOf(status),
    remainingMinutes: null,
    jobName: jobNameOf(field(printStats, 'filename')),
  });
}

/**
 * `<instance>/klipper/state/print_stats/state`: Moonraker publishes `{"eventtime":…,"value":"printing"}`; a bare
 * JSON string `"printing"` is accepted too (bridges and older forks).
 */
export function decodeMoonrakerPrintState(payload: Payload): DecodeResult {
  const text = payloadText(payload);
  if (!text.ok) return rejected(text.error);
  let value: unknown;
  try {
    value = JSON.parse(text.value);
  } catch {
    return rejected('payload is not JSON');
  }
  const raw = isJsonObject(value) ? field(value, 'value') : value;
  if (typeof raw !== 'string') return rejected(`print state ${quote(raw)} is not a string`);
  const state = moonrakerPrinterState(raw);
  if (state === null) return rejected(`print_stats.state ${quote(raw)} is not a known print state`);
  return decoded({ kind: 'printer', state, progress: null, remainingMinutes: null, jobName: null });
}

/** `<instance>/moonraker/status`: `{"server":"online"|"offline"}`. */
export function decodeMoonrakerServerStatus(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return rejected(parsed.error);
  const server = field(parsed.value, 'server');
  if (server === 'online') return decoded({ kind: 'availability', online: true });
  if (server === 'offline') return decoded({ kind: 'availability', online: false });
  return rejected(`server ${quote(server)} is not online or offline`);
}
