import { decoded, rejected, type DecodeResult, type DeviceEvent } from '../device-event';
import {
  quote,
  field,
  isJsonObject,
  parseJsonObject,
  toFiniteNumber,
  type JsonObject,
  type Payload,
} from '../payload.util';

/**
 * Shelly Gen2+ (Plus/Pro/Gen3) JSON-RPC over MQTT.
 *   → `<prefix>/rpc`            {"id":1,"src":"<src>","method":"Switch.Set","params":{"id":0,"on":true}}
 *   ← `<src>/rpc`               {"id":1,"src":"<device id>","result":{"was_on":false}} | {…,"error":{code,message}}
 *   ← `<prefix>/events/rpc`     NotifyStatus deltas {"method":"NotifyStatus","params":{"ts":…,"switch:0":{…}}}
 *   ← `<prefix>/status/switch:0` full switch status (only with status_ntf on ⚠ off by default)
 *   ← `<prefix>/online`         true / false (last will)
 */

/**
 * Request ids encode what was asked, so a reply is meaningful without server-side bookkeeping: the Switch.Set
 * result only says `was_on`, but together with the id it confirms the new state.
 */
export const SHELLY_RPC_ID = { switchOn: 1, switchOff: 2, getStatus: 3 } as const;

export function encodeShellyRpc(
  id: number,
  src: string,
  method: string,
  params: Record<string, unknown>,
): string {
  return JSON.stringify({ id, src, method, params });
}

export function switchKey(switchId: string): string {
  return `switch:${switchId}`;
}

/** Events from a (possibly partial) switch status object: `output` → relay, `apower` → power. */
export function switchStatusEvents(status: unknown, where: string): DecodeResult {
  if (!isJsonObject(status)) return rejected(`${where} is not an object`);
  const events: DeviceEvent[] = [];
  const output = field(status, 'output');
  if (output !== undefined) {
    if (typeof output !== 'boolean') return rejected(`${where}.output ${quote(output)} is not a boolean`);
    events.push({ kind: 'relay', on: output });
  }
  const apower = field(status, 'apower');
  if (apower !== undefined && apower !== null) {
    const watts = toFiniteNumber(apower);
    if (watts === null) return rejected(`${where}.apower ${quote(apower)} is not a number`);
    events.push({ kind: 'power', watts });
  }
  return decoded(...events);
}

/** `<prefix>/events/rpc`: NotifyStatus / NotifyFullStatus carry component status; NotifyEvent is ignored. */
export function decodeShellyGen2Notification(payload: Payload, switchId: string): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const method = field(parsed.value, 'method');
  if (typeof method !== 'string') return rejected('method is not a string');
  if (method !== 'NotifyStatus' && method !== 'NotifyFullStatus') return decoded();
  const params = field(parsed.value, 'params');
  if (!isJsonObject(params)) return rejected('params is not an object');
  const key = switchKey(switchId);
  const status = field(params, key);
  return status === undefined ? decoded() : switchStatusEvents(status, `params.${key}`);
}

/** `<prefix>/status/switch:<n>`: the full status of one switch. */
export function decodeShellyGen2SwitchStatus(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return switchStatusEvents(parsed.value, 'status');
}

/** A reply to one of our requests (see SHELLY_RPC_ID). */
export function decodeShellyGen2Reply(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const frame: JsonObject = parsed.value;
  const error = field(frame, 'error');
  if (error !== undefined) {
    if (!isJsonObject(error)) return rejected('error is not an object');
    const code = field(error, 'code');
    const message = field(error, 'message');
    return decoded({
      kind: 'command-failed',
      code: typeof code === 'number' || typeof code === 'string' ? String(code) : null,
      message: typeof message === 'string' ? message.slice(0, 200) : 'Shelly RPC error',
    });
  }
  const result = field(frame, 'result');
  if (result === undefined) return rejected('reply has neither result nor error');
  switch (field(frame, 'id')) {
    case SHELLY_RPC_ID.switchOn:
      return decoded({ kind: 'relay', on: true });
    case SHELLY_RPC_ID.switchOff:
      return decoded({ kind: 'relay', on: false });
    case SHELLY_RPC_ID.getStatus:
      return switchStatusEvents(result, 'result');
    default:
      // Not one of ours (another client reusing our src): nothing to learn from it.
      return decoded();
  }
}
