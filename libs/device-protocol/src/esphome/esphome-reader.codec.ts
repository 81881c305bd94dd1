import { decoded, rejected, type DecodeResult } from '../device-event';
import { field, payloadText, type Payload } from '../payload.util';
import { normalizeUid, type UidFormat } from '../uid.util';
import type { CardTechnology } from '@werkbank/contracts';

/**
 * ESPHome has no fixed card topic: the firmware author publishes `on_tag` wherever they like. Accepted payloads:
 *   74-10-37-94          (rc522/pn532 `x`, uppercase hex with hyphens)
 *   9357203              (rdm6300 uint32, with uidFormat decimal32)
 *   "74-10-37-94"        (a JSON string)
 *   {"uid":"74-10-37-94"} or {"uid":9357203}   (other keys ignored)
 */
export function decodeEsphomeCard(
  payload: Payload,
  format: UidFormat,
  technology: CardTechnology | null,
): DecodeResult {
  const text = payloadText(payload, 1024);
  if (!text.ok) return text;
  const trimmed = text.value.trim();
  let raw: unknown = trimmed;
  if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      return rejected('payload is not JSON');
    }
    if (typeof json === 'string') raw = json;
    else if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      raw = field(json as Record<string, unknown>, 'uid');
      if (raw === undefined) return rejected('JSON payload has no uid');
    } else return rejected('JSON payload is not an object or string');
  }
  const uid = normalizeUid(raw, format);
  if (!uid.ok) return rejected(uid.error);
  return decoded({ kind: 'card', uid: uid.uid, technology, msgId: null, at: null });
}

/** `<prefix>/status`: ESPHome's default birth `online` and last will `offline`. */
export function decodeEsphomeStatus(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  const value = text.value.trim().toLowerCase();
  if (value === 'online') return decoded({ kind: 'availability', online: true });
  if (value === 'offline') return decoded({ kind: 'availability', online: false });
  return rejected('status payload is not online or offline');
}
