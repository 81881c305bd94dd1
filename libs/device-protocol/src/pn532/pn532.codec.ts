import { CardTechnology } from '@werkbank/contracts';
import type { Parsed } from '../payload.util';

/**
 * PN532 HSU (UART) frames:
 *   00 | 00 FF | LEN | LCS | TFI | data… | DCS | 00
 *   LEN = bytes of TFI+data, LCS = (0x100 - LEN) & 0xFF, DCS = (0x100 - sum(TFI+data)) & 0xFF
 *   TFI D4 host→chip, D5 chip→host; a response's command code = request + 1.
 * ACK 00 00 FF 00 FF 00, NACK 00 00 FF FF 00 00, error frame 00 00 FF 01 FF 7F 81 00.
 * (Extended frames, LEN > 254, are not used by the commands here and are reported as unsupported.)
 */

export const PN532_HOST_TO_CHIP = 0xd4;
export const PN532_CHIP_TO_HOST = 0xd5;

export const Pn532Command = {
  GetFirmwareVersion: 0x02,
  SamConfiguration: 0x14,
  InListPassiveTarget: 0x4a,
  InRelease: 0x52,
  InDeselect: 0x44,
  RfConfiguration: 0x32,
} as const;

export const PN532_ACK: readonly number[] = [0x00, 0x00, 0xff, 0x00, 0xff, 0x00];
export const PN532_NACK: readonly number[] = [0x00, 0x00, 0xff, 0xff, 0x00, 0x00];
/** HSU wake-up: the chip sleeps after power-on; send this, then SAMConfiguration. */
export const PN532_WAKEUP: readonly number[] = [0x55, 0x55, 0x00, 0x00, 0x00];

/** A normal information frame carrying `[command, ...params]` (TFI added here). */
export function buildPn532Frame(
  commandAndParams: readonly number[],
  tfi: number = PN532_HOST_TO_CHIP,
): Uint8Array {
  const len = commandAndParams.length + 1;
  if (len > 254) throw new RangeError('PN532 normal frames carry at most 253 data bytes');
  let sum = tfi;
  for (const b of commandAndParams) sum += b;
  return Uint8Array.from([
    0x00,
    0x00,
    0xff,
    len,
    (0x100 - len) & 0xff,
    tfi,
    ...commandAndParams,
    (0x100 - (sum & 0xff)) & 0xff,
    0x00,
  ]);
}

export const pn532Requests = {
  getFirmwareVersion: (): Uint8Array => buildPn532Frame([Pn532Command.GetFirmwareVersion]),
  /** Normal mode, timeout in 50 ms units (0x14 = 1 s); HSU needs no IRQ pin. */
  samConfiguration: (timeout = 0x14, useIrq = false): Uint8Array =>
    buildPn532Frame([Pn532Command.SamConfiguration, 0x01, timeout, useIrq ? 0x01 : 0x00]),
  /** One target, 106 kbps type A (ISO 14443A / MIFARE / NTAG). */
  inListPassiveTarget106A: (maxTargets = 1): Uint8Array =>
    buildPn532Frame([Pn532Command.InListPassiveTarget, maxTargets, 0x00]),
  inRelease: (target = 0): Uint8Array => buildPn532Frame([Pn532Command.InRelease, target]),
  /**
   * RFConfiguration item 5 (MaxRetries): ATR_REQ, PSL_REQ, passive activation. With the chip's default (0xFF,
   * retry forever) InListPassiveTarget only answers once a card comes; a small count makes it a poll that
   * answers NbTg 0 at once, so a silent chip can be told from an empty field.
   */
  rfConfigurationMaxRetries: (passiveActivation = 0x02): Uint8Array =>
    buildPn532Frame([Pn532Command.RfConfiguration, 0x05, 0xff, 0x01, passiveActivation]),
};

export type Pn532Item =
  | { type: 'ack' }
  | { type: 'nack' }
  | { type: 'frame'; tfi: number; command: number; params: Uint8Array }
  | { type: 'application-error' }
  | { type: 'error'; error: string };

/**
 * Splits a byte stream into ACK/NACK/frames regardless of chunking: the chip often sends the ACK and the
 * response in one read, or a frame across several reads. Bad checksums are reported and skipped.
 */
export class Pn532StreamParser {
  private buffer: number[] = [];
  /** A frame cannot be longer than this; protects the buffer against a stream of garbage. */
  private static readonly MAX_BUFFER = 512;

  push(chunk: Uint8Array): Pn532Item[] {
    for (const b of chunk) this.buffer.push(b);
    const items: Pn532Item[] = [];
    for (;;) {
      const item = this.next();
      if (item === null) break;
      items.push(item);
    }
    if (this.buffer.length > Pn532StreamParser.MAX_BUFFER) {
      this.buffer = [];
      items.push({ type: 'error', error: 'buffer overflow without a complete frame' });
    }
    return items;
  }

  reset(): void {
    this.buffer = [];
  }

