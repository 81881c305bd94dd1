/**
 * Card UID normalisation. The canonical form everywhere in Werkbank is uppercase hex without separators, so that
 * the same card read by a Tasmota PN532, an ESPHome rc522 and a USB keyboard wedge hashes to the same key.
 */

export type UidFormat = 'hex' | 'decimal32' | 'rdm6300';

export const UID_FORMATS: readonly UidFormat[] = ['hex', 'decimal32', 'rdm6300'];

/** Valid UID sizes in bytes: 4 (single-size NFC-A, EM4100 tag id), 5 (EM4100 with version byte), 7, 10. */
export const UID_BYTE_LENGTHS: readonly number[] = [4, 5, 7, 10];

export type UidResult = { ok: true; uid: string } | { ok: false; error: string };

const HEX = /^[0-9A-Fa-f]+$/;
const SEPARATORS = /[-: ]/g;

export function isUidFormat(value: unknown): value is UidFormat {
  return typeof value === 'string' && (UID_FORMATS as readonly string[]).includes(value);
}

/** Is `uid` already canonical (what encoders emit and the own protocol requires)? */
export function isCanonicalUid(uid: unknown): uid is string {
  return (
    typeof uid === 'string' &&
    /^[0-9A-F]+$/.test(uid) &&
    uid.length % 2 === 0 &&
    UID_BYTE_LENGTHS.includes(uid.length / 2)
  );
}

export function normalizeUid(raw: unknown, format: UidFormat): UidResult {
  switch (format) {
    case 'hex':
      return normalizeHex(raw);
    case 'decimal32':
      return normalizeDecimal32(raw);
    case 'rdm6300':
      return normalizeRdm6300(raw);
  }
}

function cleanHex(raw: unknown): { ok: true; hex: string } | { ok: false; error: string } {
  if (typeof raw !== 'string') return { ok: false, error: 'UID is not a string' };
  // Longest legal form: 10 bytes with a separator between each pair (29 chars) plus some padding.
  if (raw.length > 64) return { ok: false, error: 'UID is too long' };
  const hex = raw.trim().replace(SEPARATORS, '');
  if (hex === '') return { ok: false, error: 'UID is empty' };
  if (!HEX.test(hex)) return { ok: false, error: 'UID is not hex' };
  if (hex.length % 2 !== 0) return { ok: false, error: 'UID has an odd number of hex digits' };
  return { ok: true, hex: hex.toUpperCase() };
}

function normalizeHex(raw: unknown): UidResult {
  const cleaned = cleanHex(raw);
  if (!cleaned.ok) return cleaned;
  const bytes = cleaned.hex.length / 2;
  if (!UID_BYTE_LENGTHS.includes(bytes)) {
    return { ok: false, error: `UID length ${bytes} bytes is not 4, 5, 7 or 10` };
  }
  return { ok: true, uid: cleaned.hex };
}

/** ESPHome rdm6300 `on_tag` uint32, or a keyboard wedge's 10 decimal digits: the 32-bit EM4100 tag id. */
function normalizeDecimal32(raw: unknown): UidResult {
  let digits: string;
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) return { ok: false, error: 'UID is not a decimal number' };
    digits = String(raw);
  } else if (typeof raw === 'string') {
    digits = raw.trim();
  } else {
    return { ok: false, error: 'UID is not a string or number' };
  }
  if (digits === '') return { ok: false, error: 'UID is empty' };
  if (!/^\d+$/.test(digits)) return { ok: false, error: 'UID is not a decimal number' };
  if (digits.replace(/^0+/, '').length > 10) return { ok: false, error: 'decimal UID exceeds 32 bits' };
  const value = Number(digits);
  if (value > 0xffffffff) return { ok: false, error: 'decimal UID exceeds 32 bits' };
  return { ok: true, uid: value.toString(16).toUpperCase().padStart(8, '0') };
}

/** RDM6300 frame data: 1 version/customer byte + 4 tag bytes; most software keys on the 4 tag bytes. */
function normalizeRdm6300(raw: unknown): UidResult {
  const cleaned = cleanHex(raw);
  if (!cleaned.ok) return cleaned;
  if (cleaned.hex.length !== 10) return { ok: false, error: 'rdm6300 UID must be 10 hex digits' };
  return { ok: true, uid: cleaned.hex.slice(2) };
}
