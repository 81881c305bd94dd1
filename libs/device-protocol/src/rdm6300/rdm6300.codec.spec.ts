import fc from 'fast-check';
import { listFixtures, loadHexFixture } from '../../testing/fixtures';
import { normalizeUid } from '../uid.util';
import {
  buildRdm6300Frame,
  parseRdm6300Frame,
  Rdm6300ReadFilter,
  Rdm6300StreamParser,
  type Rdm6300Frame,
} from './rdm6300.codec';

const files = listFixtures('rfid-serial', '.hex').filter((f) => f.includes('/rdm6300_'));

/** `# decoded: ascii "…" version 14 tag 008EC793 (uint32 9357203) checksum CE xor-of-5-bytes CE -> VALID` */
function expectation(decoded: string | null) {
  const m = /version ([0-9A-F]{2}) tag ([0-9A-F]{8}) \(uint32 (\d+)\).*-> (VALID|INVALID)/.exec(
    decoded ?? '',
  );
  if (!m) throw new Error(`cannot read decoded comment: ${decoded}`);
  return { version: m[1], uid: m[2], uint32: m[3] as string, valid: m[4] === 'VALID' };
}

describe('RDM6300 frames against rfid-serial fixtures', () => {
  it('finds the RDM6300 fixture files', () => {
    expect(files).toEqual([
      'rfid-serial/rdm6300_arduino-esp32-1405_card-held-repeats.hex',
      'rfid-serial/rdm6300_bruce-2014_valid-frame.hex',
      'rfid-serial/rdm6300_hb-uni-sen-rfid-rc-3_decoded-by-test-sketch.hex',
      'rfid-serial/rdm6300_tasmota-9522_ghost-reads-part1.hex',
      'rfid-serial/rdm6300_tasmota-source-example.hex',
    ]);
  });

  describe.each(files)('%s', (file) => {
    const lines = loadHexFixture(file);

    it.each(lines.map((l) => [l.line, l] as const))(
      'line %i parses as the fixture comment says',
      (_n, line) => {
        const want = expectation(line.decoded);
        const parsed = parseRdm6300Frame(line.bytes);
        if (!want.valid) {
          expect(parsed.ok).toBe(false);
          return;
        }
        expect(parsed).toEqual({
          ok: true,
          value: expect.objectContaining({ version: want.version, uid: want.uid }),
        });
        // The same card through an ESPHome rdm6300 (uint32) or a keyboard wedge yields the same canonical UID.
        expect(normalizeUid(want.uint32, 'decimal32')).toEqual({ ok: true, uid: want.uid });
        // What a DelimiterParser([0x03]) leaves: STX + 12 ASCII, or 12 ASCII without STX.
        expect(parseRdm6300Frame(line.bytes.subarray(0, 13))).toEqual(parsed);
        expect(parseRdm6300Frame(line.bytes.subarray(1, 13))).toEqual(parsed);
      },
    );

    it('the stream parser yields the same frames for any chunking', () => {
      const stream = Buffer.concat(lines.map((l) => Buffer.from(l.bytes)));
      const expected = lines
        .map((l) => parseRdm6300Frame(l.bytes))
        .map((p) => (p.ok ? { ok: true, frame: p.value } : p));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 40 }), (sizes) => {
          const parser = new Rdm6300StreamParser();
          const items = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = sizes[i % sizes.length] as number;
            items.push(...parser.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(items).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  });

  it('the ghost-read filter drops the fake ids cheap modules emit without a card (Tasmota #9522)', () => {
    const filter = new Rdm6300ReadFilter();
    const frames = loadHexFixture('rfid-serial/rdm6300_tasmota-9522_ghost-reads-part1.hex').map(
      (l) => (parseRdm6300Frame(l.bytes) as { ok: true; value: Rdm6300Frame }).value,
    );
    expect(frames).toHaveLength(4);
    // Each ghost passes the XOR check but never repeats: no read, whatever the spacing.
    const reads = frames.map((frame, i) => filter.accept(frame, i * 65));
    expect(reads).toEqual([null, null, null, null]);
  });

  it('a held card reads once: two identical frames confirm, repeats are debounced (arduino-esp32 #1405)', () => {
    const filter = new Rdm6300ReadFilter();
    const [first, second] = loadHexFixture(
      'rfid-serial/rdm6300_arduino-esp32-1405_card-held-repeats.hex',
    ).map((l) => (parseRdm6300Frame(l.bytes) as { ok: true; value: Rdm6300Frame }).value);
    expect(filter.accept(first!, 0)).toBeNull();
    expect(filter.accept(second!, 65)).toBe('00319CD0');
    // The card stays on the antenna: frames keep coming every ~65 ms.
    for (let t = 130; t < 3000; t += 65) expect(filter.accept(first!, t)).toBeNull();
    // Lifted for longer than releaseMs, then tapped again: a new read.
    expect(filter.accept(first!, 5000)).toBeNull();
    expect(filter.accept(first!, 5065)).toBe('00319CD0');
  });

  it('does not confirm frames too far apart, and refuses the all-zero tag', () => {
    const filter = new Rdm6300ReadFilter({ confirmWindowMs: 200 });
    const frame = (parseRdm6300Frame(buildRdm6300Frame('14008EC793')) as { ok: true; value: Rdm6300Frame })
      .value;
    expect(filter.accept(frame, 0)).toBeNull();
    expect(filter.accept(frame, 500)).toBeNull();
    expect(filter.accept(frame, 600)).toBe('008EC793');
    const zero = (parseRdm6300Frame(buildRdm6300Frame('0000000000')) as { ok: true; value: Rdm6300Frame })
      .value;
    expect(filter.accept(zero, 1000)).toBeNull();
    expect(filter.accept(zero, 1065)).toBeNull();
  });
});

describe('RDM6300 frame codec', () => {
  it('builds the documented Tasmota example frame', () => {
    expect(Buffer.from(buildRdm6300Frame('14008EC793')).toString('hex')).toBe('0231343030384543373933434503');
  });

  it.each([
    [[0x02, 0x31], 'frame has 2 bytes, expected 14'],
    [[0x01, ...Buffer.from('14008EC793CE'), 0x03], 'frame does not start with STX (0x02)'],
    [[0x02, ...Buffer.from('14008EC793CE'), 0x04], 'frame does not end with ETX (0x03)'],
    [[0x02, ...Buffer.from('14008EC793CF'), 0x03], 'checksum mismatch: frame says CF, XOR of data is CE'],
    [[0x02, ...Buffer.from('14008EC7 3CE'), 0x03], 'frame data is not ASCII hex'],
  ])('refuses %j: %s', (bytes, error) => {
    expect(parseRdm6300Frame(Uint8Array.from(bytes))).toEqual({ ok: false, error });
  });

  it('a clone that sends the checksum as one raw byte (13-byte frame): accepted, checksum still checked', () => {
    const raw = Uint8Array.from([0x02, ...Buffer.from('14008EC793'), 0xce, 0x03]);
    expect(parseRdm6300Frame(raw)).toEqual({
      ok: true,
      value: { version: '14', uid: '008EC793', checksum: 0xce },
    });
    const forged = Uint8Array.from([0x02, ...Buffer.from('14008EC793'), 0xcf, 0x03]);
    expect(parseRdm6300Frame(forged)).toEqual({
      ok: false,
      error: 'checksum mismatch: frame says CF, XOR of data is CE',
    });
    // Through the stream parser, split one byte per read, next to a regular frame.
    const parser = new Rdm6300StreamParser();
    const items = [];
    for (const byte of [...raw, ...buildRdm6300Frame('0100319CD0')])
      items.push(...parser.push(Uint8Array.of(byte)));
    expect(items).toEqual([
      { ok: true, frame: { version: '14', uid: '008EC793', checksum: 0xce } },
      { ok: true, frame: expect.objectContaining({ uid: '00319CD0' }) },
    ]);
  });

  it('round-trips any data and never throws on noise', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-F]{10}$/), (data) => {
        const parsed = parseRdm6300Frame(buildRdm6300Frame(data));
        expect(parsed).toEqual({
          ok: true,
          value: expect.objectContaining({ version: data.slice(0, 2), uid: data.slice(2) }),
        });
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (chunks) => {
        const parser = new Rdm6300StreamParser();
        for (const chunk of chunks) {
          for (const item of parser.push(chunk)) expect(typeof item.ok).toBe('boolean');
        }
        for (const chunk of chunks) expect(typeof parseRdm6300Frame(chunk).ok).toBe('boolean');
      }),
    );
  });
});
