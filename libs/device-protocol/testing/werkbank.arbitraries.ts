/** fast-check arbitraries for own-protocol messages (test-only, imported by specs). */
import fc from 'fast-check';
import { CardTechnology, DenyReason, SessionEndReason } from '@werkbank/contracts';
import type { FeedbackCommand } from '../src/device-adapter';
import type { AllowlistBody } from '../src/werkbank/werkbank-allowlist.codec';
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

export const allowlistBodyArb: fc.Arbitrary<AllowlistBody> = fc.record({
  deviceId: deviceIdArb,
  version: fc.nat(),
  issuedAt: fc.constant('2025-01-01T00:00:00.000Z'),
  expiresAt: fc.constant('2025-01-08T00:00:00.000Z'),
  salt: fc.uint8Array({ minLength: 16, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
  entries: fc.array(
    fc.record({
      uidHash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
      memberKey: idArb,
      validUntil: fc.option(timestampArb, { nil: null }),
    }),
    { maxLength: 20 },
  ),
});
