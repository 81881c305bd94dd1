import { CardTechnology, DenyReason, SessionEndReason } from '@werkbank/contracts';
import type { FeedbackCommand } from '../device-adapter';
import type { UsageEvent, UsageEventType } from '../device-event';
import { readObject, type FieldReader } from '../field.util';
import { parseJsonObject, payloadText, type Parsed, type Payload } from '../payload.util';
import { isCanonicalUid } from '../uid.util';

/**
 * Message schemas of the own protocol (docs/protocol.md). Every message is a compact JSON object except
 * `status` (plain text). Decoders check field by field and ignore unknown keys (forward compatibility within
 * v1); encoders emit keys in a fixed order. Both sides use this file: the server and the firmware bridge.
 */

export const CARD_TECHNOLOGIES: readonly CardTechnology[] = Object.values(CardTechnology);
export const DENY_REASONS: readonly DenyReason[] = Object.values(DenyReason);
export const SESSION_END_REASONS: readonly SessionEndReason[] = Object.values(SessionEndReason);
export const USAGE_EVENT_TYPES: readonly UsageEventType[] = [
  'session_started',
  'session_ended',
  'access_denied',
];

/** Reader displays show at most 32 characters; leave room for longer languages. */
export const FEEDBACK_TEXT_MAX = 64;

const UID_RULE = 'must be uppercase hex without separators, 4, 5, 7 or 10 bytes';

function uid(r: FieldReader, name: string): string {
  return r.custom(name, isCanonicalUid, UID_RULE);
}

/**
 * A bridge serves several machines over one device id, so its taps, usage events and actuator commands name the
 * machine. Optional: absent means the device's own machine, and the key is only written when set.
 */
function machineOf(r: FieldReader): { machineId?: string } {
  const machineId = r.optionalId('machineId');
  return machineId === null ? {} : { machineId };
}

function withMachine(machineId: string | undefined): { machineId?: string } {
  return machineId === undefined ? {} : { machineId };
}

// ---- status (retained, plain text, last will "offline") ----

export type DeviceStatus = 'online' | 'offline';

export function encodeStatus(status: DeviceStatus): string {
  return status;
}

export function decodeStatus(payload: Payload): Parsed<DeviceStatus> {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  if (text.value === 'online' || text.value === 'offline') return { ok: true, value: text.value };
  return { ok: false, error: 'status must be "online" or "offline"' };
}

// ---- state (retained): the actuator's real output ----

export interface StateMessage {
  on: boolean;
  /** Measured draw in W when the device meters it. */
  watts: number | null;
  at: string | null;
}

export function encodeStateMessage(m: StateMessage): string {
  return JSON.stringify({ on: m.on, watts: m.watts, at: m.at });
}

export function decodeStateMessage(payload: Payload): Parsed<StateMessage> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({
    on: r.boolean('on'),
    watts: r.optionalNumber('watts', 0, 1_000_000),
    at: r.optionalTimestamp('at'),
  }));
}

// ---- evt/card ----

export interface CardMessage {
  uid: string;
  tech: CardTechnology | null;
  /** Device clock; null without a synchronised clock. */
  at: string | null;
  msgId: string;
  /** Bridges: the machine whose reader saw the card. */
  machineId?: string;
}

export function encodeCardMessage(m: CardMessage): string {
  return JSON.stringify({ uid: m.uid, tech: m.tech, at: m.at, msgId: m.msgId, ...withMachine(m.machineId) });
}

export function decodeCardMessage(payload: Payload): Parsed<CardMessage> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({
    uid: uid(r, 'uid'),
    tech: r.optionalOneOf('tech', CARD_TECHNOLOGIES),
    at: r.optionalTimestamp('at'),
    msgId: r.id('msgId'),
    ...machineOf(r),
  }));
}

// ---- evt/usage ----

/** The wire form of a usage event: the internal UsageEvent without `kind`. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type UsageMessage = DistributiveOmit<UsageEvent, 'kind'>;

export function encodeUsageMessage(m: UsageMessage): string {
  const head = { type: m.type, msgId: m.msgId, seq: m.seq, at: m.at, ...withMachine(m.machineId) };
  switch (m.type) {
    case 'session_started':
      return JSON.stringify({
        ...head,
        sessionId: m.sessionId,
        uid: m.uid,
        allowlistVersion: m.allowlistVersion,
      });
    case 'session_ended':
      return JSON.stringify({ ...head, sessionId: m.sessionId, endReason: m.endReason });
    case 'access_denied':
      return JSON.stringify({ ...head, uid: m.uid, reason: m.reason, allowlistVersion: m.allowlistVersion });
  }
}

export function decodeUsageMessage(payload: Payload): Parsed<UsageMessage> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r): UsageMessage => {
    const type = r.oneOf('type', USAGE_EVENT_TYPES);
    const head = { msgId: r.id('msgId'), seq: r.counter('seq'), at: r.timestamp('at'), ...machineOf(r) };
    switch (type) {
      case 'session_ended':
        return {
          type,
          ...head,
          sessionId: r.id('sessionId'),
          endReason: r.oneOf('endReason', SESSION_END_REASONS),
        };
      case 'access_denied':
        return {
          type,
          ...head,
          uid: uid(r, 'uid'),
          reason: r.oneOf('reason', DENY_REASONS),
          allowlistVersion: r.optionalCounter('allowlistVersion'),
        };
      default:
        // session_started, or an invalid type (already recorded as the problem).
        return {
          type: 'session_started',
          ...head,
          sessionId: r.id('sessionId'),
          uid: uid(r, 'uid'),
          allowlistVersion: r.optionalCounter('allowlistVersion'),
        };
    }
  });
}

// ---- cmd/feedback ----

export function encodeFeedbackPayload(f: FeedbackCommand): string {
  return JSON.stringify({ result: f.result, reason: f.reason, text: f.text.slice(0, FEEDBACK_TEXT_MAX) });
}

export function decodeFeedbackPayload(payload: Payload): Parsed<FeedbackCommand> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const result = readObject(parsed.value, (r) => ({
    result: r.oneOf('result', ['allowed', 'denied'] as const),
    reason: r.optionalOneOf('reason', DENY_REASONS),
    text: r.text('text', FEEDBACK_TEXT_MAX),
  }));
  if (result.ok && result.value.result === 'allowed' && result.value.reason !== null) {
    return { ok: false, error: 'reason: must be null when result is allowed' };
  }
  return result;
}

// ---- cmd/actuator ----

export interface ActuatorCommand {
  on: boolean;
  sessionId: string | null;
  /** Server clock when issued; a device with a clock drops commands older than 10 s (late QoS 1 redelivery). */
  issuedAt: string | null;
  /** To a bridge: which machine's relay (the machine of the tap it answers). */
  machineId?: string;
}

export function encodeActuatorCommand(c: ActuatorCommand): string {
  return JSON.stringify({
    on: c.on,
    sessionId: c.sessionId,
    issuedAt: c.issuedAt,
    ...withMachine(c.machineId),
  });
}

export function decodeActuatorCommand(payload: Payload): Parsed<ActuatorCommand> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({
    on: r.boolean('on'),
    sessionId: r.optionalId('sessionId'),
    issuedAt: r.optionalTimestamp('issuedAt'),
    ...machineOf(r),
  }));
}

// ---- cmd/query ----

export type QueryCommand = { query: 'state' };

export function encodeQueryCommand(c: QueryCommand): string {
  return JSON.stringify({ query: c.query });
}

export function decodeQueryCommand(payload: Payload): Parsed<QueryCommand> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({ query: r.oneOf('query', ['state'] as const) }));
}
