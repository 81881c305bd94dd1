import { buildLcusCommand, parseLcusCommand, parseLcusStatus } from './lcus.codec';

describe('LCUS codec', () => {
  it('builds the documented commands', () => {
    expect([...buildLcusCommand(1, true)]).toEqual([0xa0, 0x01, 0x01, 0xa2]);
    expect([...buildLcusCommand(1, false)]).toEqual([0xa0, 0x01, 0x00, 0xa1]);
    expect([...buildLcusCommand(8, true)]).toEqual([0xa0, 0x08, 0x01, 0xa9]);
    expect(() => buildLcusCommand(0, true)).toThrow(RangeError);
    expect(() => buildLcusCommand(9, true)).toThrow(RangeError);
  });

  it('round-trips every channel and state, and refuses a bad checksum', () => {
    for (let channel = 1; channel <= 8; channel++)
      for (const on of [true, false])
        expect(parseLcusCommand(buildLcusCommand(channel, on))).toEqual({ ok: true, channel, on });
    expect(parseLcusCommand(Uint8Array.from([0xa0, 0x01, 0x01, 0xa3]))).toEqual({
      ok: false,
      error: 'checksum mismatch',
    });
    expect(parseLcusCommand(Uint8Array.from([0xa0, 0x01, 0x02, 0xa3]))).toMatchObject({ ok: false });
  });

  it('parses byte and text status answers, asking for more when short', () => {
    expect(parseLcusStatus(Uint8Array.from([1, 0, 1, 0]), 3)).toEqual({
      ok: true,
      states: [true, false, true],
    });
    expect(parseLcusStatus(Uint8Array.from([1]), 2)).toEqual({ ok: 'incomplete' });
    expect(parseLcusStatus(Uint8Array.from([7, 0]), 2)).toMatchObject({ ok: false });
    const text = Buffer.from('CH1: ON\r\nCH2: OFF\r\n', 'latin1');
    expect(parseLcusStatus(text, 2)).toEqual({ ok: true, states: [true, false] });
    expect(parseLcusStatus(Buffer.from('CH1: ON\r\n', 'latin1'), 2)).toEqual({ ok: 'incomplete' });
    expect(parseLcusStatus(new Uint8Array(), 1)).toEqual({ ok: 'incomplete' });
  });
});
