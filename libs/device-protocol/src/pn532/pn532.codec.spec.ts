import fc from 'fast-check';
import { CardTechnology } from '@werkbank/contracts';
import { listFixtures, loadHexFixture, type HexFixtureLine } from '../../testing/fixtures';
import {
  buildPn532Frame,
  isInListPassiveTargetResponse,
  parseInListPassiveTarget106A,
  PN532_ACK,
  PN532_NACK,
  Pn532StreamParser,
  pn532Requests,
  type Pn532Item,
} from './pn532.codec';

const files = listFixtures('rfid-serial', '.hex').filter((f) => f.includes('/pn532_'));

const hex = (bytes: ArrayLike<number>) => Buffer.from(Array.from(bytes)).toString('hex');

/** `# decoded: ACK; frame LEN=12 TFI=D5 CMD=4B data=01 01 … DCS ok` → the items the parser must produce. */
function expectedItems(decoded: string | null): Pn532Item[] {
  if (decoded === null) throw new Error('fixture line without a decoded comment');
  return decoded.split(';').map((part) => {
    const p = part.trim();
    if (p === 'ACK') return { type: 'ack' };
    if (p === 'NACK') return { type: 'nack' };
    const m = /^frame LEN=\d+ TFI=([0-9A-F]{2}) CMD=([0-9A-F]{2}) data=([0-9A-F ]*?)\s*DCS ok$/.exec(p);
    if (!m) throw new Error(`cannot read decoded comment part: ${p}`);
    const params =
      (m[3] as string).trim() === ''
        ? []
        : (m[3] as string)
            .trim()
            .split(' ')
            .map((b) => parseInt(b, 16));
    return {
      type: 'frame',
      tfi: parseInt(m[1] as string, 16),
      command: parseInt(m[2] as string, 16),
      params: Uint8Array.from(params),
    };
  });
}

function parseAll(chunks: Uint8Array[]): Pn532Item[] {
  const parser = new Pn532StreamParser();
  return chunks.flatMap((c) => parser.push(c));
}

describe('PN532 HSU frames against rfid-serial fixtures', () => {
  it('finds the PN532 fixture files', () => {
    expect(files).toHaveLength(5);
  });

  describe.each(files)('%s', (file) => {
    const lines = loadHexFixture(file);

    it.each(lines.map((l) => [l.line, l.direction ?? 'RX', l] as const))(
      'line %i (%s) parses as the comment says',
      (_n, _dir, line) => {
        expect(parseAll([line.bytes])).toEqual(expectedItems(line.decoded));
      },
    );

    const tx = lines.filter((l) => l.direction === 'TX');
    if (tx.length > 0) {
      it.each(tx.map((l) => [l.line, l] as const))(
        'line %i: the frame builder produces the recorded TX bytes',
        (_n, line) => {
          const [item] = parseAll([line.bytes]);
          if (item?.type !== 'frame') throw new Error('TX line is not a frame');
          expect(hex(buildPn532Frame([item.command, ...item.params], item.tfi))).toBe(hex(line.bytes));
        },
      );
    }

    it('the stream parser yields the same items for any chunking of the RX stream', () => {
      const rx: HexFixtureLine[] = lines.filter((l) => l.direction !== 'TX');
      const stream = Buffer.concat(rx.map((l) => Buffer.from(l.bytes)));
      const expected = rx.flatMap((l) => expectedItems(l.decoded));
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 30 }), (sizes) => {
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < stream.length; i++) {
            const size = sizes[i % sizes.length] as number;
            chunks.push(stream.subarray(at, at + size));
            at += size;
          }
          expect(parseAll(chunks)).toEqual(expected);
        }),
        { numRuns: 100 },
      );
    });
  });

  it('reads the UIDs of the recorded InListPassiveTarget responses', () => {
    const responses = [
      ...loadHexFixture('rfid-serial/pn532_lpc1343codebase_inlistpassivetarget-responses.hex'),
      ...loadHexFixture('rfid-serial/pn532_lpc1343codebase_classic4k-sak18.hex'),
      ...loadHexFixture('rfid-serial/pn532_libnfc-86_inlistpassivetarget-no-target.hex').filter(
        (l) => l.direction === 'RX',
      ),
    ];
    const targets = parseAll(responses.map((l) => l.bytes))
      .filter(isInListPassiveTargetResponse)
      .map((item) => parseInListPassiveTarget106A(item.params));
    expect(targets.slice(0, 4)).toEqual([
      {
        ok: true,
        value: [
          { tg: 1, sensRes: 0x0004, selRes: 0x08, uid: '9EB36E66', technology: CardTechnology.MifareClassic },
        ],
      },
      {
        ok: true,
        value: [
          {
            tg: 1,
            sensRes: 0x0044,
            selRes: 0x00,
            uid: '047BCB51962280',
            technology: CardTechnology.MifareUltralight,
          },
        ],
      },
      {
        ok: true,
        value: [
          { tg: 1, sensRes: 0x0004, selRes: 0x08, uid: '6E8AE2B0', technology: CardTechnology.MifareClassic },
        ],
      },
      {
        ok: true,
        value: [
          { tg: 1, sensRes: 0x0002, selRes: 0x18, uid: '8A4CB512', technology: CardTechnology.MifareClassic },
        ],
      },
    ]);
    // libnfc #86: no card in the field → NbTg 0 for each modulation polled.
    expect(targets.slice(4).every((t) => t.ok && t.value.length === 0)).toBe(true);
    expect(targets.slice(4).length).toBeGreaterThanOrEqual(5);
  });
});

