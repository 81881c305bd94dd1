import { DeviceProtocol } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress, type FeedbackCommand } from '../device-adapter';
import { rejected, type DecodeResult, type Outbound } from '../device-event';
import type { Payload } from '../payload.util';
import { isTopicLevel } from '../topic.util';
import {
  decodeTasmotaLwt,
  matchTasmotaTopic,
  TASMOTA_NAMESPACES,
  tasmotaTopic,
  tasmotaTopicRights,
  validateTasmotaTopic,
} from './tasmota.codec';
import type { TopicRights } from '../topic-rights';
import { decodeTasmotaReaderSensor } from './tasmota-reader.codec';

/**
 * Options:
 *   feedbackCommand  Tasmota command for the access result, default `Buzzer`; '' = no feedback
 *   feedbackAllowed  its payload when allowed, default `1` (one beep)
 *   feedbackDenied   its payload when denied, default `3` (three beeps)
 * ⚠ Feedback hardware differs per build (buzzer, LED via `Power2`, a display via `DisplayText`): configure it.
 */
export const TASMOTA_READER_DEFAULTS = {
  feedbackCommand: 'Buzzer',
  feedbackAllowed: '1',
  feedbackDenied: '3',
};

export class TasmotaReaderAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.TasmotaReader;
  readonly capabilities = { cards: true, actuator: false, power: false, feedback: true, printer: false };

  validate(device: DeviceAddress): string[] {
    const problems = validateTasmotaTopic(device.address);
    const command = option(device, 'feedbackCommand');
    if (command !== undefined && command !== '' && !isTopicLevel(command)) {
      problems.push('options.feedbackCommand must be a Tasmota command name');
    }
    for (const key of ['feedbackAllowed', 'feedbackDenied']) {
      const value = option(device, key);
      if (value !== undefined && value.length > 256)
        problems.push(`options.${key} is longer than 256 characters`);
    }
    return problems;
  }

  subscriptions(device: DeviceAddress): string[] {
    return [tasmotaTopic('tele', device.address, 'SENSOR'), tasmotaTopic('tele', device.address, 'LWT')];
  }

  topicRights(device: DeviceAddress): TopicRights {
    return tasmotaTopicRights(device.address);
  }

  override namespaces(): string[] {
    return TASMOTA_NAMESPACES;
  }

  wildcardSubscriptions(): string[] {
    return ['tele/+/SENSOR', 'tele/+/LWT'];
  }

  matchTopic(topic: string): string | null {
    return (
      matchTasmotaTopic(topic, (p, s) => p === 'tele' && (s === 'SENSOR' || s === 'LWT'))?.address ?? null
    );
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const match = matchTasmotaTopic(topic, (p, s) => p === 'tele' && (s === 'SENSOR' || s === 'LWT'));
    if (match === null || match.address !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    return match.suffix === 'LWT' ? decodeTasmotaLwt(payload) : decodeTasmotaReaderSensor(payload);
  }

  encodeActuator(): Outbound[] {
    return [];
  }

  encodeFeedback(device: DeviceAddress, feedback: FeedbackCommand): Outbound[] {
    this.assertValid(device);
    const command = option(device, 'feedbackCommand') ?? TASMOTA_READER_DEFAULTS.feedbackCommand;
    if (command === '') return [];
    const payload =
      feedback.result === 'allowed'
        ? (option(device, 'feedbackAllowed') ?? TASMOTA_READER_DEFAULTS.feedbackAllowed)
        : (option(device, 'feedbackDenied') ?? TASMOTA_READER_DEFAULTS.feedbackDenied);
    // QoS 0: a beep delivered late (after a reconnect) would mislead whoever taps next.
    return [{ topic: tasmotaTopic('cmnd', device.address, command), payload, qos: 0, retain: false }];
  }

  encodeStateQuery(): Outbound[] {
    return [];
  }
}
