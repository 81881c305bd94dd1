import { DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress } from '../device-adapter';
import { decoded, rejected, type DecodeResult, type Outbound } from '../device-event';
import type { Payload } from '../payload.util';
import {
  decodeTasmotaLwt,
  matchTasmotaTopic,
  TASMOTA_NAMESPACES,
  tasmotaTopic,
  tasmotaTopicRights,
  validateTasmotaTopic,
} from './tasmota.codec';
import type { TopicRights } from '../topic-rights';
import {
  decodeTasmotaEnergySensor,
  decodeTasmotaPowerJson,
  decodeTasmotaPowerText,
  powerKeys,
} from './tasmota-relay.codec';

/**
 * Options:
 *   relay  which output of a multi-relay device: '1'..'32'; absent = the only relay (`POWER`)
 * Tip: set `PulseTime` on the device as a failsafe auto-off; never publish retained commands (they override
 * PowerOnState), which is why every Outbound here has retain: false.
 */
export const TASMOTA_RELAY_OPTIONS: readonly DeviceOptionSchema[] = [
  {
    key: 'relay',
    kind: 'integer',
    default: null,
    min: 1,
    max: 32,
    allowEmpty: true,
    labelKey: 'devices.optionField.tasmota_relay.relay',
    hintKey: 'devices.optionField.tasmota_relay.relayHint',
  },
];

export class TasmotaRelayAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.TasmotaRelay;
  readonly optionSchema = TASMOTA_RELAY_OPTIONS;

  private static accepts(prefix: string, suffix: string): boolean {
    if (prefix === 'stat') return suffix === 'RESULT' || suffix === 'STATE' || /^POWER\d{0,2}$/.test(suffix);
    if (prefix === 'tele') return suffix === 'STATE' || suffix === 'SENSOR' || suffix === 'LWT';
    return false;
  }

  private relayOf(device: DeviceAddress): string {
    return option(device, 'relay') ?? '';
  }

  protected addressProblems(device: DeviceAddress): string[] {
    return validateTasmotaTopic(device.address);
  }

  subscriptions(device: DeviceAddress): string[] {
    const a = device.address;
    return [
      tasmotaTopic('stat', a, 'RESULT'),
      tasmotaTopic('stat', a, 'STATE'),
      ...powerKeys(this.relayOf(device)).map((key) => tasmotaTopic('stat', a, key)),
      tasmotaTopic('tele', a, 'STATE'),
      tasmotaTopic('tele', a, 'SENSOR'),
      tasmotaTopic('tele', a, 'LWT'),
    ];
  }

  topicRights(device: DeviceAddress): TopicRights {
    return tasmotaTopicRights(device.address);
  }

  override namespaces(): string[] {
    return TASMOTA_NAMESPACES;
  }

  wildcardSubscriptions(): string[] {
    return [
      'stat/+/RESULT',
      'stat/+/STATE',
      'stat/+/POWER',
      'stat/+/POWER1',
      'tele/+/STATE',
      'tele/+/SENSOR',
      'tele/+/LWT',
    ];
  }

  override coveredByWildcards(device: DeviceAddress): boolean {
    const relay = this.relayOf(device);
    return super.coveredByWildcards(device) && (relay === '' || relay === '1');
  }

  matchTopic(topic: string): string | null {
    return matchTasmotaTopic(topic, TasmotaRelayAdapter.accepts)?.address ?? null;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const match = matchTasmotaTopic(topic, TasmotaRelayAdapter.accepts);
    if (match === null || match.address !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    const relay = this.relayOf(device);
    if (match.prefix === 'stat') {
      if (match.suffix === 'RESULT' || match.suffix === 'STATE')
        return decodeTasmotaPowerJson(payload, relay);
      // stat/<t>/POWER2 belongs to another output of the same device.
      return powerKeys(relay).includes(match.suffix) ? decodeTasmotaPowerText(payload, relay) : decoded();
    }
    switch (match.suffix) {
      case 'STATE':
        return decodeTasmotaPowerJson(payload, relay);
      case 'SENSOR':
        return decodeTasmotaEnergySensor(payload, relay);
      default:
        return decodeTasmotaLwt(payload);
    }
  }

  private powerCommandTopic(device: DeviceAddress): string {
    const relay = this.relayOf(device);
    return tasmotaTopic('cmnd', device.address, relay === '' ? 'POWER' : `POWER${relay}`);
  }

  encodeActuator(device: DeviceAddress, on: boolean): Outbound[] {
    this.assertValid(device);
    return [{ topic: this.powerCommandTopic(device), payload: on ? 'ON' : 'OFF', qos: 1, retain: false }];
  }

  encodeFeedback(): Outbound[] {
    return [];
  }

  /** An empty POWER command makes Tasmota answer with stat/<t>/RESULT and stat/<t>/POWER. */
  encodeStateQuery(device: DeviceAddress): Outbound[] {
    this.assertValid(device);
    return [{ topic: this.powerCommandTopic(device), payload: '', qos: 1, retain: false }];
  }
}
