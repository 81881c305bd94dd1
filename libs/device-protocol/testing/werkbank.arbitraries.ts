/** fast-check arbitraries for own-protocol messages (test-only, imported by specs). */
import fc from 'fast-check';
import {
  CardTechnology,
  DenyReason,
  MachineState,
  MemberStatus,
  QualificationLevel,
  SessionEndReason,
} from '@werkbank/contracts';
import type { FeedbackCommand } from '../src/device-adapter';
import type {
  AllowlistBody,
  AllowlistDeltaBody,
  AllowlistFullBody,
} from '../src/werkbank/werkbank-allowlist.codec';
import type {
  ActuatorCommand,
  CardMessage,
  StateMessage,
  UsageMessage,
} from '../src/werkbank/werkbank.codec';

export const idArb = fc.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/);
export const deviceIdArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);
export const uidArb = fc
  .constantFrom(4, 5, 7, 10)
  .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
  .map((b) => Buffer.from(b).toString('hex').toUpperCase());
export const timestampArb = fc.oneof(
  fc
    .date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom('2025-03-30T02:30:00+02:00', '2024-10-27T02:15:00-05:00', '2021-01-23T13:10:50Z'),
);
const techArb = fc.option(fc.constantFrom(...Object.values(CardTechnology)), { nil: null });

export const cardMessageArb: fc.Arbitrary<CardMessage> = fc.record({
  uid: uidArb,
  tech: techArb,
  at: fc.option(timestampArb, { nil: null }),
  msgId: idArb,
});

export const usageMessageArb: fc.Arbitrary<UsageMessage> = fc.oneof(
  fc.record({
    type: fc.constant('session_started' as const),
    msgId: idArb,
    seq: fc.nat(),
    at: timestampArb,
    sessionId: idArb,
    uid: uidArb,
    allowlistVersion: fc.option(fc.nat(), { nil: null }),
  }),
  fc.record({
    type: fc.constant('session_ended' as const),
    msgId: idArb,
    seq: fc.nat(),
    at: timestampArb,
    sessionId: idArb,
    endReason: fc.constantFrom(...Object.values(SessionEndReason)),
  }),
  fc.record({
    type: fc.constant('access_denied' as const),
    msgId: idArb,
    seq: fc.nat(),
    at: timestampArb,
    uid: uidArb,
    reason: fc.constantFrom(...Object.values(DenyReason)),
    allowlistVersion: fc.option(fc.nat(), { nil: null }),
  }),
);

export const feedbackArb: fc.Arbitrary<FeedbackCommand> = fc.oneof(
  fc.record({
    result: fc.constant('allowed' as const),
    reason: fc.constant(null),
    text: fc.string({ maxLength: 64 }),
  }),
  fc.record({
    result: fc.constant('denied' as const),
    reason: fc.option(fc.constantFrom(...Object.values(DenyReason)), { nil: null }),
    text: fc.string({ maxLength: 64 }),
  }),
);

export const actuatorArb: fc.Arbitrary<ActuatorCommand> = fc.record({
  on: fc.boolean(),
  sessionId: fc.option(idArb, { nil: null }),
  issuedAt: fc.option(timestampArb, { nil: null }),
});

export const stateArb: fc.Arbitrary<StateMessage> = fc.record({
  on: fc.boolean(),
  watts: fc.option(fc.double({ min: 0, max: 100_000, noNaN: true }), { nil: null }),
  at: fc.option(timestampArb, { nil: null }),
});

