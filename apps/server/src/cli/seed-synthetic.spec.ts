import { parseSeedArgs } from './seed-synthetic';

describe('seed:synthetic arguments', () => {
  it('needs --sessions and derives visits and members from it', () => {
    expect(parseSeedArgs(['--sessions', '1000000'])).toEqual({
      sessions: 1_000_000,
      visits: 200_000,
      seed: 1,
      members: 10_000,
      rollup: false,
      force: false,
    });
    expect(
      parseSeedArgs(['--sessions', '10', '--visits', '3', '--seed', '9', '--force', '--rollup']),
    ).toMatchObject({
      visits: 3,
      seed: 9,
      members: 200,
      force: true,
      rollup: true,
    });
  });

  it('refuses what it cannot read', () => {
    expect(parseSeedArgs([])).toMatch(/--sessions/);
    expect(parseSeedArgs(['--sessions', '-5'])).toMatch(/--sessions/);
    expect(parseSeedArgs(['--sessions', '1e6'])).toMatch(/--sessions/);
    expect(parseSeedArgs(['--sessions', '10', '--visits', 'many'])).toMatch(/--visits/);
    expect(parseSeedArgs(['--sessions', '10', '--members', '0'])).toMatch(/--members/);
    expect(parseSeedArgs(['--sessions', '10', '--drop-tables'])).toMatch(/Unknown/);
    expect(parseSeedArgs(['--sessions'])).toMatch(/--sessions/);
  });
});
