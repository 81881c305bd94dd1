import { DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress } from '../device-adapter';
import { decoded, rejected, type DecodeResult, type Outbound } from '../device-event';
import type { Payload } from '../payload.util';
import { isTopicLevel } from '../topic.util';
import type { TopicRights } from '../topic-rights';
import { decodeShellyOnline } from './shelly.codec';
import {
  decodeShellyGen1Power,
  decodeShellyGen1Relay,
  parseShellyGen1Topic,
  SHELLY_GEN1_ROOT,
} from './shelly-gen1.codec';

/**
 * Address: the Shelly id as in its topics (`shellyplug-s-7C87CE…`, or the custom MQTT id).
 * Options:
 *   relay  output index, default `0`
 */
export const SHELLY_GEN1_OPTIONS: readonly DeviceOptionSchema[] = [
  {
    key: 'relay',
    kind: 'integer',
    default: '0',
    min: 0,
    max: 99,
    labelKey: 'devices.optionField.shelly_gen1.relay',
    hintKey: 'devices.optionField.shelly_gen1.relayHint',
  },
];

export class ShellyGen1Adapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.ShellyGen1;
  readonly optionSchema = SHELLY_GEN1_OPTIONS;

  private relayOf(device: DeviceAddress): string {
    return option(device, 'relay') ?? '0';
  }

  protected addressProblems(device: DeviceAddress): string[] {
    return isTopicLevel(device.address)
      ? []
      : ['address must be a Shelly id (one topic level, no wildcards)'];
  }

  /**
   * Exactly what the device publishes: `relay/<n>/#` would also deliver our own `relay/<n>/command` back to us
   * (and the energy counters nobody reads), counted as unroutable device traffic.
   */
  subscriptions(device: DeviceAddress): string[] {
    const base = `${SHELLY_GEN1_ROOT}/${device.address}`;
    const relay = `${base}/relay/${this.relayOf(device)}`;
    return [relay, `${relay}/power`, `${base}/online`];
  }

  /**
   * A Gen1 device publishes and listens under `shellies/<id>/`. Its `shellies/announce` on connect and the
   * broadcast `shellies/command` are not granted: shared topics would let one device speak for all.
   */
  topicRights(device: DeviceAddress): TopicRights {
    const own = `${SHELLY_GEN1_ROOT}/${device.address}/#`;
    return { publish: [own], subscribe: [own] };
  }

  override namespaces(): string[] {
    return [`${SHELLY_GEN1_ROOT}/#`];
  }

  wildcardSubscriptions(): string[] {
    return [
      `${SHELLY_GEN1_ROOT}/+/relay/0`,
      `${SHELLY_GEN1_ROOT}/+/relay/0/power`,
      `${SHELLY_GEN1_ROOT}/+/online`,
    ];
  }

  override coveredByWildcards(device: DeviceAddress): boolean {
    return super.coveredByWildcards(device) && this.relayOf(device) === '0';
  }

  matchTopic(topic: string): string | null {
    const parsed = parseShellyGen1Topic(topic);
    return parsed === null || parsed.kind === 'other' ? null : parsed.id;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const parsed = parseShellyGen1Topic(topic);
    if (parsed === null || parsed.id !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    switch (parsed.kind) {
      case 'online':
        return decodeShellyOnline(payload);
      case 'relay':
        return parsed.relay === this.relayOf(device) ? decodeShellyGen1Relay(payload) : decoded();
      case 'relay-power':
        return parsed.relay === this.relayOf(device) ? decodeShellyGen1Power(payload) : decoded();
      case 'other':
        // energy counters, inputs, emeters, roller mode…: nothing the access runtime needs.
        return decoded();
    }
  }

  encodeActuator(device: DeviceAddress, on: boolean): Outbound[] {
    this.assertValid(device);
    const topic = `${SHELLY_GEN1_ROOT}/${device.address}/relay/${this.relayOf(device)}/command`;
    return [{ topic, payload: on ? 'on' : 'off', qos: 1, retain: false }];
  }

  encodeFeedback(): Outbound[] {
    return [];
  }

  /** `update` makes a Gen1 device publish its current status to all its output topics. */
  encodeStateQuery(device: DeviceAddress): Outbound[] {
    this.assertValid(device);
    return [
      { topic: `${SHELLY_GEN1_ROOT}/${device.address}/command`, payload: 'update', qos: 1, retain: false },
    ];
  }
}
