import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { PrintStates } from './print-states';

describe('PrintStates', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('print-states');
  });
  afterEach(() => dir.remove());

  it('remembers printing machines across a reopen (a restart), and forgets finished ones', () => {
    const before = new PrintStates();
    before.open(dir.path);
    expect(before.isPrinting('m1')).toBe(false);
    before.set('m1', true, Date.UTC(2026, 11, 1, 9));
    before.set('m2', true, Date.UTC(2026, 11, 1, 10));
    before.set('m2', false, Date.UTC(2026, 11, 1, 11));

    const after = new PrintStates();
    after.open(dir.path);
    expect(after.isPrinting('m1')).toBe(true);
    expect(after.isPrinting('m2')).toBe(false);
    expect(JSON.parse(readFileSync(join(dir.path, 'print-states.json'), 'utf8'))).toEqual({
      m1: '2026-12-01T09:00:00.000Z',
    });
    // Written by rename: no temporary file is left behind.
    expect(readdirSync(dir.path)).toEqual(['print-states.json']);
  });

  it('writes only on a change', () => {
    const states = new PrintStates();
    states.open(dir.path);
    states.set('m1', false, 0);
    expect(existsSync(join(dir.path, 'print-states.json'))).toBe(false);
    states.set('m1', true, 0);
    writeFileSync(join(dir.path, 'print-states.json'), '{"marker":"x"}');
    states.set('m1', true, 1000); // unchanged: the file is not touched
    expect(readFileSync(join(dir.path, 'print-states.json'), 'utf8')).toBe('{"marker":"x"}');
  });

  it('starts empty from an unreadable file instead of failing the boot', () => {
    writeFileSync(join(dir.path, 'print-states.json'), '{"m1": "2026-12-01T09:00:00.000Z"'); // torn
    const states = new PrintStates();
    expect(() => states.open(dir.path)).not.toThrow();
    expect(states.isPrinting('m1')).toBe(false);
    writeFileSync(join(dir.path, 'print-states.json'), '["m1"]');
    states.open(dir.path);
    expect(states.isPrinting('m1')).toBe(false);
  });
});
