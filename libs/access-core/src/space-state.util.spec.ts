import { createEmptySnapshot, setStaffPresent, upsertSite } from './policy-snapshot';
import { spaceState } from './space-state.util';

const SITE = '00000000-0000-4000-8000-000000000001';

function site(openingHours: { weekday: number; opens: string; closes: string }[], present: string[] = []) {
  const snapshot = createEmptySnapshot();
  upsertSite(snapshot, { siteId: SITE, timezone: 'Europe/Berlin', openingHours, staffPresent: present });
  return { snapshot, entry: () => snapshot.sites.get(SITE)! };
}

// Wednesday 2025-03-05, Berlin is UTC+1.
const wed = (hhmm: string) => Date.parse(`2025-03-05T${hhmm}:00+01:00`);

describe('spaceState', () => {
  const hours = [{ weekday: 3, opens: '10:00', closes: '18:00' }];

  it('is open only within the hours and with staff present', () => {
    const s = site(hours, ['staff-1']);
    expect(spaceState(s.entry(), wed('12:00'))).toMatchObject({ open: true, withinHours: true });
    expect(spaceState(s.entry(), wed('09:59'))).toMatchObject({ open: false, withinHours: false });
    expect(spaceState(s.entry(), wed('18:00'))).toMatchObject({ open: false, withinHours: false });
    setStaffPresent(s.snapshot, SITE, 'staff-1', false);
    expect(spaceState(s.entry(), wed('12:00'))).toMatchObject({
      open: false,
      withinHours: true,
      staffPresent: false,
    });
  });

  it('names when the hours last switched', () => {
    const s = site(hours, ['staff-1']);
    expect(spaceState(s.entry(), wed('12:34')).hoursChangedAt).toBe(wed('10:00'));
    expect(spaceState(s.entry(), wed('20:00')).hoursChangedAt).toBe(wed('18:00'));
    // Tuesday evening: closed since last Wednesday 18:00.
    expect(spaceState(s.entry(), Date.parse('2025-03-04T20:00:00+01:00')).hoursChangedAt).toBe(
      Date.parse('2025-02-26T18:00:00+01:00'),
    );
  });

  it('without opening hours follows the staff alone', () => {
    const s = site([]);
    expect(spaceState(s.entry(), wed('03:00'))).toEqual({
      open: false,
      withinHours: true,
      staffPresent: false,
      hoursChangedAt: null,
    });
    setStaffPresent(s.snapshot, SITE, 'x', true);
    expect(spaceState(s.entry(), wed('03:00')).open).toBe(true);
  });
});
