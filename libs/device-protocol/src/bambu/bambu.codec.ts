import { decoded, rejected, type DecodeResult, type PrinterEvent, type PrinterState } from '../device-event';
import {
  field,
  isJsonObject,
  parseJsonObject,
  toFiniteNumber,
  type JsonObject,
  type Payload,
} from '../payload.util';
import { jobNameOf, printerStateIn } from '../printer.util';
import { isTopicLevel } from '../topic.util';

/**
 * Bambu Lab local MQTT (mqtts://<printer>:8883, user `bblp`, password = LAN access code).
 *   device/<serial>/report   printer → client: {"print":{…}} state, {"info":…}, {"mc_print":…} log lines…
 *   device/<serial>/request  client → printer
 * X1 sends full `print` objects, P1/A1 only changed fields: BambuStateMerger keeps the merged state.
 * ⚠ Firmware since 2025 may refuse control commands outside LAN-only developer mode: read-only must work.
 */

/** X1C reports with several AMS units reach ~12 KB; leave room for bigger setups. */
export const MAX_BAMBU_REPORT_BYTES = 256 * 1024;
const MAX_MERGE_DEPTH = 16;

export function bambuReportTopic(serial: string): string {
  return `device/${serial}/report`;
}

export function bambuRequestTopic(serial: string): string {
  return `device/${serial}/request`;
}

export function matchBambuReportTopic(topic: string): string | null {
  if (!topic.startsWith('device/') || !topic.endsWith('/report')) return null;
  const serial = topic.slice('device/'.length, -'/report'.length);
  return isTopicLevel(serial) ? serial : null;
}

/** Full state on request (P1P: not more often than every 5 minutes). */
export function encodeBambuPushAll(sequenceId = '0'): string {
  return JSON.stringify({
    pushing: { sequence_id: sequenceId, command: 'pushall', version: 1, push_target: 1 },
  });
}

export function encodeBambuPrintCommand(command: 'pause' | 'resume' | 'stop', sequenceId = '0'): string {
  return JSON.stringify({ print: { sequence_id: sequenceId, command, param: '' } });
}

const GCODE_STATES: Readonly<Record<string, PrinterState>> = {
  IDLE: 'idle',
  PREPARE: 'preparing',
  SLICING: 'preparing',
  RUNNING: 'printing',
  PAUSE: 'paused',
  FINISH: 'finished',
  FAILED: 'failed',
};

export function printerStateOf(gcodeState: unknown): PrinterState {
  return printerStateIn(GCODE_STATES, gcodeState) ?? 'unknown';
}

/** The printer event of a (merged) `print` object. */
export function printerEventOf(print: JsonObject): PrinterEvent {
  const percent = toFiniteNumber(field(print, 'mc_percent'));
  const remaining = toFiniteNumber(field(print, 'mc_remaining_time'));
  return {
    kind: 'printer',
    state: printerStateOf(field(print, 'gcode_state')),
    progress: percent !== null && percent >= 0 && percent <= 100 ? percent : null,
    remainingMinutes: remaining !== null && remaining >= 0 ? remaining : null,
    // Names come with trailing spaces from the slicer ("Rear Dry Pod AMS 2 PRO ").
    jobName: jobNameOf(field(print, 'subtask_name')),
  };
}

/** Parses a report and returns its `print` object, or null for other reports (info, mc_print log lines…). */
export function parseBambuReport(
  payload: Payload,
): { ok: true; print: JsonObject | null } | { ok: false; error: string } {
  const parsed = parseJsonObject(payload, MAX_BAMBU_REPORT_BYTES);
  if (!parsed.ok) return parsed;
  const print = field(parsed.value, 'print');
  if (print === undefined) return { ok: true, print: null };
  if (!isJsonObject(print)) return { ok: false, error: 'print is not an object' };
  return { ok: true, print };
}

/** Deep merge of a delta into a copy of the cached state: objects merge, arrays and scalars replace. */
function merge(target: JsonObject, delta: JsonObject, depth: number): JsonObject {
  const out: JsonObject = { ...target };
  for (const key of Object.keys(delta)) {
    const value = delta[key];
    const current = Object.prototype.hasOwnProperty.call(out, key) ? out[key] : undefined;
    const next =
      depth < MAX_MERGE_DEPTH && isJsonObject(value) && isJsonObject(current)
        ? merge(current, value, depth + 1)
        : value;
    // defineProperty: a JSON key "__proto__" must stay data, never become the prototype.
    Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Keeps one printer's merged `print` state (P1/A1 deltas, X1 full reports). One instance per printer; pure
 * (no I/O), but stateful by design. Reports other than `print` (log lines, version info) change nothing: an
 * early P1P pausing only logs "[LINK] pause_print()", so the state stays `printing` — the safe side, since
 * power is never cut under a running print.
 */
export class BambuStateMerger {
  private state: JsonObject = {};
  private last: PrinterEvent | null = null;

  get current(): Readonly<JsonObject> {
    return this.state;
  }

  /** Merges a report; `changed` tells whether the printer event differs from the previous one. */
  apply(
    payload: Payload,
  ): { ok: true; event: PrinterEvent | null; changed: boolean } | { ok: false; error: string } {
    const report = parseBambuReport(payload);
    if (!report.ok) return report;
    if (report.print === null) return { ok: true, event: this.last, changed: false };
    this.state = merge(this.state, report.print, 0);
    const event = printerEventOf(this.state);
    const previous = this.last;
    const changed =
      previous === null ||
      previous.state !== event.state ||
      previous.progress !== event.progress ||
      previous.remainingMinutes !== event.remainingMinutes ||
      previous.jobName !== event.jobName;
    this.last = event;
    return { ok: true, event, changed };
  }

  /** As a DecodeResult: a printer event when it changed, none otherwise. */
  decode(payload: Payload): DecodeResult {
    const result = this.apply(payload);
    if (!result.ok) return rejected(result.error);
    return result.changed && result.event !== null ? decoded(result.event) : decoded();
  }

  reset(): void {
    this.state = {};
    this.last = null;
  }
}
