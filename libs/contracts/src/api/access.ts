import { DenyReason, SessionEndReason, ACCESS_OUTCOMES } from '../access';
import { AgeBand, Gender, MachineState } from '../domain.enums';
import { Count, DateTime, Id, Literals, Nullable, Static, StringEnum, Strict, Type } from './schema';

/**
 * A tap and its decision as `GET /api/access/events` lists it. The member appears by pseudonym only, for every
 * role; an erased member's rows carry a pseudonym stored nowhere else.
 */
export const AccessEventItemSchema = Strict({
  id: Id(),
  at: DateTime(),
  deviceId: Id(),
  msgId: Nullable(
    Type.String({
      description: "The device's own message id (own protocol, bridge replay); null for vendors.",
    }),
  ),
  machineId: Nullable(Id()),
  siteId: Nullable(Id()),
  memberKey: Nullable(Type.String()),
  cardSuffix: Type.String({ description: 'Last four hex digits of the card UID.' }),
  outcome: Literals(ACCESS_OUTCOMES),
  reason: Nullable(StringEnum(DenyReason)),
  sessionId: Nullable(Id()),
});
export type AccessEventItem = Static<typeof AccessEventItemSchema>;

/**
 * One page of access events, newest first. Keyset paging: pass `nextCursor` as `cursor` for the next page;
 * null on the last page. Taps recorded while paging do not shift later pages.
 */
export const AccessEventPageSchema = Strict({
  items: Type.Array(AccessEventItemSchema),
  nextCursor: Nullable(Type.String()),
  limit: Type.Integer({ minimum: 1 }),
});
export type AccessEventPage = Static<typeof AccessEventPageSchema>;

export const UsageSessionSchema = Strict({
  id: Id(),
  machineId: Id(),
  siteId: Id(),
  memberKey: Type.String(),
  memberName: Type.Optional(
    Nullable(
      Type.String({ description: 'Not sent by the server: sessions name members by pseudonym only.' }),
    ),
  ),
  startedAt: DateTime(),
  endsAt: Nullable(DateTime({ description: 'When the maximum duration ends the session.' })),
  endedAt: Nullable(DateTime()),
  endReason: Nullable(StringEnum(SessionEndReason)),
  takeoverOf: Nullable(Id({ description: 'The session this one took the machine over from.' })),
  offline: Type.Boolean({
    description: 'Decided by a firmware bridge from its allowlist while the server was away.',
  }),
  externalId: Nullable(Type.String({ description: "The bridge's own id of an offline session." })),
});
export type UsageSession = Static<typeof UsageSessionSchema>;

export const VisitSchema = Strict({
  id: Id(),
  siteId: Id(),
  deploymentId: Nullable(Id({ description: "The mobile lab's stop; null at the site itself." })),
  memberKey: Nullable(
    Type.String({ description: "The member's pseudonym; null for an anonymous visitor (one person each)." }),
  ),
  at: DateTime(),
  source: Literals(['entrance_tap', 'manual'] as const),
  ageBand: Nullable(StringEnum(AgeBand, { description: 'Self-declared by an anonymous visitor.' })),
  gender: Nullable(StringEnum(Gender, { description: 'Self-declared by an anonymous visitor.' })),
});
export type Visit = Static<typeof VisitSchema>;

export const LivePrintSchema = Strict({
  printing: Type.Boolean({ description: 'Printing, paused or preparing: the power must stay on.' }),
  progress: Nullable(Type.Number({ minimum: 0, maximum: 1 })),
  remainingMinutes: Nullable(Type.Number({ minimum: 0 })),
  jobName: Nullable(Type.String()),
});
export type LivePrint = Static<typeof LivePrintSchema>;

export const LiveSessionSchema = Strict({
  sessionId: Id(),
  machineId: Id(),
  memberKey: Type.String(),
  memberName: Type.Optional(Nullable(Type.String())),
  startedAt: DateTime(),
  endsAt: Nullable(DateTime()),
});
export type LiveSession = Static<typeof LiveSessionSchema>;

export const MachineLiveStateSchema = Strict({
  machineId: Id(),
  siteId: Id(),
  name: Type.String(),
  state: StringEnum(MachineState),
  relayOn: Nullable(Type.Boolean()),
  powerW: Nullable(Type.Number()),
  online: Type.Boolean(),
  session: Nullable(LiveSessionSchema),
  print: Nullable(LivePrintSchema),
  waitingForPrint: Type.Boolean({
    description: 'Power stays on only for a print: the session ended during a print, or a print outlived it.',
  }),
});
export type MachineLiveState = Static<typeof MachineLiveStateSchema>;

/** Counters since the server started: device messages, taps and what the broker refused. */
export const AccessStatsSchema = Strict({
  messages: Count(),
  malformed: Count(),
  unroutable: Count(),
  duplicates: Count(),
  replayed: Count({ description: 'Own-protocol taps whose msgId was seen inside TAP_MAX_AGE_S.' }),
  stale: Count({ description: 'Own-protocol taps whose time is too old or too far ahead.' }),
  taps: Count(),
  allowed: Count(),
  denied: Count(),
  noShows: Count({ description: 'Bookings released because the holder did not come within the grace.' }),
  brokerDenied: Count(),
  brokerOversized: Count(),
  brokerTakeovers: Count({ description: 'Sessions replaced by a new login with the same account.' }),
  brokerTakeoversByAccount: Type.Array(Strict({ username: Type.String(), takeovers: Count() })),
  brokerTlsRefused: Count(),
  socketHandshakeErrors: Count(),
  unhandledRejections: Count(),
  uncaughtExceptions: Count(),
});
export type AccessStats = Static<typeof AccessStatsSchema>;

export const AcceptedSchema = Strict({ accepted: Type.Boolean() });
export type Accepted = Static<typeof AcceptedSchema>;
