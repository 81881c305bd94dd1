import { DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import {
  DeviceAdapter,
  type ActuatorContext,
  type DeviceAddress,
  type FeedbackCommand,
} from '../device-adapter';
import {
  decoded,
  rejected,
  type DecodeResult,
  type DeviceEvent,
  type Outbound,
  type RetainedOutbound,
} from '../device-event';
import type { Payload } from '../payload.util';
import type { TopicRights } from '../topic-rights';
import { encodeAllowlistEnvelope, type AllowlistEnvelope } from './werkbank-allowlist.codec';
import { decodeHealthMessage, encodeUsageAck } from './werkbank-bridge.codec';
import {
  decodeCardMessage,
  decodeStateMessage,
  decodeStatus,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeFeedbackPayload,
  encodeQueryCommand,
} from './werkbank.codec';
import {
  DEFAULT_WERKBANK_PREFIX,
  DEVICE_CHANNELS,
  isWerkbankDeviceId,
  isWerkbankPrefix,
  werkbankDeviceAcl,
  parseWerkbankTopic,
  WERKBANK_PROTOCOL_VERSION,
  werkbankTopic,
} from './werkbank-topics';

export interface WerkbankAdapterConfig {
  /** First topic level(s), default `werkbank`. */
  prefix?: string;
}

/** The project's own protocol (firmware bridge, custom firmware). Address = the device id used in topics. */
export class WerkbankAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.Werkbank;
  readonly optionSchema: readonly DeviceOptionSchema[] = [];
  readonly prefix: string;

  constructor(config: WerkbankAdapterConfig = {}) {
    super();
    this.prefix = config.prefix ?? DEFAULT_WERKBANK_PREFIX;
    if (!isWerkbankPrefix(this.prefix))
      throw new RangeError('werkbank prefix must be a topic without wildcards');
  }

  protected addressProblems(device: DeviceAddress): string[] {
    return isWerkbankDeviceId(device.address)
      ? []
      : ['address must be a device id: 1-64 characters of A-Z a-z 0-9 _ -, starting with a letter or digit'];
  }

  subscriptions(device: DeviceAddress): string[] {
    const base = `${this.prefix}/${WERKBANK_PROTOCOL_VERSION}/${device.address}`;
    return [`${base}/status`, `${base}/state`, `${base}/evt/#`, `${base}/health`];
  }

  topicRights(device: DeviceAddress): TopicRights {
    return werkbankDeviceAcl(this.prefix, device.address);
  }

  override namespaces(): string[] {
    return [`${this.prefix}/#`];
  }

  /** Narrower than `<prefix>/v1/+/#`: the server does not need its own commands echoed back. */
  wildcardSubscriptions(): string[] {
    const base = `${this.prefix}/${WERKBANK_PROTOCOL_VERSION}/+`;
    return [`${base}/status`, `${base}/state`, `${base}/evt/#`, `${base}/health`];
  }

  override coveredByWildcards(): boolean {
    return true;
  }

  matchTopic(topic: string): string | null {
    const parsed = parseWerkbankTopic(this.prefix, topic);
    return parsed !== null && (DEVICE_CHANNELS as readonly string[]).includes(parsed.channel)
      ? parsed.deviceId
      : null;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const parsed = parseWerkbankTopic(this.prefix, topic);
    if (parsed === null || parsed.deviceId !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    switch (parsed.channel) {
      case 'status': {
        const status = decodeStatus(payload);
        return status.ok ? decoded({ kind: 'availability', online: status.value === 'online' }) : status;
      }
      case 'state': {
        const state = decodeStateMessage(payload);
        if (!state.ok) return state;
        const events: DeviceEvent[] = [{ kind: 'relay', on: state.value.on }];
        if (state.value.watts !== null) events.push({ kind: 'power', watts: state.value.watts });
        return decoded(...events);
      }
      case 'evt/card': {
        const card = decodeCardMessage(payload);
        if (!card.ok) return card;
        const { uid, tech, at, msgId, machineId } = card.value;
        const event: DeviceEvent = { kind: 'card', uid, technology: tech, msgId, at };
        return decoded(machineId === undefined ? event : { ...event, machineId });
      }
      case 'evt/usage': {
        const usage = decodeUsageMessage(payload);
        return usage.ok ? decoded({ kind: 'usage', ...usage.value }) : usage;
      }
      case 'health': {
        const health = decodeHealthMessage(payload);
        return health.ok ? decoded({ kind: 'health', health: health.value }) : health;
      }
      default:
        return rejected(`channel ${parsed.channel} is published by the server, not by devices`);
    }
  }

  encodeActuator(device: DeviceAddress, on: boolean, context: ActuatorContext = {}): Outbound[] {
    this.assertValid(device);
    const payload = encodeActuatorCommand({
      on,
      sessionId: context.sessionId ?? null,
      issuedAt: context.issuedAt ?? null,
      ...(context.machineId ? { machineId: context.machineId } : {}),
    });
    return [
      { topic: werkbankTopic(this.prefix, device.address, 'cmd/actuator'), payload, qos: 1, retain: false },
    ];
  }

  encodeFeedback(device: DeviceAddress, feedback: FeedbackCommand): Outbound[] {
    this.assertValid(device);
    const topic = werkbankTopic(this.prefix, device.address, 'cmd/feedback');
    // QoS 0: feedback is only useful while the member stands at the reader.
    return [{ topic, payload: encodeFeedbackPayload(feedback), qos: 0, retain: false }];
  }

  encodeStateQuery(device: DeviceAddress): Outbound[] {
    this.assertValid(device);
    const topic = werkbankTopic(this.prefix, device.address, 'cmd/query');
    return [{ topic, payload: encodeQueryCommand({ query: 'state' }), qos: 1, retain: false }];
  }

  /**
   * The signed allowlist, retained so a bridge gets it on every (re)connect: the full list on `allowlist`, the
   * cumulative revocations since it on `allowlist/delta`.
   */
  encodeAllowlist(
    device: DeviceAddress,
    envelope: AllowlistEnvelope,
    channel: 'allowlist' | 'allowlist/delta' = 'allowlist',
  ): RetainedOutbound {
    this.assertValid(device);
    const topic = werkbankTopic(this.prefix, device.address, channel);
    return { topic, payload: encodeAllowlistEnvelope(envelope), qos: 1, retain: true };
  }

  /** Tells a bridge that the server has stored these evt/usage records: it may drop them from its queue. */
  encodeUsageAck(device: DeviceAddress, msgIds: string[]): Outbound {
    this.assertValid(device);
    const topic = werkbankTopic(this.prefix, device.address, 'cmd/ack');
    return { topic, payload: encodeUsageAck({ msgIds }), qos: 1, retain: false };
  }

  /** Clears the retained allowlist or delta (device decommissioned or its access revoked). */
  clearAllowlist(
    device: DeviceAddress,
    channel: 'allowlist' | 'allowlist/delta' = 'allowlist',
  ): RetainedOutbound {
    this.assertValid(device);
    return {
      topic: werkbankTopic(this.prefix, device.address, channel),
      payload: '',
      qos: 1,
      retain: true,
    };
  }
}
