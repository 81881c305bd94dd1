import { decodeFeedbackPayload, isUidFormat, type UidFormat } from '@werkbank/device-protocol';
import { SimulatorError, type Feedback, type TapResult } from '../sim-types';
import { canonicalTapUid, uidBytes } from '../uid';
import { VirtualDevice, type Publication } from './virtual-device';

/**
 * An ESPHome node with a reader (device-protocols.md A5). The firmware author chooses the card topic; the
 * server's adapter reads `options.cardTopic` (default `<prefix>/tag`) in `options.uidFormat`:
 *   hex        74-10-37-94        (rc522/pn532 `x`, uppercase hex with hyphens)
 *   decimal32  9357203            (the rdm6300 uint32)
 *   rdm6300    14008EC793         (10 hex digits: version byte + tag)
 *   <prefix>/status   online (retained birth) / offline (retained last will)
 *   options.feedbackTopic   the server's {"result","reason","text"} JSON, if configured
 */
export class EsphomeReaderDevice extends VirtualDevice {
  readonly kinds = { reader: true, relay: false, printer: false };
  private feedback: Feedback | null = null;

  private get cardTopic(): string {
    return this.option('cardTopic') ?? `${this.config.address}/tag`;
  }

  private get uidFormat(): UidFormat {
    const format = this.option('uidFormat');
    return isUidFormat(format) ? format : 'hex';
  }

  protected clientId(): string {
    return this.option('clientId') ?? this.config.address;
  }

  protected will(): Publication {
    return { topic: `${this.config.address}/status`, payload: 'offline', qos: 1, retain: true };
  }

  protected commandTopics(): string[] {
    const feedback = this.option('feedbackTopic');
    return feedback === undefined ? [] : [feedback];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: 'online' });
  }

  /** The `on_tag` payload as the node's YAML would publish it, and the UID the server will decode from it. */
  cardPayload(uid: string): { payload: string; uid: string } {
    const bytes = uidBytes(uid);
    switch (this.uidFormat) {
      case 'hex':
        return { payload: uid.match(/../g)?.join('-') ?? uid, uid };
      case 'decimal32':
      case 'rdm6300': {
        if (bytes !== 4 && bytes !== 5) {
          throw new SimulatorError(`${this.describe()}: an rdm6300 node cannot read a ${bytes}-byte UID`);
        }
        // The EM4100 tag id is the last 4 bytes; a 5-byte id carries the version byte in front.
        const tag = uid.slice(-8);
        if (this.uidFormat === 'decimal32') return { payload: String(parseInt(tag, 16)), uid: tag };
        return { payload: bytes === 5 ? uid : `00${tag}`, uid: tag };
      }
    }
  }

  override async tap(rawUid: string): Promise<TapResult> {
    const { payload, uid } = this.cardPayload(canonicalTapUid(rawUid));
    this.assertOnline();
    const topic = this.cardTopic;
    await this.publish({ topic, payload, qos: 0, retain: false });
    this.log('info', 'tap', { uid, topic, payload });
    this.ctx.emit({ ...this.ref, type: 'tap', uid, topic, payload });
    return { ...this.ref, uid, topic, payload };
  }

  override lastFeedback(): Feedback | null {
    return this.feedback;
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    if (topic !== this.option('feedbackTopic')) return;
    const decoded = decodeFeedbackPayload(payload);
    const feedback: Feedback = {
      at: this.ctx.now().toISOString(),
      topic,
      payload,
      command: null,
      result: decoded.ok ? decoded.value.result : null,
      reason: decoded.ok ? decoded.value.reason : null,
      text: decoded.ok ? decoded.value.text : null,
    };
    this.feedback = feedback;
    this.log('info', 'feedback', { result: feedback.result ?? 'unknown', text: feedback.text });
    this.ctx.emit({ ...this.ref, type: 'feedback', feedback });
  }
}
