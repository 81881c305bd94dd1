import { DenyReason } from '@werkbank/contracts';
import { aMachine, aRequest, aSite, aSnapshot, HOUR, MINUTE } from '../testing/access.factory';
import { decide } from './decide';
import { OpeningWindow } from './opening-hours.util';
import { upsertMachine, upsertSite } from './policy-snapshot';

/**
 * Europe/Berlin switches on Sunday 2026-03-29 at 01:00 UTC (02:00 CET → 03:00 CEST, a 23-hour day) and on
 * Sunday 2026-10-25 at 01:00 UTC (03:00 CEST → 02:00 CET, a 25-hour day). Opening hours are wall-clock times;
 * the session limit is the real time until the wall clock shows the closing time.
 */
function decideAt(openingHours: OpeningWindow[], now: number) {
  const snapshot = aSnapshot();
  upsertSite(snapshot, aSite({ openingHours }));
  upsertMachine(snapshot, aMachine({ maxSessionMinutes: null }));
  return decide(snapshot, aRequest(), now);
}

const sunday = (opens: string, closes: string): OpeningWindow[] => [{ weekday: 7, opens, closes }];
const saturdayNight = (opens: string, closes: string): OpeningWindow[] => [{ weekday: 6, opens, closes }];

describe('decide across DST switches (Europe/Berlin)', () => {
  const rows: { name: string; hours: OpeningWindow[]; now: number; expected: object }[] = [
    // Spring forward, 2026-03-29
    {
      name: 'spring: 01:30 CET to a 06:00 close is 3.5 h, not 4.5 h',
      hours: sunday('00:00', '06:00'),
      now: Date.UTC(2026, 2, 29, 0, 30),
      expected: { outcome: 'allowed', maxDurationMs: 3.5 * HOUR, endsAt: Date.UTC(2026, 2, 29, 4, 0) },
    },
    {
      name: 'spring: a window opening at 03:00 opens at the switch',
      hours: sunday('03:00', '05:00'),
      now: Date.UTC(2026, 2, 29, 1, 0),
      expected: { outcome: 'allowed', maxDurationMs: 2 * HOUR },
    },
    {
      name: 'spring: one second before the switch it is 01:59:59 and still closed',
      hours: sunday('03:00', '05:00'),
      now: Date.UTC(2026, 2, 29, 0, 59, 59),
      expected: { outcome: 'denied', reason: DenyReason.OutsideOpeningHours },
    },
    {
      name: 'spring: a close inside the skipped hour (02:30) happens at the switch',
      hours: sunday('00:00', '02:30'),
      now: Date.UTC(2026, 2, 29, 0, 30),
      expected: { outcome: 'allowed', maxDurationMs: 30 * MINUTE, endsAt: Date.UTC(2026, 2, 29, 1, 0) },
    },
    {
      name: 'spring: after the switch the skipped close has passed',
      hours: sunday('00:00', '02:30'),
      now: Date.UTC(2026, 2, 29, 1, 0),
      expected: { outcome: 'denied', reason: DenyReason.OutsideOpeningHours },
    },
    {
      name: 'spring: a late shift Saturday 22:00 – Sunday 04:00 is an hour shorter',
      hours: saturdayNight('22:00', '04:00'),
      now: Date.UTC(2026, 2, 28, 21, 0), // Saturday 22:00 CET
      expected: { outcome: 'allowed', maxDurationMs: 5 * HOUR, endsAt: Date.UTC(2026, 2, 29, 2, 0) },
    },
    {
      name: 'spring: the Sunday is still weekday 7 after the switch',
      hours: sunday('00:00', '24:00'),
      now: Date.UTC(2026, 2, 29, 21, 59),
      expected: { outcome: 'allowed', maxDurationMs: MINUTE },
    },
    // Fall back, 2026-10-25
    {
      name: 'fall: 01:30 CEST to a 06:00 close is 5.5 h, not 4.5 h',
      hours: sunday('00:00', '06:00'),
      now: Date.UTC(2026, 9, 24, 23, 30),
      expected: { outcome: 'allowed', maxDurationMs: 5.5 * HOUR, endsAt: Date.UTC(2026, 9, 25, 5, 0) },
    },
    {
      name: 'fall: a close at the repeated 02:30 is its first occurrence (CEST)',
      hours: sunday('00:00', '02:30'),
      now: Date.UTC(2026, 9, 25, 0, 0),
      expected: { outcome: 'allowed', maxDurationMs: 30 * MINUTE, endsAt: Date.UTC(2026, 9, 25, 0, 30) },
    },
    {
      name: 'fall: 02:45 CEST is past a 02:30 close',
      hours: sunday('00:00', '02:30'),
      now: Date.UTC(2026, 9, 25, 0, 45),
      expected: { outcome: 'denied', reason: DenyReason.OutsideOpeningHours },
    },
    {
      name: 'fall: the wall clock shows 02:10 again in the repeated hour, so the window is open once more',
      hours: sunday('00:00', '02:30'),
      now: Date.UTC(2026, 9, 25, 1, 10),
      expected: { outcome: 'allowed', maxDurationMs: 20 * MINUTE, endsAt: Date.UTC(2026, 9, 25, 1, 30) },
    },
    {
      name: 'fall: a late shift Saturday 22:00 – Sunday 04:00 is an hour longer',
      hours: saturdayNight('22:00', '04:00'),
      now: Date.UTC(2026, 9, 24, 20, 0), // Saturday 22:00 CEST
      expected: { outcome: 'allowed', maxDurationMs: 7 * HOUR, endsAt: Date.UTC(2026, 9, 25, 3, 0) },
    },
    {
      name: 'fall: the 25-hour Sunday ends at 23:00 UTC',
      hours: sunday('00:00', '24:00'),
      now: Date.UTC(2026, 9, 25, 22, 59),
      expected: { outcome: 'allowed', maxDurationMs: MINUTE },
    },
    {
      name: 'fall: Monday has begun at 23:00 UTC',
      hours: sunday('00:00', '24:00'),
      now: Date.UTC(2026, 9, 25, 23, 0),
      expected: { outcome: 'denied', reason: DenyReason.OutsideOpeningHours },
    },
  ];

  it.each(rows)('$name', ({ hours, now, expected }) => {
    expect(decideAt(hours, now)).toMatchObject(expected);
  });

  it('gives the same answers whatever order the instants come in (the caches are transparent)', () => {
    const snapshot = aSnapshot();
    upsertSite(snapshot, aSite({ openingHours: saturdayNight('22:00', '04:00') }));
    upsertMachine(snapshot, aMachine({ maxSessionMinutes: null }));
    const instants = rows.map((row) => row.now);
    const forward = instants.map((now) => decide(snapshot, aRequest(), now));
    const backward = [...instants].reverse().map((now) => decide(snapshot, aRequest(), now));
    expect(backward.reverse()).toEqual(forward);
  });
});
