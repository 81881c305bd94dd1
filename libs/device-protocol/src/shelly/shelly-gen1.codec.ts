import { decoded, rejected, type DecodeResult } from '../device-event';
import { quote, payloadText, toFiniteNumber, type Payload } from '../payload.util';

/**
 * Shelly Gen1 MQTT: `shellies/<id>/relay/<n>` on|off|overpower, `…/relay/<n>/power` W,
 * `…/relay/<n>/energy` watt-minutes (ignored), `shellies/<id>/online` true|false.
 */

export const SHELLY_GEN1_ROOT = 'shellies';

export type ShellyGen1Topic =
  | { id: string; kind: 'online' }
  | { id: string; kind: 'relay'; relay: string }
  | { id: string; kind: 'relay-power'; relay: string }
  | { id: string; kind: 'other' };

/** Parses `shellies/<id>/…`; null for topics outside the Gen1 tree. */
export function parseShellyGen1Topic(topic: string): ShellyGen1Topic | null {
  if (!topic.startsWith(`${SHELLY_GEN1_ROOT}/`)) return null;
  const parts = topic.split('/');
  const id = parts[1];
  if (parts.length < 3 || id === undefined || id === '') return null;
  const rest = parts.slice(2);
  if (rest.length === 1 && rest[0] === 'online') return { id, kind: 'online' };
  if (rest[0] === 'relay' && rest.length >= 2 && /^\d+$/.test(rest[1] ?? '')) {
    const relay = rest[1] as string;
    if (rest.length === 2) return { id, kind: 'relay', relay };
    if (rest.length === 3 && rest[2] === 'power') return { id, kind: 'relay-power', relay };
  }
  return { id, kind: 'other' };
}

/** `on`, `off`, or `overpower` (the device cut the load: the relay is off). */
export function decodeShellyGen1Relay(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  switch (text.value.trim().toLowerCase()) {
    case 'on':
      return decoded({ kind: 'relay', on: true });
    case 'off':
    case 'overpower':
      return decoded({ kind: 'relay', on: false });
    default:
      return rejected(`relay payload ${quote(text.value)} is not on, off or overpower`);
  }
}

export function decodeShellyGen1Power(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  const watts = toFiniteNumber(text.value);
  if (watts === null) return rejected(`power payload ${quote(text.value)} is not a number`);
  return decoded({ kind: 'power', watts });
}