describe('PN532 frame codec', () => {
  it('builds the documented requests byte for byte (device-protocols.md A2)', () => {
    expect(hex(pn532Requests.getFirmwareVersion())).toBe('0000ff02fed4022a00');
    expect(hex(pn532Requests.samConfiguration())).toBe('0000ff05fbd414011400' + '0300');
    expect(hex(pn532Requests.inListPassiveTarget106A())).toBe('0000ff04fcd44a0100e100');
    expect(hex(pn532Requests.samConfiguration(0x00, true))).toBe('0000ff05fbd41401000116' + '00');
  });

  it('builds RFConfiguration MaxRetries and InRelease as the bridge sends them', () => {
    // D4 32 05 FF 01 02: ATR_REQ retries FF, PSL_REQ 01, passive activation 02 (a poll, not a wait).
    expect(hex(pn532Requests.rfConfigurationMaxRetries())).toBe('0000ff06fad43205ff0102f300');
    expect(hex(pn532Requests.inRelease(1))).toBe('0000ff03fdd45201d900');
  });

  it('recognises ACK, NACK and the application error frame', () => {
    expect(parseAll([Uint8Array.from(PN532_ACK)])).toEqual([{ type: 'ack' }]);
    expect(parseAll([Uint8Array.from(PN532_NACK)])).toEqual([{ type: 'nack' }]);
    expect(parseAll([Uint8Array.from([0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00])])).toEqual([
      { type: 'application-error' },
    ]);
  });

  it('reports bad checksums and recovers at the next frame', () => {
    const bad = Uint8Array.from([0x00, 0x00, 0xff, 0x03, 0xfd, 0xd5, 0x4b, 0x00, 0xe1, 0x00]);
    const badLen = Uint8Array.from([0x00, 0x00, 0xff, 0x03, 0xfc, 0xd5, 0x4b, 0x00, 0xe0, 0x00]);
    const good = Uint8Array.from([0x00, 0x00, 0xff, 0x03, 0xfd, 0xd5, 0x4b, 0x00, 0xe0, 0x00]);
    expect(parseAll([bad, good])).toEqual([
      { type: 'error', error: 'data checksum (DCS) mismatch' },
      { type: 'frame', tfi: 0xd5, command: 0x4b, params: Uint8Array.from([0x00]) },
    ]);
    expect(parseAll([badLen, good])[0]).toEqual({ type: 'error', error: 'length checksum (LCS) mismatch' });
    expect(parseAll([badLen, good]).at(-1)).toEqual({
      type: 'frame',
      tfi: 0xd5,
      command: 0x4b,
      params: Uint8Array.from([0x00]),
    });
  });

  it.each([
    [[], 'response has no NbTg byte'],
    [[3], 'NbTg 3 is more than 2'],
    [[1, 1, 0, 4, 8], 'target 1 is truncated'],
    [[1, 1, 0, 4, 8, 5, 1, 2, 3, 4, 5], 'NFCID length 5 is not 4, 7 or 10'],
    [[1, 1, 0, 4, 8, 4, 1, 2, 3], 'target 1 UID is truncated'],
  ])('refuses the InListPassiveTarget params %j: %s', (params, error) => {
    expect(parseInListPassiveTarget106A(Uint8Array.from(params))).toEqual({ ok: false, error });
  });

  it('skips the ATS of an ISO 14443-4 card (DESFire)', () => {
    const params = [
      1, 1, 0x03, 0x44, 0x20, 7, 4, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 6, 0x75, 0x77, 0x81, 0x02, 0x80,
    ];
    expect(parseInListPassiveTarget106A(Uint8Array.from(params))).toEqual({
      ok: true,
      value: [
        { tg: 1, sensRes: 0x0344, selRes: 0x20, uid: '04112233445566', technology: CardTechnology.Desfire },
      ],
    });
  });

  it('round-trips built frames and never throws on noise', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 60 }), (data) => {
        const [command, ...params] = data as [number, ...number[]];
        expect(parseAll([buildPn532Frame(data, 0xd5)])).toEqual([
          { type: 'frame', tfi: 0xd5, command, params: Uint8Array.from(params) },
        ]);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 30 }), (chunks) => {
        for (const item of parseAll(chunks)) expect(typeof item.type).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (params) => {
        expect(typeof parseInListPassiveTarget106A(params).ok).toBe('boolean');
      }),
    );
  });
});
