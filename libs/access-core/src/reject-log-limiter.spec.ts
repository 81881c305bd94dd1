import { REJECT_LOG_OVERFLOW_KEY, RejectLogLimiter } from './reject-log-limiter';

describe('RejectLogLimiter', () => {
  it('a device flooding 200 000 malformed messages: 5 lines, then one summary per window', () => {
    const limiter = new RejectLogLimiter({ linesPerWindow: 5, windowMs: 60_000 });
    let lines = 0;
    const summaries = [];
    for (let i = 0; i < 200_000; i++) {
      const now = Math.floor(i / 100_000) * 60_000 + (i % 100_000) / 10; // two windows of 100 000 each
      const { log, summary } = limiter.admit('reader-1', now);
      if (log) lines += 1;
      if (summary) summaries.push(summary);
    }
    summaries.push(...limiter.drain(10 * 60_000));
    expect(lines).toBe(10);
    expect(summaries).toEqual([
      { key: 'reader-1', suppressed: 99_995, windowMs: 60_000 },
      { key: 'reader-1', suppressed: 99_995, windowMs: 60_000 },
    ]);
    expect(limiter.drain(20 * 60_000)).toEqual([]);
  });

  it('keeps devices apart, and a quiet device is logged again in its next window', () => {
    const limiter = new RejectLogLimiter({ linesPerWindow: 1, windowMs: 1000 });
    expect(limiter.admit('a', 0)).toEqual({ log: true, summary: null });
    expect(limiter.admit('a', 1)).toEqual({ log: false, summary: null });
    expect(limiter.admit('b', 2)).toEqual({ log: true, summary: null });
    expect(limiter.drain(999)).toEqual([]);
    expect(limiter.admit('a', 1500)).toEqual({
      log: true,
      summary: { key: 'a', suppressed: 1, windowMs: 1000 },
    });
    expect(limiter.drain(5000)).toEqual([]);
  });

  it('many spoofed keys: memory stays bounded, the overflow shares one key', () => {
    const limiter = new RejectLogLimiter({ linesPerWindow: 1, windowMs: 1000, maxKeys: 3 });
    let lines = 0;
    for (let i = 0; i < 1000; i++) if (limiter.admit(`k${i}`, 0).log) lines += 1;
    expect(lines).toBe(4); // 3 keys + the overflow key
    expect(limiter.drain(1000)).toEqual([{ key: REJECT_LOG_OVERFLOW_KEY, suppressed: 996, windowMs: 1000 }]);
  });
});
