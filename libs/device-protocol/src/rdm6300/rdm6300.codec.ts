import type { Parsed } from '../payload.util';

/**
 * RDM6300 / EM4100 125 kHz serial frames (9600 8N1, module TX only):
 *   0x02 | 10 ASCII hex (1 version byte + 4 tag bytes) | 2 ASCII hex checksum | 0x03
 * checksum = XOR of the 5 data bytes. Most software keys on the 4 tag bytes (`%08X`), as do we.
 * Some clones send the checksum as one raw byte instead of 2 ASCII hex (13-byte frames:
 *   0x02 | 10 ASCII hex | raw checksum byte | 0x03); it is checked the same way.
 */

export const RDM6300_STX = 0x02;
export const RDM6300_ETX = 0x03;
export const RDM6300_FRAME_LENGTH = 14;
/** STX + 10 ASCII hex + one raw checksum byte + ETX. */
export const RDM6300_RAW_CHECKSUM_FRAME_LENGTH = 13;

export interface Rdm6300Frame {
  /** Version / customer byte, 2 hex digits. */
  version: string;
  /** The 4 tag bytes: the canonical UID (8 uppercase hex). */
  uid: string;
  checksum: number;
}

function hexByte(bytes: Uint8Array, at: number): number | null {
  let value = 0;
  for (let i = at; i < at + 2; i++) {
    const c = bytes[i] as number;
    let nibble: number;
    if (c >= 0x30 && c <= 0x39) nibble = c - 0x30;
    else if (c >= 0x41 && c <= 0x46) nibble = c - 0x37;
    else if (c >= 0x61 && c <= 0x66) nibble = c - 0x57;
    else return null;
    value = value * 16 + nibble;
  }
  return value;
}

/**
 * One frame: the full 14 bytes, or what a delimiter parser leaves (13 bytes with STX, or the 12 ASCII bytes).
 */
export function parseRdm6300Frame(input: Uint8Array): Parsed<Rdm6300Frame> {
  let body = input;
  if (
    body.length === RDM6300_RAW_CHECKSUM_FRAME_LENGTH &&
    body[0] === RDM6300_STX &&
    body[12] === RDM6300_ETX
  ) {
    // STX + 12 ASCII (what a delimiter parser leaves) never ends in 0x03: ASCII hex has no 0x03.
    return parseRdm6300Data(input.subarray(1, 11), input[11] as number);
  }
  if (body.length === RDM6300_FRAME_LENGTH) {
    if (body[0] !== RDM6300_STX) return { ok: false, error: 'frame does not start with STX (0x02)' };
    if (body[13] !== RDM6300_ETX) return { ok: false, error: 'frame does not end with ETX (0x03)' };
    body = body.subarray(1, 13);
  } else if (body.length === 13 && body[0] === RDM6300_STX) {
    body = body.subarray(1);
  } else if (body.length !== 12) {
    return { ok: false, error: `frame has ${input.length} bytes, expected 14` };
  }
  const checksum = hexByte(body, 10);
  if (checksum === null) return { ok: false, error: 'frame data is not ASCII hex' };
  return parseRdm6300Data(body.subarray(0, 10), checksum);
}

