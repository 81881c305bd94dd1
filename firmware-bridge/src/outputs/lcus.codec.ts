/**
 * LCUS-type USB relay boards (CH340 USB-serial, 9600 8N1): `A0 <channel> <state> <sum>`, channel 1-8,
 * state 00 off / 01 on, sum = (A0 + channel + state) & FF. `A0 01 01 A2` switches relay 1 on.
 * Multi-channel boards answer the status query `FF`: either one byte per channel (00/01) or text lines
 * `CH1: ON` (both seen in the wild ⚠); single-channel boards usually do not answer at all.
 */

export const LCUS_START = 0xa0;
export const LCUS_STATUS_QUERY = 0xff;

export function buildLcusCommand(channel: number, on: boolean): Uint8Array {
  if (!Number.isInteger(channel) || channel < 1 || channel > 8)
    throw new RangeError('LCUS channel must be 1-8');
  const state = on ? 0x01 : 0x00;
  return Uint8Array.from([LCUS_START, channel, state, (LCUS_START + channel + state) & 0xff]);
}

export type LcusCommandParse = { ok: true; channel: number; on: boolean } | { ok: false; error: string };

/** For the fake board and tests: the 4-byte command as the board checks it. */
export function parseLcusCommand(bytes: Uint8Array): LcusCommandParse {
  if (bytes.length !== 4) return { ok: false, error: `command has ${bytes.length} bytes, expected 4` };
  const [start, channel, state, sum] = bytes as unknown as [number, number, number, number];
  if (start !== LCUS_START) return { ok: false, error: 'command does not start with A0' };
  if (channel < 1 || channel > 8) return { ok: false, error: `channel ${channel} is not 1-8` };
  if (state > 1) return { ok: false, error: `state ${state} is not 0 or 1` };
  if (((start + channel + state) & 0xff) !== sum) return { ok: false, error: 'checksum mismatch' };
  return { ok: true, channel, on: state === 1 };
}

export type LcusStatus =
  { ok: true; states: boolean[] } | { ok: false; error: string } | { ok: 'incomplete' };

/** Parses a status answer so far; `incomplete` asks for more bytes. `channels` = relays on the board. */
export function parseLcusStatus(bytes: Uint8Array, channels: number): LcusStatus {
  if (bytes.length === 0) return { ok: 'incomplete' };
  const text = Buffer.from(bytes).toString('latin1');
  if (/^CH/i.test(text)) {
    const states: boolean[] = [];
    for (const match of text.matchAll(/CH\s*(\d)\s*:\s*(ON|OFF)/gi)) {
      states[Number(match[1]) - 1] = (match[2] as string).toUpperCase() === 'ON';
    }
    if (states.filter((s) => s !== undefined).length < channels) return { ok: 'incomplete' };
    return { ok: true, states: Array.from({ length: channels }, (_, i) => states[i] === true) };
  }
  if (bytes.length < channels) return { ok: 'incomplete' };
  const states: boolean[] = [];
  for (const byte of bytes.subarray(0, channels)) {
    if (byte > 1) return { ok: false, error: `status byte 0x${byte.toString(16)} is not 00 or 01` };
    states.push(byte === 1);
  }
  return { ok: true, states };
}
