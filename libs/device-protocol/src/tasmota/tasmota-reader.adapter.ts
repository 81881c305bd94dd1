import { DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress, type FeedbackCommand } from '../device-adapter';
import { rejected, type DecodeResult, type Outbound } from '../device-event';
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

const label = (key: string) => `devices.optionField.tasmota_reader.${key}`;

export const TASMOTA_READER_OPTIONS: readonly DeviceOptionSchema[] = [
  {
    key: 'feedbackCommand',
    kind: 'command',
    default: TASMOTA_READER_DEFAULTS.feedbackCommand,
    allowEmpty: true,
    labelKey: label('feedbackCommand'),
    hintKey: `${label('feedbackCommand')}Hint`,
  },
  {
    key: 'feedbackAllowed',
    kind: 'text',
    default: TASMOTA_READER_DEFAULTS.feedbackAllowed,
    maxLength: 256,
    allowEmpty: true,
    labelKey: label('feedbackAllowed'),
    hintKey: `${label('feedbackAllowed')}Hint`,
  },
  {
    key: 'feedbackDenied',
    kind: 'text',
    default: TASMOTA_READER_DEFAULTS.feedbackDenied,
    maxLength: 256,
    allowEmpty: true,
    labelKey: label('feedbackDenied'),
    hintKey: `${label('feedbackDenied')}Hint`,
  },
];

export class TasmotaReaderAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.TasmotaReader;
  readonly optionSchema = TASMOTA_READER_OPTIONS;

  protected addressProblems(device: DeviceAddress): string[] {
    return validateTasmotaTopic(device.address);
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