const hashArb = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const siteIdArb = fc.constantFrom('site-a', 'site-b');
const qualificationIdArb = fc.constantFrom('q-laser', 'q-cnc', 'q-basic');
const memberKeyArb = fc.constantFrom('mk-1', 'mk-2', 'mk-3', 'mk-4');
const hourArb = fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, '0')}:00`);

const fullArb: fc.Arbitrary<AllowlistFullBody> = fc
  .record({
    bridgeId: deviceIdArb,
    version: fc.nat(),
    zone: fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York'),
    windows: fc.array(
      fc.record({ weekday: fc.integer({ min: 1, max: 7 }), opens: hourArb, closes: hourArb }),
      { maxLength: 4 },
    ),
    qualifications: fc.uniqueArray(qualificationIdArb, { maxLength: 3 }),
    machines: fc.uniqueArray(
      fc.record({
        machineId: idArb,
        siteId: siteIdArb,
        state: fc.constantFrom(...Object.values(MachineState)),
        needsSupervision: fc.boolean(),
        minimumAge: fc.option(fc.integer({ min: 0, max: 21 }), { nil: null }),
        maxSessionMinutes: fc.option(fc.integer({ min: 1, max: 600 }), { nil: null }),
        allowTakeover: fc.boolean(),
        bookings: fc.array(fc.record({ bookingId: idArb, memberKey: memberKeyArb, claimed: fc.boolean() }), {
          maxLength: 2,
        }),
      }),
      { maxLength: 4, selector: (m) => m.machineId },
    ),
    members: fc.uniqueArray(
      fc.record({
        memberKey: memberKeyArb,
        status: fc.constantFrom(...Object.values(MemberStatus)),
        guestValidFrom: fc.option(timestampArb, { nil: null }),
        guestValidUntil: fc.option(timestampArb, { nil: null }),
        isMinor: fc.boolean(),
        guardianConsent: fc.boolean(),
        birthDate: fc.option(fc.constantFrom('2010-02-28', '1990-12-31', '2008-06-15'), { nil: null }),
        grants: fc.uniqueArray(
          fc.record({
            qualificationId: qualificationIdArb,
            level: fc.constantFrom(...Object.values(QualificationLevel)),
            expiresAt: fc.option(timestampArb, { nil: null }),
          }),
          { maxLength: 3, selector: (g) => g.qualificationId },
        ),
      }),
      { maxLength: 4, selector: (m) => m.memberKey },
    ),
    cardHashes: fc.uniqueArray(hashArb, { maxLength: 6 }),
    blocked: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map((r) => ({
    kind: 'full' as const,
    bridgeId: r.bridgeId,
    version: r.version,
    issuedAt: '2025-01-01T00:00:00.000Z',
    expiresAt: '2025-01-08T00:00:00.000Z',
    sites: ['site-a', 'site-b'].map((siteId) => ({ siteId, timezone: r.zone, openingHours: r.windows })),
    qualifications: r.qualifications.map((qualificationId, i) => ({
      qualificationId,
      machineTypeId: `type-${i % 2}`,
      prerequisiteIds: i === 2 ? ['q-basic'] : [],
    })),
    machines: r.machines.map((m, i) => ({
      ...m,
      machineTypeId: `type-${i % 2}`,
      bookings: m.bookings.map((b, j) => ({
        bookingId: `bk-${i}-${j}`,
        memberKey: b.memberKey,
        startsAt: `2025-01-0${2 + j}T10:00:00.000Z`,
        endsAt: `2025-01-0${2 + j}T12:00:00.000Z`,
        claimedAt: b.claimed ? `2025-01-0${2 + j}T10:05:00.000Z` : null,
      })),
    })),
    members: r.members,
    cards:
      r.members.length === 0
        ? []
        : r.cardHashes.map((offlineHash, i) => ({
            offlineHash,
            memberKey: r.members[i % r.members.length].memberKey,
            blocked: r.blocked[i],
          })),
  }));

const deltaArb: fc.Arbitrary<AllowlistDeltaBody> = fc
  .record({
    bridgeId: deviceIdArb,
    baseVersion: fc.nat({ max: 1_000_000 }),
    step: fc.integer({ min: 1, max: 1000 }),
    revokedCards: fc.array(hashArb, { maxLength: 5 }),
    suspendedMembers: fc.array(idArb, { maxLength: 5 }),
    machinesOutOfService: fc.array(idArb, { maxLength: 3 }),
    revokedGrants: fc.array(fc.record({ memberKey: idArb, qualificationId: idArb }), { maxLength: 3 }),
  })
  .map(({ step, ...r }) => ({
    kind: 'delta' as const,
    ...r,
    version: r.baseVersion + step,
    issuedAt: '2025-01-02T00:00:00.000Z',
    expiresAt: '2025-01-08T00:00:00.000Z',
  }));

export const allowlistFullArb = fullArb;
export const allowlistDeltaArb = deltaArb;
export const allowlistBodyArb: fc.Arbitrary<AllowlistBody> = fc.oneof(fullArb, deltaArb);
