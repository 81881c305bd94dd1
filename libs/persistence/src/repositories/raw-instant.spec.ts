import { execFileSync } from 'node:child_process';
import { rawInstant } from './raw-instant';

const CASES: [string, string][] = [
  ['2025-12-04 09:00:08.983', '2025-12-04T09:00:08.983Z'],
  ['2025-12-04 09:00:08', '2025-12-04T09:00:08.000Z'],
  ['2025-12-04 09:00:08.5', '2025-12-04T09:00:08.500Z'],
  ['2025-12-04T09:00:08.983Z', '2025-12-04T09:00:08.983Z'],
  ['2025-12-04T10:00:08+01:00', '2025-12-04T09:00:08.000Z'],
  ['2025-12-04 10:00:08+01:00', '2025-12-04T09:00:08.000Z'],
];

describe('rawInstant', () => {
  it("reads SQLite's UTC text as UTC", () => {
    for (const [text, iso] of CASES) expect(rawInstant(text).toISOString()).toBe(iso);
  });

  it('gives the same on a server whose clock is set to German time (the usual Raspberry Pi)', () => {
    // A process of its own: the zone is fixed when Node starts. `new Date(text)` would be an hour off here.
    const script = `const { rawInstant } = require(${JSON.stringify(require.resolve('./raw-instant'))});
      process.stdout.write(JSON.stringify([new Date(2025, 11, 4).toISOString(),
        ...${JSON.stringify(CASES.map(([text]) => text))}.map((t) => rawInstant(t).toISOString())]));`;
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register', '-e', script], {
      env: { ...process.env, TZ: 'Europe/Berlin', TS_NODE_TRANSPILE_ONLY: '1' },
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(['2025-12-03T23:00:00.000Z', ...CASES.map(([, iso]) => iso)]);
  });

  it('passes a Date through (PostgreSQL)', () => {
    const at = new Date('2025-12-04T09:00:00Z');
    expect(rawInstant(at)).toBe(at);
  });
});
