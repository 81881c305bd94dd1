import { decoded, rejected, type DecodeResult, type DeviceEvent } from '../device-event';
import {
  quote,
  field,
  isJsonObject,
  parseJsonObject,
  payloadText,
  toFiniteNumber,
  type Payload,
} from '../payload.util';
import { parseTasmotaPowerState } from './tasmota.codec';

/**
 * Tasmota relay messages:
 *   stat/<t>/RESULT  {"POWER":"ON"}  (multi-relay: POWER1, POWER2…)
 *   stat/<t>/POWER   ON / OFF, or {"POWER":"ON"} with `SetOption4 1`
 *   stat/<t>/STATE   {"POWER":"OFF",…}  (the answer to the `State` command)
 *   tele/<t>/STATE   {"POWER":"OFF",…}
 *   tele/<t>/SENSOR  {"ENERGY":{"Power":2635,…}}  (several channels: "Power":[12,0])
 */

/** Which relay of the device: '' (a single relay: POWER, also reported as POWER1) or '1'..'32'. */
export type TasmotaRelayIndex = string;

/** Keys that carry this relay's state, in order of preference. */
export function powerKeys(relay: TasmotaRelayIndex): string[] {
  if (relay === '' || relay === '1') return ['POWER', 'POWER1'];
  return [`POWER${relay}`];
}

function relayEventFrom(obj: Record<string, unknown>, relay: TasmotaRelayIndex): DecodeResult {
  for (const key of powerKeys(relay)) {
    const value = field(obj, key);
    if (value === undefined) continue;
    const on = parseTasmotaPowerState(value);
    if (on === null) return rejected(`${key} value ${quote(value)} is not ON or OFF`);
    return decoded({ kind: 'relay', on });
  }
  return decoded();
}

/** stat/<t>/RESULT and tele/<t>/STATE: JSON with POWER<n> among many other keys. */
export function decodeTasmotaPowerJson(payload: Payload, relay: TasmotaRelayIndex): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return relayEventFrom(parsed.value, relay);
}

/** stat/<t>/POWER<n>: plain ON / OFF, or JSON like stat/<t>/RESULT when the device runs `SetOption4 1`. */
export function decodeTasmotaPowerText(payload: Payload, relay: TasmotaRelayIndex = ''): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  if (text.value.trimStart().startsWith('{')) return decodeTasmotaPowerJson(payload, relay);
  const on = parseTasmotaPowerState(text.value);
  if (on === null) return rejected(`POWER payload ${quote(text.value)} is not ON or OFF`);
  return decoded({ kind: 'relay', on });
}

/** tele/<t>/SENSOR: ENERGY.Power in W (one number, or one per channel). Other sensors are ignored. */
export function decodeTasmotaEnergySensor(payload: Payload, relay: TasmotaRelayIndex): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const energy = field(parsed.value, 'ENERGY');
  if (energy === undefined) return decoded();
  if (!isJsonObject(energy)) return rejected('ENERGY is not an object');
  let power = field(energy, 'Power');
  if (power === undefined) return decoded();
  if (Array.isArray(power)) {
    const channel = relay === '' ? 0 : Number(relay) - 1;
    if (channel >= power.length) return rejected(`ENERGY.Power has no channel ${channel + 1}`);
    power = power[channel];
  }
  const watts = toFiniteNumber(power);
  if (watts === null) return rejected(`ENERGY.Power ${quote(power)} is not a number`);
  const events: DeviceEvent[] = [{ kind: 'power', watts }];
  return decoded(...events);
}
