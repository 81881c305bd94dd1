import { DenyReason, MemberStatus } from '@werkbank/contracts';
import { aCard, aMember, aSnapshot, DAY, WED_10_BERLIN } from '../testing/access.factory';
import { DailyVisits, decideEntrance } from './entrance';
import { removeSite, setCardBlocked, upsertCard, upsertMember } from './policy-snapshot';
import { localDateOf } from './site-clock.util';

const at = { uidHash: 'uid-1', siteId: 'site-1' };

describe('decideEntrance', () => {
  it('greets a member in good standing at an existing site', () => {
    expect(decideEntrance(aSnapshot(), at, WED_10_BERLIN)).toMatchObject({
      outcome: 'allowed',
      member: { memberId: 'member-1' },
      site: { siteId: 'site-1' },
    });
  });

  it.each([
    [
      'a guest whose pass ended yesterday',
      { guestValidUntil: WED_10_BERLIN - DAY },
      DenyReason.GuestPassExpired,
    ],
    [
      'a guest whose pass starts tomorrow',
      { guestValidFrom: WED_10_BERLIN + DAY },
      DenyReason.GuestPassExpired,
    ],
  ])('%s: denied with the reason', (_who, pass, reason) => {
    const snapshot = aSnapshot();
    upsertMember(snapshot, aMember({ status: MemberStatus.Guest, ...pass }));
    expect(decideEntrance(snapshot, at, WED_10_BERLIN)).toMatchObject({
      outcome: 'denied',
      reason,
      member: { memberId: 'member-1' },
    });
  });

  it('a suspended member, a blocked card, an unknown card: denied with the reason', () => {
    const snapshot = aSnapshot();
    upsertMember(
      snapshot,
      aMember({ memberId: 'member-2', memberKey: 'key-2', status: MemberStatus.Suspended }),
    );
    expect(decideEntrance(snapshot, { ...at, uidHash: 'uid-2' }, WED_10_BERLIN)).toMatchObject({
      reason: DenyReason.MemberSuspended,
    });
    setCardBlocked(snapshot, 'uid-1', true);
    expect(decideEntrance(snapshot, at, WED_10_BERLIN)).toMatchObject({ reason: DenyReason.CardBlocked });
    upsertCard(snapshot, aCard({ uidHash: 'uid-9', cardId: 'card-9', memberId: 'nobody' }));
    expect(decideEntrance(snapshot, { ...at, uidHash: 'uid-9' }, WED_10_BERLIN)).toMatchObject({
      reason: DenyReason.UnknownCard,
      member: null,
    });
  });

  it('the entrance reader of a deleted site greets nobody', () => {
    const snapshot = aSnapshot();
    removeSite(snapshot, 'site-1');
    expect(decideEntrance(snapshot, at, WED_10_BERLIN)).toMatchObject({ outcome: 'denied', member: null });
  });
});

describe('DailyVisits', () => {
  it('a member tapping again the same local day is not a new visit; the next day is', () => {
    const visits = new DailyVisits();
    expect(visits.checkIn('site-1', 'key-1', '2026-03-10')).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', '2026-03-10')).toBe(false);
    expect(visits.checkIn('site-1', 'key-2', '2026-03-10')).toBe(true);
    expect(visits.checkIn('site-2', 'key-1', '2026-03-10')).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', '2026-03-11')).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', '2026-03-10')).toBe(false); // the clock went back: still today
  });

  it('days are the lab’s local days: 23:30 and 00:30 in Berlin are two days, though both are 10 March in UTC', () => {
    const visits = new DailyVisits();
    const day = (iso: string) => localDateOf(Date.parse(iso), 'Europe/Berlin');
    expect(visits.checkIn('site-1', 'key-1', day('2026-03-09T22:30:00Z'))).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', day('2026-03-10T22:30:00Z'))).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', day('2026-03-10T23:30:00Z'))).toBe(true);
    expect(visits.checkIn('site-1', 'key-1', day('2026-03-11T22:59:00Z'))).toBe(false);
  });
});
