import { createSiteClock } from './site-clock.util';
import { DEVICE_CLOCK_PLAUSIBLE_MS, deviceTapTime, isRepeatedRead } from './tap-time';

const berlin = createSiteClock('Europe/Berlin');
const NOW = Date.parse('2026-03-10T23:30:00Z'); // 00:30 on 11 March in Berlin

describe('deviceTapTime', () => {
  it('reads a zoned time as it says, and a local one in the lab’s zone (around midnight in Berlin)', () => {
    expect(deviceTapTime('2026-03-11T00:29:58+01:00', undefined, berlin, NOW)).toBe(NOW - 2000);
    expect(deviceTapTime(null, '2026-03-11T00:29:58', berlin, NOW)).toBe(NOW - 2000);
    // Read as UTC it would be an hour off: the debounce would compare the wrong instants.
    expect(deviceTapTime(null, '2026-03-10T23:29:58', berlin, NOW)).toBe(NOW - 2000 - 3600_000);
  });

  it('a reader whose clock is far off (never set, dead battery): no device time, the arrival time decides', () => {
    expect(deviceTapTime(null, '1970-01-01T00:00:42', berlin, NOW)).toBeNull();
    expect(deviceTapTime('2027-03-11T00:30:00+01:00', undefined, berlin, NOW)).toBeNull();
    expect(deviceTapTime(null, '2026-03-12T00:30:01', berlin, NOW)).toBeNull();
    expect(deviceTapTime(null, '2026-03-12T00:29:59', berlin, NOW)).toBe(
      NOW + DEVICE_CLOCK_PLAUSIBLE_MS - 1000,
    );
    expect(deviceTapTime(null, undefined, berlin, NOW)).toBeNull();
    expect(deviceTapTime('not a time', undefined, berlin, NOW)).toBeNull();
  });
});

describe('isRepeatedRead', () => {
  const read = (uid: string, receivedAt: number, deviceAt: number | null) => ({ uid, receivedAt, deviceAt });

  it('a held card: the same UID within the window is a repeat, by arrival time without device times', () => {
    expect(isRepeatedRead(read('A', 1000, null), 'A', 2500, null, 2000)).toBe(true);
    expect(isRepeatedRead(read('A', 1000, null), 'A', 3000, null, 2000)).toBe(false);
    expect(isRepeatedRead(read('A', 1000, null), 'B', 1001, null, 2000)).toBe(false);
    expect(isRepeatedRead(undefined, 'A', 1000, null, 2000)).toBe(false);
  });

  it('taps queued during a broker outage arrive bunched: apart by their device times, they are two taps', () => {
    const tapIn = read('A', NOW, NOW - 20 * 60_000);
    expect(isRepeatedRead(tapIn, 'A', NOW + 5, NOW - 10 * 60_000, 2000)).toBe(false);
    expect(isRepeatedRead(tapIn, 'A', NOW + 5, NOW - 20 * 60_000 + 1000, 2000)).toBe(true);
    // One of the two without a device time: arrival times decide.
    expect(isRepeatedRead(read('A', NOW, null), 'A', NOW + 5, NOW - 10 * 60_000, 2000)).toBe(true);
  });
});
