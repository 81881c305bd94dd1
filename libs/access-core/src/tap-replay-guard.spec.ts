import { TapReplayGuard } from './tap-replay-guard';

const guard = () => new TapReplayGuard({ maxAgeMs: 120_000, maxSkewMs: 30_000 });
const T = Date.parse('2026-12-02T10:00:00Z');

describe('TapReplayGuard', () => {
  it('anyone who recorded a tap message: the same message id is refused as long as it could pass the age check', () => {
    const g = guard();
    expect(g.check('reader:m1', T, T)).toBe('fresh');
    expect(g.check('reader:m1', T, T + 1000)).toBe('replayed');
    expect(g.check('reader:m1', null, T + 100_000)).toBe('replayed');
    // Past the window the copy is stale by its own time, and the id may be forgotten.
    expect(g.check('reader:m1', T, T + 120_001)).toBe('stale');
    g.evict(T + 150_001);
    expect(g.size).toBe(0);
  });

  it('anyone replaying an old recording or forging a time: taps older than maxAge or ahead by more than the skew are stale', () => {
    const g = guard();
    expect(g.check('r:a', T - 120_001, T)).toBe('stale');
    expect(g.check('r:b', T + 30_001, T)).toBe('stale');
    expect(g.check('r:c', Number.NaN, T)).toBe('stale');
    expect(g.check('r:d', T - 120_000, T)).toBe('fresh');
    expect(g.check('r:e', T + 30_000, T)).toBe('fresh');
    expect(g.size).toBe(2); // stale taps are not remembered
  });

  it('ids are per device key, survive a restart through remember(), and are evicted by time, not by count', () => {
    const g = guard();
    g.remember('r1:m', T - 10_000); // loaded at boot
    expect(g.check('r1:m', T - 10_000, T)).toBe('replayed');
    expect(g.check('r2:m', T, T)).toBe('fresh');
    for (let i = 0; i < 60_000; i++) g.check(`r1:n${i}`, T, T + i);
    expect(g.size).toBe(60_002); // nothing cleared wholesale
    g.evict(T + 150_000 + 30_000);
    expect(g.size).toBe(60_000 - 30_001);
    expect(g.check('r1:n59999', T, T + 60_000)).toBe('replayed');
  });
});
