import { CardTechnology, DeviceProtocol, type DeviceOptionSchema } from '@werkbank/contracts';
import { DeviceAdapter, option, type DeviceAddress, type FeedbackCommand } from '../device-adapter';
import { rejected, type DecodeResult, type Outbound } from '../device-event';
import type { Payload } from '../payload.util';
import { isTopicPart } from '../topic.util';
import type { TopicRights } from '../topic-rights';
import { isUidFormat, UID_FORMATS, type UidFormat } from '../uid.util';
import { encodeFeedbackPayload } from '../werkbank/werkbank.codec';
import { decodeEsphomeCard, decodeEsphomeStatus } from './esphome-reader.codec';

/**
 * Address: the node's MQTT `topic_prefix` (default the node name); availability on `<prefix>/status`.
 * Options:
 *   cardTopic      full topic of the tag publications, default `<prefix>/tag`
 *   uidFormat      hex (default) | decimal32 (rdm6300 uint32, keyboard-wedge digits) | rdm6300 (10 hex)
 *   technology     a CardTechnology value when the reader hardware is known (rdm6300 formats imply em4100)
 *   feedbackTopic  where to publish {"result","reason","text"} (the own protocol's feedback JSON); absent = none
 * Topics are per device, so there are no wildcard subscriptions: subscribe `subscriptions(device)`.
 */
const field = (key: string) => ({
  labelKey: `devices.optionField.esphome_reader.${key}`,
  hintKey: `devices.optionField.esphome_reader.${key}Hint`,
});

export const ESPHOME_READER_OPTIONS: readonly DeviceOptionSchema[] = [
  // null: the default depends on the address (`<prefix>/tag`).
  { key: 'cardTopic', kind: 'topic', default: null, ...field('cardTopic') },
  { key: 'uidFormat', kind: 'choice', default: 'hex', choices: [...UID_FORMATS], ...field('uidFormat') },
  // null: unknown for hex readers, em4100 for the rdm6300 formats.
  {
    key: 'technology',
    kind: 'choice',
    default: null,
    choices: Object.values(CardTechnology),
    ...field('technology'),
  },
  { key: 'feedbackTopic', kind: 'topic', default: null, ...field('feedbackTopic') },
];

export class EsphomeReaderAdapter extends DeviceAdapter {
  readonly protocol = DeviceProtocol.EsphomeReader;
  readonly optionSchema = ESPHOME_READER_OPTIONS;

  cardTopic(device: DeviceAddress): string {
    return option(device, 'cardTopic') ?? `${device.address}/tag`;
  }

  private statusTopic(device: DeviceAddress): string {
    return `${device.address}/status`;
  }

  private uidFormat(device: DeviceAddress): UidFormat {
    const format = option(device, 'uidFormat');
    return isUidFormat(format) ? format : 'hex';
  }

  private technology(device: DeviceAddress): CardTechnology | null {
    const configured = option(device, 'technology');
    if ((Object.values(CardTechnology) as string[]).includes(configured ?? ''))
      return configured as CardTechnology;
    return this.uidFormat(device) === 'hex' ? null : CardTechnology.Em4100;
  }

  /** The address, and a card topic that would collide with the availability topic. */
  protected addressProblems(device: DeviceAddress): string[] {
    const problems: string[] = [];
    if (!isTopicPart(device.address)) problems.push('address must be a topic prefix without wildcards');
    const card = this.cardTopic(device);
    if (card.endsWith('/status') || card === 'status')
      problems.push('options.cardTopic must not end in /status');
    return problems;
  }

  subscriptions(device: DeviceAddress): string[] {
    return [this.cardTopic(device), this.statusTopic(device)];
  }

  /** The node's own prefix, plus the card and feedback topics where they are configured outside it. */
  topicRights(device: DeviceAddress): TopicRights {
    const own = `${device.address}/#`;
    const feedback = option(device, 'feedbackTopic');
    return {
      publish: [own, this.cardTopic(device)],
      subscribe: feedback === undefined ? [own] : [own, feedback],
    };
  }

  wildcardSubscriptions(): string[] {
    return [];
  }

  override coveredByWildcards(): boolean {
    return false;
  }

  /** Availability is keyed by prefix, cards by their full topic (it can be anywhere). */
  override routingKeys(device: DeviceAddress): string[] {
    return [device.address, this.cardTopic(device)];
  }

  matchTopic(topic: string): string | null {
    if (topic.endsWith('/status')) return topic.length > 7 ? topic.slice(0, -7) : null;
    return topic === '' ? null : topic;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    if (topic === this.cardTopic(device)) {
      return decodeEsphomeCard(payload, this.uidFormat(device), this.technology(device));
    }
    if (topic === this.statusTopic(device)) return decodeEsphomeStatus(payload);
    return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
  }

  encodeActuator(): Outbound[] {
    return [];
  }

  encodeFeedback(device: DeviceAddress, feedback: FeedbackCommand): Outbound[] {
    this.assertValid(device);
    const topic = option(device, 'feedbackTopic');
    if (topic === undefined) return [];
    return [{ topic, payload: encodeFeedbackPayload(feedback), qos: 0, retain: false }];
  }

  encodeStateQuery(): Outbound[] {
    return [];
  }
}
