import fc from 'fast-check';
import { DenyReason, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import { buildSnapshot, instant, requestArb, worldArb } from '../testing/access.arbitraries';
import { AccessDecision, decide } from './decide';
import { setCardBlocked } from './policy-snapshot';

const REASONS = new Set<string>(Object.values(DenyReason));
const LEVELS = new Set<string>(Object.values(QualificationLevel));
const KEYS: Record<AccessDecision['outcome'], string[]> = {
  allowed: [
    'bookingId',
    'cappedByBooking',
    'endsAt',
    'level',
    'maxDurationMs',
    'memberId',
    'memberKey',
    'outcome',
    'takeoverOfSessionId',
  ],
  denied: ['memberId', 'memberKey', 'outcome', 'reason'],
  tap_out: ['memberId', 'memberKey', 'outcome', 'sessionId'],
};

const scenario = worldArb.chain((world) =>
  fc.record({ world: fc.constant(world), request: requestArb(world), now: instant }),
);

describe('decide properties', () => {
  it('(c) returns exactly one well-formed outcome; a denial carries a reason from the enum', () => {
    fc.assert(
      fc.property(scenario, ({ world, request, now }) => {
        const snapshot = buildSnapshot(world);
        const decision = decide(snapshot, request, now);
        expect(Object.keys(KEYS)).toContain(decision.outcome);
        expect(Object.keys(decision).sort()).toEqual(KEYS[decision.outcome]);
        const member = snapshot.members.get(snapshot.cards.get(request.uidHash)?.memberId ?? '');
        switch (decision.outcome) {
          case 'denied':
            expect(REASONS.has(decision.reason)).toBe(true);
            // Identity is disclosed only once the card resolved to a member, and then consistently.
            expect(decision.memberKey).toBe(decision.memberId === null ? null : member?.memberKey);
            break;
          case 'allowed':
            expect(decision.maxDurationMs).toBeGreaterThan(0);
            expect(Number.isFinite(decision.maxDurationMs)).toBe(true);
            expect(decision.endsAt).toBe(now + decision.maxDurationMs);
            expect(decision.level === null || LEVELS.has(decision.level)).toBe(true);
            expect(decision.memberKey).toBe(member?.memberKey);
            expect(decision.takeoverOfSessionId).toBe(
              snapshot.activeSessions.get(request.machineId)?.sessionId ?? null,
            );
            break;
          case 'tap_out':
            expect(snapshot.activeSessions.get(request.machineId)).toMatchObject({
              sessionId: decision.sessionId,
              memberId: member?.memberId,
            });
            break;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('(d) blocking a card makes the next decision CARD_BLOCKED; unblocking restores the previous one', () => {
    fc.assert(
      fc.property(scenario, ({ world, request, now }) => {
        const snapshot = buildSnapshot(world);
        const machine = snapshot.machines.get(request.machineId);
        const card = snapshot.cards.get(request.uidHash);
        // Only the machine and card checks run before the block check.
        fc.pre(machine !== undefined && snapshot.sites.has(machine.siteId));
        fc.pre(card !== undefined && !card.blocked && snapshot.members.has(card.memberId));
        const before = decide(snapshot, request, now);

        setCardBlocked(snapshot, request.uidHash, true);
        expect(decide(snapshot, request, now)).toMatchObject({
          outcome: 'denied',
          reason: DenyReason.CardBlocked,
        });

        setCardBlocked(snapshot, request.uidHash, false);
        expect(decide(snapshot, request, now)).toEqual(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('decides the same with warm or cold time-zone caches, in any order of instants', () => {
    fc.assert(
      fc.property(scenario, fc.array(instant, { maxLength: 8 }), ({ world, request, now }, others) => {
        const cold = decide(buildSnapshot(world), request, now);
        const warm = buildSnapshot(world);
        for (const other of others) decide(warm, request, other);
        expect(decide(warm, request, now)).toEqual(cold);
      }),
      { numRuns: 500 },
    );
  });

  it('denies every tap of a suspended member', () => {
    fc.assert(
      fc.property(scenario, ({ world, request, now }) => {
        const suspended = {
          ...world,
          members: world.members.map((m) => ({ ...m, status: MemberStatus.Suspended })),
        };
        const decision = decide(buildSnapshot(suspended), request, now);
        expect(decision.outcome).toBe('denied');
      }),
      { numRuns: 500 },
    );
  });
});
