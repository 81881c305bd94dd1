import { DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress } from '../device-adapter';
import { decoded, rejected, type DecodeResult, type Outbound } from '../device-event';
import type { Payload } from '../payload.util';
import { isTopicLevel, isTopicPart, middleOf } from '../topic.util';
import type { TopicRights } from '../topic-rights';
import { decodeShellyOnline } from './shelly.codec';
import {
  decodeShellyGen2Notification,
  decodeShellyGen2Reply,
  decodeShellyGen2SwitchStatus,
  encodeShellyRpc,
  SHELLY_RPC_ID,
  switchKey,
} from './shelly-gen2.codec';

export const DEFAULT_SHELLY_RPC_CLIENT_ID = 'werkbank-server';

export interface ShellyGen2Config {
  /** First topic level of our RPC `src`; replies come back on `<clientId>/<prefix>/rpc`. */
  rpcClientId?: string;
}

type Gen2Topic =
  | { prefix: string; kind: 'events' }
  | { prefix: string; kind: 'status'; switchId: string }
  | { prefix: string; kind: 'online' }
  | { prefix: string; kind: 'reply' };

const STATUS_SWITCH = /\/status\/switch:(\d+)$/;

export const SHELLY_GEN2_OPTIONS: readonly DeviceOptionSchema[] = [
  {
    key: 'switchId',
    kind: 'integer',
    default: '0',
    min: 0,
    max: 999,
    labelKey: 'devices.optionField.shelly_gen2.switchId',
    hintKey: 'devices.optionField.shelly_gen2.switchIdHint',
  },
];

/**
 * Address: the device's MQTT topic prefix (default the device id, e.g. `shellyplus1pm-a8032abe2f18`).
 * Options:
 *   switchId  switch component id, default `0`
 *
 * Our `src` is `<rpcClientId>/<prefix>`, so each device replies under its own topic
 * `<rpcClientId>/<prefix>/rpc`: routable in O(1) and easy to confine with broker ACLs. (⚠ `src` with `/` is
 * used in the wild, e.g. `homeassistant/shellies/<id>`; verify on new firmware.)
 */
export class ShellyGen2Adapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.ShellyGen2;
  readonly optionSchema = SHELLY_GEN2_OPTIONS;
  readonly rpcClientId: string;

  constructor(config: ShellyGen2Config = {}) {
    super();
    this.rpcClientId = config.rpcClientId ?? DEFAULT_SHELLY_RPC_CLIENT_ID;
    if (!isTopicLevel(this.rpcClientId)) throw new RangeError('rpcClientId must be one topic level');
  }

  private switchOf(device: DeviceAddress): string {
    return option(device, 'switchId') ?? '0';
  }

  private parse(topic: string): Gen2Topic | null {
    const reply = middleOf(topic, this.rpcClientId, 'rpc');
    if (reply !== null && !reply.endsWith('/events')) return { prefix: reply, kind: 'reply' };
    const events = middleOf(topic, '', 'events/rpc');
    if (events !== null) return { prefix: events, kind: 'events' };
    const status = STATUS_SWITCH.exec(topic);
    if (status !== null && status.index > 0) {
      return { prefix: topic.slice(0, status.index), kind: 'status', switchId: status[1] as string };
    }
    const online = middleOf(topic, '', 'online');
    if (online !== null) return { prefix: online, kind: 'online' };
    return null;
  }

  protected addressProblems(device: DeviceAddress): string[] {
    if (!isTopicPart(device.address)) return ['address must be a topic prefix without wildcards'];
    if (device.address.split('/')[0] === this.rpcClientId)
      return [`address must not start with ${this.rpcClientId}: the server's RPC replies live there`];
    return [];
  }

  subscriptions(device: DeviceAddress): string[] {
    const p = device.address;
    return [
      `${p}/events/rpc`,
      `${p}/status/${switchKey(this.switchOf(device))}`,
      `${p}/online`,
      `${this.rpcClientId}/${p}/rpc`,
    ];
  }

  /**
   * A Gen2 device owns its topic prefix (`<prefix>/events/rpc`, `/status/…`, `/online`, `/rpc`) and answers our
   * RPCs on `<rpcClientId>/<prefix>/rpc`, the one topic outside it.
   */
  topicRights(device: DeviceAddress): TopicRights {
    const own = `${device.address}/#`;
    return { publish: [own, `${this.rpcClientId}/${device.address}/rpc`], subscribe: [own] };
  }

  override namespaces(): string[] {
    return [`${this.rpcClientId}/#`];
  }

  wildcardSubscriptions(): string[] {
    return ['+/events/rpc', '+/status/switch:0', '+/online', `${this.rpcClientId}/+/rpc`];
  }

  override coveredByWildcards(device: DeviceAddress): boolean {
    return super.coveredByWildcards(device) && this.switchOf(device) === '0';
  }

  matchTopic(topic: string): string | null {
    return this.parse(topic)?.prefix ?? null;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const parsed = this.parse(topic);
    if (parsed === null || parsed.prefix !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    const switchId = this.switchOf(device);
    switch (parsed.kind) {
      case 'events':
        return decodeShellyGen2Notification(payload, switchId);
      case 'status':
        return parsed.switchId === switchId ? decodeShellyGen2SwitchStatus(payload) : decoded();
      case 'online':
        return decodeShellyOnline(payload);
      case 'reply':
        return decodeShellyGen2Reply(payload);
    }
  }

  private rpc(device: DeviceAddress, id: number, method: string, params: Record<string, unknown>): Outbound {
    this.assertValid(device);
    const src = `${this.rpcClientId}/${device.address}`;
    return {
      topic: `${device.address}/rpc`,
      payload: encodeShellyRpc(id, src, method, params),
      qos: 1,
      retain: false,
    };
  }

  encodeActuator(device: DeviceAddress, on: boolean): Outbound[] {
    const id = on ? SHELLY_RPC_ID.switchOn : SHELLY_RPC_ID.switchOff;
    return [this.rpc(device, id, 'Switch.Set', { id: Number(this.switchOf(device)), on })];
  }

  encodeFeedback(): Outbound[] {
    return [];
  }

  encodeStateQuery(device: DeviceAddress): Outbound[] {
    return [
      this.rpc(device, SHELLY_RPC_ID.getStatus, 'Switch.GetStatus', { id: Number(this.switchOf(device)) }),
    ];
  }
}
