import { createHash } from 'node:crypto';
import { TASMOTA_READER_DEFAULTS, tasmotaTopic } from '@werkbank/device-protocol';
import { TASMOTA_READER_MODELS, type TasmotaReaderModel } from '../devices-file';
import { SimulatorError, type Feedback, type TapResult } from '../sim-types';
import { tasmotaTime } from '../time.util';
import { canonicalTapUid, uidBytes } from '../uid';
import { VirtualDevice, type Publication } from './virtual-device';

/** Tasmota's default client id is `DVES_` + the last 6 hex digits of the chip id: derive a stable one. */
export function tasmotaClientId(seed: string): string {
  return `DVES_${createHash('sha1').update(seed).digest('hex').slice(0, 6).toUpperCase()}`;
}

/** Commands a co-located relay registration (same Tasmota topic) answers; not reader feedback. */
const RELAY_COMMANDS = /^(POWER\d{0,2}|PULSETIME\d{0,2})$/i;

/**
 * A Tasmota board with an RFID reader (device-protocols.md A4).
 *   tele/<t>/LWT     Online (retained) / Offline (retained last will)
 *   tele/<t>/SENSOR  {"Time":"<local, no zone>","RDM6300":{"UID":"008EC793"}}   (PN532 / RC522 per options.reader)
 *   cmnd/<t>/#       what the server sends as feedback (default `Buzzer 1` allowed, `Buzzer 3` denied)
 * Options: reader = rdm6300 (default) | pn532 | rc522; feedbackCommand / feedbackAllowed / feedbackDenied as the
 * server's adapter; clientId.
 */
export class TasmotaReaderDevice extends VirtualDevice {
  readonly kinds = { reader: true, relay: false, printer: false };
  private feedback: Feedback | null = null;

  get model(): TasmotaReaderModel {
    const reader = this.option('reader');
    return (TASMOTA_READER_MODELS as readonly string[]).includes(reader ?? '')
      ? (reader as TasmotaReaderModel)
      : 'rdm6300';
  }

  protected clientId(): string {
    return this.option('clientId') ?? tasmotaClientId(this.config.deviceId);
  }

  protected will(): Publication {
    return {
      topic: tasmotaTopic('tele', this.config.address, 'LWT'),
      payload: 'Offline',
      qos: 1,
      retain: true,
    };
  }

  protected commandTopics(): string[] {
    return [`cmnd/${this.config.address}/#`];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: 'Online' });
  }

  /** The UID as this reader hardware would report it, or an error when it cannot read such a card. */
  private readableUid(uid: string): string {
    const bytes = uidBytes(uid);
    if (this.model === 'rdm6300') {
      if (bytes === 4) return uid;
      // RDM6300 frames carry version + 4 tag bytes; Tasmota publishes the tag bytes only (%08X).
      if (bytes === 5) return uid.slice(2);
      throw new SimulatorError(
        `${this.describe()}: an RDM6300 (125 kHz EM4100) cannot read a ${bytes}-byte 13.56 MHz UID`,
      );
    }
    if (bytes === 5) {
      throw new SimulatorError(
        `${this.describe()}: a ${this.model.toUpperCase()} (13.56 MHz) cannot read a 5-byte EM4100 id`,
      );
    }
    return uid;
  }

  sensorPayload(uid: string, at: Date): string {
    const Time = tasmotaTime(at);
    switch (this.model) {
      case 'rdm6300':
        return JSON.stringify({ Time, RDM6300: { UID: uid } });
      case 'pn532':
        return JSON.stringify({ Time, PN532: { UID: uid, Data: '' } });
      case 'rc522': {
        const Type =
          uidBytes(uid) === 4
            ? 'MIFARE 1KB'
            : uidBytes(uid) === 7
              ? 'MIFARE Ultralight or Ultralight C'
              : 'Unknown type';
        return JSON.stringify({ Time, RC522: { UID: uid, Data: '', Type } });
      }
    }
  }

  override async tap(rawUid: string): Promise<TapResult> {
    const uid = this.readableUid(canonicalTapUid(rawUid));
    this.assertOnline();
    const topic = tasmotaTopic('tele', this.config.address, 'SENSOR');
    const payload = this.sensorPayload(uid, this.ctx.now());
    await this.publish({ topic, payload, qos: 0, retain: false });
    this.log('info', 'tap', { uid, reader: this.model, topic });
    this.ctx.emit({ ...this.ref, type: 'tap', uid, topic, payload });
    return { ...this.ref, uid, topic, payload };
  }

  override lastFeedback(): Feedback | null {
    return this.feedback;
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    const head = `cmnd/${this.config.address}/`;
    if (!topic.startsWith(head)) return;
    const command = topic.slice(head.length);
    const feedbackCommand = this.option('feedbackCommand') ?? TASMOTA_READER_DEFAULTS.feedbackCommand;
    const isFeedbackCommand =
      feedbackCommand !== '' && command.toLowerCase() === feedbackCommand.toLowerCase();
    if (!isFeedbackCommand && RELAY_COMMANDS.test(command)) return;
    const value = payload.trim();
    let result: Feedback['result'] = null;
    if (isFeedbackCommand) {
      if (value === (this.option('feedbackAllowed') ?? TASMOTA_READER_DEFAULTS.feedbackAllowed))
        result = 'allowed';
      else if (value === (this.option('feedbackDenied') ?? TASMOTA_READER_DEFAULTS.feedbackDenied))
        result = 'denied';
    }
    const feedback: Feedback = {
      at: this.ctx.now().toISOString(),
      topic,
      payload,
      command,
      result,
      reason: null,
      text: null,
    };
    this.feedback = feedback;
    this.log('info', 'feedback', { command, payload: value, result: result ?? 'unknown' });
    this.ctx.emit({ ...this.ref, type: 'feedback', feedback });
  }
}