  /** One item from the front of the buffer, or null when more bytes are needed. */
  private next(): Pn532Item | null {
    const buf = this.buffer;
    // Find the start code 00 FF.
    let start = -1;
    for (let i = 0; i + 1 < buf.length; i++) {
      if (buf[i] === 0x00 && buf[i + 1] === 0xff) {
        start = i;
        break;
      }
    }
    if (start < 0) {
      // Keep a trailing 00: it may be the first half of a start code.
      this.buffer = buf.length > 0 && buf[buf.length - 1] === 0x00 ? [0x00] : [];
      return null;
    }
    if (buf.length < start + 4) {
      this.buffer = buf.slice(start);
      return null;
    }
    const len = buf[start + 2] as number;
    const lcs = buf[start + 3] as number;
    if (len === 0x00 && lcs === 0xff) return this.consume(start + 4, { type: 'ack' });
    if (len === 0xff && lcs === 0x00) return this.consume(start + 4, { type: 'nack' });
    if (len === 0xff && lcs === 0xff)
      return this.consume(start + 2, { type: 'error', error: 'extended frames are not supported' });
    if (((len + lcs) & 0xff) !== 0) {
      return this.consume(start + 2, { type: 'error', error: 'length checksum (LCS) mismatch' });
    }
    const end = start + 4 + len + 1; // TFI+data, DCS
    if (buf.length < end) {
      this.buffer = buf.slice(start);
      return null;
    }
    const body = buf.slice(start + 4, start + 4 + len);
    const dcs = buf[start + 4 + len] as number;
    const sum = body.reduce((s, b) => s + b, 0);
    if (((sum + dcs) & 0xff) !== 0)
      return this.consume(end, { type: 'error', error: 'data checksum (DCS) mismatch' });
    if (len === 1 && body[0] === 0x7f) return this.consume(end, { type: 'application-error' });
    if (len < 2) return this.consume(end, { type: 'error', error: 'frame has no command byte' });
    const [tfi, command] = body as [number, number];
    return this.consume(end, { type: 'frame', tfi, command, params: Uint8Array.from(body.slice(2)) });
  }

  private consume(upTo: number, item: Pn532Item): Pn532Item {
    // The postamble (00) is left in the buffer; the start-code search skips it.
    this.buffer = this.buffer.slice(upTo);
    return item;
  }
}

export interface Pn532Target {
  /** Logical target number the chip assigned. */
  tg: number;
  /** SENS_RES / ATQA, 2 bytes as sent. */
  sensRes: number;
  /** SEL_RES / SAK. */
  selRes: number;
  /** NFCID1: the UID, uppercase hex. */
  uid: string;
  technology: CardTechnology | null;
}

/** Best guess from SAK (and ATQA); a UID is an identifier, not a credential, and clones fake these bytes too. */
export function technologyFromSak(selRes: number, sensRes: number): CardTechnology | null {
  switch (selRes) {
    case 0x08:
    case 0x09:
    case 0x18:
    case 0x88:
      return CardTechnology.MifareClassic;
    case 0x00:
      // Ultralight family; NTAG21x answers the same and needs GET_VERSION to tell apart.
      return CardTechnology.MifareUltralight;
    case 0x20:
      return sensRes === 0x0344 ? CardTechnology.Desfire : CardTechnology.Other;
    default:
      return null;
  }
}

/**
 * Params of the InListPassiveTarget response (after D5 4B) for 106 kbps type A:
 * NbTg, then per target: Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID…, [ATS length + ATS when SAK bit 5].
 */
export function parseInListPassiveTarget106A(params: Uint8Array): Parsed<Pn532Target[]> {
  if (params.length < 1) return { ok: false, error: 'response has no NbTg byte' };
  const count = params[0] as number;
  if (count > 2) return { ok: false, error: `NbTg ${count} is more than 2` };
  const targets: Pn532Target[] = [];
  let i = 1;
  for (let t = 0; t < count; t++) {
    if (params.length < i + 5) return { ok: false, error: `target ${t + 1} is truncated` };
    const tg = params[i] as number;
    const sensRes = ((params[i + 1] as number) << 8) | (params[i + 2] as number);
    const selRes = params[i + 3] as number;
    const idLength = params[i + 4] as number;
    i += 5;
    if (![4, 7, 10].includes(idLength))
      return { ok: false, error: `NFCID length ${idLength} is not 4, 7 or 10` };
    if (params.length < i + idLength) return { ok: false, error: `target ${t + 1} UID is truncated` };
    const uid = Array.from(params.subarray(i, i + idLength), (b) =>
      b.toString(16).toUpperCase().padStart(2, '0'),
    ).join('');
    i += idLength;
    if (selRes & 0x20 && i < params.length) {
      // ISO 14443-4 card: an ATS follows, its first byte is its own length (including that byte).
      const atsLength = params[i] as number;
      if (atsLength < 1 || params.length < i + atsLength)
        return { ok: false, error: `target ${t + 1} ATS is truncated` };
      i += atsLength;
    }
    targets.push({ tg, sensRes, selRes, uid, technology: technologyFromSak(selRes, sensRes) });
  }
  return { ok: true, value: targets };
}

/** Convenience: a chip→host frame item that answers InListPassiveTarget. */
export function isInListPassiveTargetResponse(
  item: Pn532Item,
): item is Extract<Pn532Item, { type: 'frame' }> {
  return (
    item.type === 'frame' &&
    item.tfi === PN532_CHIP_TO_HOST &&
    item.command === Pn532Command.InListPassiveTarget + 1
  );
}