/** `ascii10` = version + tag as 10 ASCII hex digits; `checksum` already decoded. */
function parseRdm6300Data(ascii10: Uint8Array, checksum: number): Parsed<Rdm6300Frame> {
  const data: number[] = [];
  for (let i = 0; i < 10; i += 2) {
    const byte = hexByte(ascii10, i);
    if (byte === null) return { ok: false, error: 'frame data is not ASCII hex' };
    data.push(byte);
  }
  const [version, t0, t1, t2, t3] = data as [number, number, number, number, number];
  const xor = version ^ t0 ^ t1 ^ t2 ^ t3;
  if (xor !== checksum) {
    return {
      ok: false,
      error: `checksum mismatch: frame says ${hex2(checksum)}, XOR of data is ${hex2(xor)}`,
    };
  }
  return { ok: true, value: { version: hex2(version), uid: [t0, t1, t2, t3].map(hex2).join(''), checksum } };
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** Builds a frame (for the simulator and tests). `data10` = 10 hex digits: version + tag. */
export function buildRdm6300Frame(data10: string): Uint8Array {
  if (!/^[0-9A-Fa-f]{10}$/.test(data10)) throw new RangeError('RDM6300 data must be 10 hex digits');
  let xor = 0;
  for (let i = 0; i < 10; i += 2) xor ^= parseInt(data10.slice(i, i + 2), 16);
  const ascii = `${data10.toUpperCase()}${hex2(xor)}`;
  const frame = new Uint8Array(RDM6300_FRAME_LENGTH);
  frame[0] = RDM6300_STX;
  for (let i = 0; i < 12; i++) frame[i + 1] = ascii.charCodeAt(i);
  frame[13] = RDM6300_ETX;
  return frame;
}

export type Rdm6300StreamItem = { ok: true; frame: Rdm6300Frame } | { ok: false; error: string };

/**
 * Splits a byte stream (any chunking, even one byte per read) into frames. Resynchronises on STX, so line
 * noise costs at most one frame. Pure: no timers, no port.
 */
export class Rdm6300StreamParser {
  private buffer: number[] = [];

  push(chunk: Uint8Array): Rdm6300StreamItem[] {
    const items: Rdm6300StreamItem[] = [];
    for (const byte of chunk) {
      if (byte === RDM6300_STX) {
        if (this.buffer.length > 0) items.push({ ok: false, error: 'incomplete frame before STX' });
        this.buffer = [byte];
        continue;
      }
      if (this.buffer.length === 0) continue; // noise between frames
      this.buffer.push(byte);
      if (byte === RDM6300_ETX || this.buffer.length >= RDM6300_FRAME_LENGTH) {
        const parsed = parseRdm6300Frame(Uint8Array.from(this.buffer));
        items.push(parsed.ok ? { ok: true, frame: parsed.value } : parsed);
        this.buffer = [];
      }
    }
    return items;
  }

  reset(): void {
    this.buffer = [];
  }
}

export interface Rdm6300ReadFilterOptions {
  /** Two identical frames must arrive within this window to count (ghost-read filter). Default 300 ms. */
  confirmWindowMs?: number;
  /** After a read, the same card is ignored until no frame of it came for this long (card lifted). Default 1000. */
  releaseMs?: number;
  /** Refuse the all-zero tag that cheap modules emit. Default true. */
  rejectZeroUid?: boolean;
}

/**
 * Turns valid frames into card reads. Cheap RDM6300 clones emit fake ids that pass the XOR check; a real card
 * repeats its frame every ~65 ms, so a read needs two identical consecutive frames (Tasmota's advice). A held
 * card then reads once until it is lifted. Time is an argument: pure and testable.
 */
export class Rdm6300ReadFilter {
  private readonly confirmWindowMs: number;
  private readonly releaseMs: number;
  private readonly rejectZeroUid: boolean;
  private candidate: { uid: string; at: number } | null = null;
  private held: { uid: string; lastSeen: number } | null = null;

  constructor(options: Rdm6300ReadFilterOptions = {}) {
    this.confirmWindowMs = options.confirmWindowMs ?? 300;
    this.releaseMs = options.releaseMs ?? 1000;
    this.rejectZeroUid = options.rejectZeroUid ?? true;
  }

  /** Feed each valid frame; returns the UID when it counts as a new read, else null. */
  accept(frame: Rdm6300Frame, nowMs: number): string | null {
    const uid = frame.uid;
    if (this.rejectZeroUid && uid === '00000000') return null;
    if (this.held !== null) {
      if (this.held.uid === uid && nowMs - this.held.lastSeen < this.releaseMs) {
        this.held.lastSeen = nowMs;
        return null;
      }
      this.held = null;
    }
    const previous = this.candidate;
    this.candidate = { uid, at: nowMs };
    if (previous !== null && previous.uid === uid && nowMs - previous.at <= this.confirmWindowMs) {
      this.candidate = null;
      this.held = { uid, lastSeen: nowMs };
      return uid;
    }
    return null;
  }

  reset(): void {
    this.candidate = null;
    this.held = null;
  }
}
