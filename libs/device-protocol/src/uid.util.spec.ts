import fc from 'fast-check';
import { isCanonicalUid, normalizeUid, UID_FORMATS } from './uid.util';

describe('normalizeUid', () => {
  it.each([
    ['94D8FC5F', '94D8FC5F'],
    ['94d8fc5f', '94D8FC5F'],
    ['74-10-37-94', '74103794'],
    ['04:7b:cb:51:96:22:80', '047BCB51962280'],
    [' 8A 4C B5 12 ', '8A4CB512'],
    ['14008EC793', '14008EC793'],
    ['53BB1F05110001', '53BB1F05110001'],
    ['0102030405060708090A', '0102030405060708090A'],
  ])('hex %j → %s', (raw, uid) => {
    expect(normalizeUid(raw, 'hex')).toEqual({ ok: true, uid });
  });

  it.each([
    ['', 'UID is empty'],
    ['  - : ', 'UID is empty'],
    ['94D8FC5G', 'UID is not hex'],
    ['0x94D8FC5F', 'UID is not hex'],
    ['94D8FC5', 'UID has an odd number of hex digits'],
    ['94D8FC', 'UID length 3 bytes is not 4, 5, 7 or 10'],
    ['94D8FC5F0102', 'UID length 6 bytes is not 4, 5, 7 or 10'],
    ['00'.repeat(11), 'UID length 11 bytes is not 4, 5, 7 or 10'],
    ['A'.repeat(65), 'UID is too long'],
  ])('hex %j is refused: %s', (raw, error) => {
    expect(normalizeUid(raw, 'hex')).toEqual({ ok: false, error });
  });

  it('refuses non-strings for hex', () => {
    expect(normalizeUid(123, 'hex')).toEqual({ ok: false, error: 'UID is not a string' });
    expect(normalizeUid(null, 'rdm6300')).toEqual({ ok: false, error: 'UID is not a string' });
  });

  it.each([
    ['9357203', '008EC793'], // ESPHome rdm6300 on_tag uint32 (Tasmota example tag)
    ['0009357203', '008EC793'], // keyboard wedge, 10 digits (device-protocols.md A3)
    ['3251408', '00319CD0'], // arduino-esp32 #1405 frame "0D00319CD070"
    ['6572982', '00644BB6'], // HB-UNI-Sen-RFID-RC #3 "Extracted Tag 6572982"
    ['4294967295', 'FFFFFFFF'],
    ['0', '00000000'],
    ['00000000004294967295', 'FFFFFFFF'],
  ])('decimal32 %j → %s', (raw, uid) => {
    expect(normalizeUid(raw, 'decimal32')).toEqual({ ok: true, uid });
  });

  it('accepts a JSON number for decimal32', () => {
    expect(normalizeUid(68472190, 'decimal32')).toEqual({ ok: true, uid: '0414CD7E' });
  });

  it.each([
    ['', 'UID is empty'],
    ['4294967296', 'decimal UID exceeds 32 bits'],
    ['99999999999', 'decimal UID exceeds 32 bits'],
    ['12a4', 'UID is not a decimal number'],
    ['-1', 'UID is not a decimal number'],
    ['1.5', 'UID is not a decimal number'],
  ])('decimal32 %j is refused: %s', (raw, error) => {
    expect(normalizeUid(raw, 'decimal32')).toEqual({ ok: false, error });
  });

  it('rdm6300 keeps the 4 tag bytes after the version byte', () => {
    expect(normalizeUid('14008EC793', 'rdm6300')).toEqual({ ok: true, uid: '008EC793' });
    expect(normalizeUid('1f00644bb6', 'rdm6300')).toEqual({ ok: true, uid: '00644BB6' });
    expect(normalizeUid('008EC793', 'rdm6300')).toEqual({
      ok: false,
      error: 'rdm6300 UID must be 10 hex digits',
    });
  });

  it('hex output is canonical for any valid byte string, whatever the case and separators', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 5, 7, 10).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.constantFrom('', '-', ':', ' '),
        fc.boolean(),
        (bytes, sep, lower) => {
          const canonical = Buffer.from(bytes).toString('hex').toUpperCase();
          const pairs = canonical.match(/../g) ?? [];
          const raw = pairs.join(sep);
          const result = normalizeUid(lower ? raw.toLowerCase() : raw, 'hex');
          expect(result).toEqual({ ok: true, uid: canonical });
          expect(isCanonicalUid(canonical)).toBe(true);
        },
      ),
    );
  });

  it('decimal32 is the %08X of the number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const uid = n.toString(16).toUpperCase().padStart(8, '0');
        expect(normalizeUid(String(n), 'decimal32')).toEqual({ ok: true, uid });
        expect(normalizeUid(String(n).padStart(10, '0'), 'decimal32')).toEqual({ ok: true, uid });
      }),
    );
  });

  it('never throws and yields canonical UIDs or an error', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...UID_FORMATS), (raw, format) => {
        const result = normalizeUid(raw, format);
        if (result.ok) expect(isCanonicalUid(result.uid)).toBe(true);
        else expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
