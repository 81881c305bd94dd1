import { decoded, rejected, type DecodeResult, type PrinterEvent, type PrinterState } from '../device-event';
import {
  field,
  isJsonObject,
  objectAt,
  parseJsonObject,
  payloadText,
  quote,
  toFiniteNumber,
  type Payload,
} from '../payload.util';
import { jobNameOf, printerStateIn } from '../printer.util';
import { isTopicPart } from '../topic.util';

/**
 * OctoPrint with the OctoPrint-MQTT plugin (publish only; default settings for the sub-topics):
 *   <base>/event/<Event>       JSON of the event payload plus `_event` (and `_timestamp` since ~2018); not retained
 *   <base>/progress/printing   retained `{"location","path","progress":0..100,"_timestamp", "printer_data"?}`
 *   <base>/temperature/<tool>  retained `{"actual","target"}`: not needed here
 *   <base>/mqtt                retained plain text `connected`, last will `disconnected`
 * `<base>` is the plugin's "base topic" without its trailing slash (default `octoPrint`); it may have several
 * levels. The plugin publishes progress 0 not only when a print starts but also when a file is selected, and
 * `{"location":"","path":"","progress":0}` when it is deselected; PrintDone publishes progress 100.
 */

export const OCTOPRINT_DEFAULT_BASE = 'octoPrint';

export type OctoprintTopic =
  | { base: string; kind: 'event'; event: string }
  | { base: string; kind: 'progress' }
  | { base: string; kind: 'connection' };

const PROGRESS_SUFFIX = '/progress/printing';
const CONNECTION_SUFFIX = '/mqtt';
const EVENT_LEVEL = '/event/';

/** A usable base topic: a topic prefix without wildcards that a `+`/`#` subscription can reach (no `$` start). */
export function isOctoprintBase(value: unknown): value is string {
  return isTopicPart(value) && !value.startsWith('$');
}

/**
 * Splits `<base>/event/<Event>`, `<base>/progress/printing` and `<base>/mqtt`; null for any other topic.
 * The base is whatever precedes the fixed tail, so any configured base topic routes.
 */
export function parseOctoprintTopic(topic: string): OctoprintTopic | null {
  if (topic.endsWith(PROGRESS_SUFFIX)) {
    const base = topic.slice(0, -PROGRESS_SUFFIX.length);
    return isOctoprintBase(base) ? { base, kind: 'progress' } : null;
  }
  if (topic.endsWith(CONNECTION_SUFFIX)) {
    const base = topic.slice(0, -CONNECTION_SUFFIX.length);
    return isOctoprintBase(base) ? { base, kind: 'connection' } : null;
  }
  // Every message is asked: a topic without `/event/` is turned away before anything is allocated.
  const at = topic.lastIndexOf(EVENT_LEVEL);
  if (at < 0) return null;
  const event = topic.slice(at + EVENT_LEVEL.length);
  if (event === '' || event.includes('/')) return null;
  const base = topic.slice(0, at);
  return isOctoprintBase(base) ? { base, kind: 'event', event } : null;
}

/**
 * Print job events. PrintCancelled maps to `failed`, like PrintFailed: the job is no longer running, which is
 * all the session machine needs (it treats anything but printing/paused/preparing as "print stopped", and only
 * `finished` as a successful end). Bambu reports a cancelled job as FAILED as well.
 */
const EVENT_STATES: Readonly<Record<string, PrinterState>> = {
  PrintStarted: 'printing',
  PrintResumed: 'printing',
  PrintPaused: 'paused',
  PrintDone: 'finished',
  PrintFailed: 'failed',
  PrintCancelled: 'failed',
};

export function octoprintEventState(event: string): PrinterState | null {
  return printerStateIn(EVENT_STATES, event);
}

/** `<base>/event/<Event>`: a printer event for the six print job events, nothing for all others. */
export function decodeOctoprintEvent(event: string, payload: Payload): DecodeResult {
  const state = octoprintEventState(event);
  if (state === null) return decoded(); // PrinterStateChanged, ZChange, FileAdded…: the print events suffice.
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return rejected(parsed.error);
  const body = parsed.value;
  const tagged = field(body, '_event');
  if (tagged !== undefined && tagged !== event) {
    return rejected(`_event ${quote(tagged)} does not match the topic's event ${quote(event)}`);
  }
  return decoded({
    kind: 'printer',
    state,
    progress: event === 'PrintStarted' ? 0 : event === 'PrintDone' ? 100 : null,
    remainingMinutes: null,
    // OctoPrint ≥ 1.3.? sends name/path; older releases file/filename.
    jobName: jobNameOf(field(body, 'name'), field(body, 'filename'), field(body, 'path')),
  });
}

/**
 * `<base>/progress/printing`. With "printer data" enabled the state flags decide: paused (or pausing) → paused,
 * printing → printing, otherwise finished at 100 % and idle below. Without flags the progress value decides:
 * 1..99 → printing, 100 → finished (PrintDone publishes 100), empty path → idle (file deselected), and 0 with
 * a path yields nothing: it is published both when a print starts and when a file is merely selected (the
 * PrintStarted event carries the start).
 */
export function decodeOctoprintProgress(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return rejected(parsed.error);
  const body = parsed.value;
  const progress = toFiniteNumber(field(body, 'progress'));
  if (progress === null || progress < 0 || progress > 100) {
    return rejected(`progress ${quote(field(body, 'progress'))} is not a number from 0 to 100`);
  }
  const printerData = field(body, 'printer_data');
  if (printerData !== undefined && printerData !== null && !isJsonObject(printerData)) {
    return rejected('printer_data is not an object');
  }
  const data = isJsonObject(printerData) ? printerData : null;
  const flags = data === null ? null : objectAt(data, 'state', 'flags');
  const path = field(body, 'path');

  let state: PrinterState | null;
  if (flags !== null) {
    const printing = field(flags, 'printing');
    const paused = field(flags, 'paused');
    const pausing = field(flags, 'pausing');
    if (typeof printing !== 'boolean' || typeof paused !== 'boolean') {
      return rejected('printer_data.state.flags lacks the printing/paused booleans');
    }
    if (paused || pausing === true) state = 'paused';
    else if (printing) state = 'printing';
    else state = progress >= 100 ? 'finished' : 'idle';
  } else if (path === '') state = 'idle';
  else if (progress >= 100) state = 'finished';
  else if (progress > 0) state = 'printing';
  else state = null;
  if (state === null) return decoded();

  const file = data === null ? null : objectAt(data, 'job', 'file');
  const timeLeft =
    data === null ? null : toFiniteNumber(field(objectAt(data, 'progress') ?? {}, 'printTimeLeft'));
  const event: PrinterEvent = {
    kind: 'printer',
    state,
    progress,
    remainingMinutes: timeLeft !== null && timeLeft >= 0 ? Math.round(timeLeft / 60) : null,
    jobName: jobNameOf(file && field(file, 'name'), file && field(file, 'display'), path),
  };
  return decoded(event);
}

/** `<base>/mqtt`: `connected` / `disconnected` (the last will). */
export function decodeOctoprintConnection(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return rejected(text.error);
  switch (text.value.trim()) {
    case 'connected':
      return decoded({ kind: 'availability', online: true });
    case 'disconnected':
      return decoded({ kind: 'availability', online: false });
    default:
      return rejected(`connection payload ${quote(text.value)} is not connected or disconnected`);
  }
}
