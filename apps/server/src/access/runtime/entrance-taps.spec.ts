import { AuditAction, DenyReason } from '@werkbank/contracts';
import { VisitEntity } from '@werkbank/persistence';
import {
  type RuntimeHarness,
  runtimeHarness,
  settle,
  STAFF_UID,
  TRAINED_UID,
  UNTRAINED_UID,
} from './testing/runtime-harness';

const HOUR = 3600_000;
const visits = (h: RuntimeHarness) => h.recorded().filter((e) => e.t === 'visit');

describe('EntranceTaps', () => {
  it('one visit per member, site and local day; the reader says so', async () => {
    const h = await runtimeHarness({ TAP_DEBOUNCE_MS: 1000 });
    h.tapAt('door', TRAINED_UID);
    h.clock.advance(HOUR);
    h.tapAt('door', TRAINED_UID);
    h.tapAt('door', UNTRAINED_UID); // a machine training is not needed to come in
    expect(visits(h).map((v) => v.t === 'visit' && v.row.memberKey)).toEqual(['key-1', 'key-2']);
    await settle();
    expect(h.sink.taps.map((t) => t.event.outcome)).toEqual(['allowed', 'allowed', 'allowed']);
    h.clock.advance(24 * HOUR);
    h.tapAt('door', TRAINED_UID);
    expect(visits(h)).toHaveLength(3);
  });

  it('a visit before a restart still counts: the same day brings no second one', async () => {
    const h = await runtimeHarness();
    h.activity.visits = [
      Object.assign(new VisitEntity(), {
        siteId: 'site-1',
        memberKey: 'key-1',
        at: new Date(h.clock.t - HOUR),
      }),
    ];
    await h.entrance.restore(h.clock.t);
    h.tapAt('door', TRAINED_UID);
    expect(visits(h)).toEqual([]);
  });

  it('a member checked in at the front desk: the reader counts no second visit that day', async () => {
    const h = await runtimeHarness();
    h.entrance.noteCheckIn('site-1', 'key-1', h.clock.t);
    h.tapAt('door', TRAINED_UID);
    expect(visits(h)).toEqual([]);
  });

  it('anonymous and deployment visits before a restart do not stand for the member at the reader', async () => {
    const h = await runtimeHarness();
    h.activity.visits = [
      Object.assign(new VisitEntity(), { siteId: 'site-1', memberKey: null, at: new Date(h.clock.t - HOUR) }),
      Object.assign(new VisitEntity(), {
        siteId: 'site-1',
        deploymentId: 'stop-1',
        memberKey: 'key-1',
        at: new Date(h.clock.t - HOUR),
      }),
    ];
    await h.entrance.restore(h.clock.t);
    h.tapAt('door', TRAINED_UID);
    expect(visits(h)).toHaveLength(1);
  });

  it('a staff member toggles presence (journaled, audited after the reply) instead of a visit', async () => {
    const h = await runtimeHarness({ TAP_DEBOUNCE_MS: 1000 });
    h.tapAt('door', STAFF_UID);
    expect(h.presence.isPresent('site-1', 'staff-3')).toBe(true);
    expect(h.state.snapshot.sites.get('site-1')?.staffPresent.has('member-3')).toBe(true);
    h.clock.advance(2 * HOUR);
    h.tapAt('door', STAFF_UID);
    expect(h.presence.isPresent('site-1', 'staff-3')).toBe(false);
    expect(h.recorded().map((e) => e.t)).toEqual(['presence_start', 'presence_end']);
    await settle();
    expect(h.audits.map((a) => a[1])).toEqual([AuditAction.CheckIn, AuditAction.CheckOut]);
  });

  it('a card that may not come in is denied with the reason and counts no visit', async () => {
    const h = await runtimeHarness();
    h.tapAt('door', 'FFFFFFFF');
    expect(visits(h)).toEqual([]);
    await settle();
    expect(h.sink.taps[0].event).toMatchObject({ outcome: 'denied', reason: DenyReason.UnknownCard });
  });
});

describe('StaffPresence', () => {
  it('front desk marks present and away; an inactive account cannot be marked present', async () => {
    const h = await runtimeHarness();
    expect(h.presence.set('site-1', 'staff-3', true)).toBe(true);
    expect(h.presence.set('site-1', 'staff-3', true)).toBe(false);
    expect(
      h.presence
        .list('site-1')
        .map((p) => p.staffId)
        .sort(),
    ).toEqual(['staff-1', 'staff-3']);
    expect(() => h.presence.set('site-1', 'nobody', true)).toThrow('no such active staff account');
    expect(() => h.presence.set('no-site', 'staff-3', true)).toThrow('Site');
  });

  it('a deactivated account leaves every site at once (journaled)', async () => {
    const h = await runtimeHarness();
    await h.presence.load(
      new Map([
        ['staff-1', 'staff-1'],
        ['staff-3', 'member-3'],
      ]),
    );
    h.presence.set('site-1', 'staff-3', true);
    h.staffAccounts[1].active = false;
    await h.presence.reload();
    expect(h.presence.isPresent('site-1', 'staff-3')).toBe(false);
    expect(h.recorded().map((e) => e.t)).toEqual(['presence_start', 'presence_end']);
  });
});
