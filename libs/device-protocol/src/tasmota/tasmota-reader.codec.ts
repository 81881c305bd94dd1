import { CardTechnology } from '@werkbank/contracts';
import { decoded, rejected, type CardEvent, type DecodeResult } from '../device-event';
import {
  field,
  isJsonObject,
  isLocalTimestamp,
  isZonedTimestamp,
  parseJsonObject,
  type Payload,
} from '../payload.util';
import { normalizeUid } from '../uid.util';

/**
 * `tele/<topic>/SENSOR` of Tasmota reader drivers:
 *   {"Time":"…","RDM6300":{"UID":"008EC793"}}
 *   {"Time":"…","PN532":{"UID":"94D8FC5F","DATA":""}}            (2023+: "Data", NTAG21x adds "Auth")
 *   {"Time":"…","RC522":{"UID":"BA839D07","Data":"","Type":"MIFARE 1KB"}}
 * The same topic carries other sensors (ENERGY…): unknown keys are ignored.
 */

export const TASMOTA_READER_KEYS = ['RDM6300', 'PN532', 'RC522'] as const;
export type TasmotaReaderKey = (typeof TASMOTA_READER_KEYS)[number];

/** MFRC522 library `PICC_GetTypeName` texts as Tasmota publishes them. */
function rc522Technology(type: unknown): CardTechnology | null {
  if (typeof type !== 'string') return null;
  const t = type.toUpperCase();
  if (t.includes('ULTRALIGHT')) return CardTechnology.MifareUltralight;
  if (t.includes('DESFIRE')) return CardTechnology.Desfire;
  if (/MIFARE (MINI|1KB|4KB)/.test(t)) return CardTechnology.MifareClassic;
  if (t === '' || t.includes('UNKNOWN')) return null;
  return CardTechnology.Other;
}

function technologyOf(key: TasmotaReaderKey, reader: Record<string, unknown>): CardTechnology | null {
  switch (key) {
    case 'RDM6300':
      return CardTechnology.Em4100;
    case 'RC522':
      return rc522Technology(field(reader, 'Type'));
    case 'PN532':
      // Tasmota adds "Auth" only after reading an NTAG21x; otherwise the driver does not say what it read.
      return field(reader, 'Auth') !== undefined ? CardTechnology.Ntag : null;
  }
}

export function decodeTasmotaReaderSensor(payload: Payload): DecodeResult {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const sensor = parsed.value;
  const time = field(sensor, 'Time');
  // Tasmota's Time is local wall time without a zone unless SetOption52 adds the offset: kept apart as
  // `localAt`, which the server reads in the lab's TIMEZONE.
  const at = isZonedTimestamp(time) ? time : null;
  const localAt = at === null && isLocalTimestamp(time) ? time : undefined;
  const events: CardEvent[] = [];
  for (const key of TASMOTA_READER_KEYS) {
    const reader = field(sensor, key);
    if (reader === undefined) continue;
    if (!isJsonObject(reader)) return rejected(`${key} is not an object`);
    const uid = normalizeUid(field(reader, 'UID'), 'hex');
    if (!uid.ok) return rejected(`${key}.UID: ${uid.error}`);
    const event: CardEvent = {
      kind: 'card',
      uid: uid.uid,
      technology: technologyOf(key, reader),
      msgId: null,
      at,
    };
    if (localAt !== undefined) event.localAt = localAt;
    events.push(event);
  }
  return decoded(...events);
}
