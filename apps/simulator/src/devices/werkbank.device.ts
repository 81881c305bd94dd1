import { randomUUID } from 'node:crypto';
import { CardTechnology, DeviceRole } from '@werkbank/contracts';
import {
  decodeActuatorCommand,
  decodeFeedbackPayload,
  decodeQueryCommand,
  encodeCardMessage,
  encodeStateMessage,
  encodeStatus,
  werkbankTopic,
  type WerkbankChannel,
} from '@werkbank/device-protocol';
import type { Feedback, RelaySource, RelayState, TapResult } from '../sim-types';
import { canonicalTapUid, uidBytes } from '../uid';
import { LoadModel } from './load-model';
import { VirtualDevice, type Publication } from './virtual-device';

/** Commands older than this are dropped (docs/protocol.md §1: late QoS 1 redelivery). */
export const STALE_COMMAND_MS = 10_000;

/**
 * A device speaking Werkbank's own protocol (docs/protocol.md), e.g. the firmware bridge: a reader, an actuator,
 * or both. Encoders and decoders are the reference codecs of @werkbank/device-protocol.
 *   status     online (retained) / offline (retained last will)
 *   state      {on, watts, at} retained, on connect, after each cmd/actuator and cmd/query (actuators only)
 *   evt/card   {uid, tech, at, msgId} on a tap
 *   cmd/#      actuator (stale > 10 s dropped), feedback, query;  allowlist: logged
 * It is an actuator when role = actuator or options.actuator = true, and a reader unless role = actuator
 * (options.reader = rdm6300 | pn532 makes an actuator a reader too).
 */
export class WerkbankDevice extends VirtualDevice {
  private readonly load = new LoadModel(this.config.options, this.ctx.now);
  private feedback: Feedback | null = null;
  private allowlistVersion: number | null = null;

  get kinds(): { reader: boolean; relay: boolean; printer: boolean } {
    const role = this.config.role;
    return {
      reader:
        (role !== DeviceRole.Actuator && role !== DeviceRole.Printer) || this.option('reader') !== undefined,
      relay: role === DeviceRole.Actuator || this.option('actuator') === 'true',
      printer: false,
    };
  }

  private topic(channel: WerkbankChannel): string {
    return werkbankTopic(this.ctx.werkbankPrefix, this.config.address, channel);
  }

  protected clientId(): string {
    return this.config.address;
  }

  protected will(): Publication {
    return { topic: this.topic('status'), payload: encodeStatus('offline'), qos: 1, retain: true };
  }

  protected commandTopics(): string[] {
    return [`${this.topic('status').slice(0, -'status'.length)}cmd/#`, this.topic('allowlist')];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: encodeStatus('online') });
    if (this.kinds.relay) await this.publishState();
  }

  private technology(uid: string): CardTechnology {
    const reader = this.option('reader');
    if (reader === 'rdm6300') return CardTechnology.Em4100;
    const bytes = uidBytes(uid);
    if (reader === 'pn532')
      return bytes === 4
        ? CardTechnology.MifareClassic
        : bytes === 7
          ? CardTechnology.Ntag
          : CardTechnology.Other;
    if (bytes === 4 || bytes === 5) return CardTechnology.Em4100;
    return bytes === 7 ? CardTechnology.Ntag : CardTechnology.Other;
  }

  override async tap(rawUid: string): Promise<TapResult> {
    const uid = canonicalTapUid(rawUid);
    this.assertOnline();
    const topic = this.topic('evt/card');
    const payload = encodeCardMessage({
      uid,
      tech: this.technology(uid),
      at: this.ctx.now().toISOString(),
      msgId: randomUUID(),
    });
    await this.publish({ topic, payload, qos: 1, retain: false });
    this.log('info', 'tap', { uid, topic });
    this.ctx.emit({ ...this.ref, type: 'tap', uid, topic, payload });
    return { ...this.ref, uid, topic, payload };
  }

  override lastFeedback(): Feedback | null {
    return this.feedback;
  }

  override relayState(): RelayState | null {
    if (!this.kinds.relay) return null;
    return {
      on: this.load.on,
      watts: this.load.watts(),
      printing: this.load.printing,
      energyWh: this.load.energy(),
    };
  }

  override setPrinting(printing: boolean): boolean {
    if (!this.kinds.relay) return false;
    if (this.load.setPrinting(printing)) {
      this.announce('print');
      if (this.online) this.publishState().catch((error: unknown) => this.fail('state failed', error));
    }
    return true;
  }

  private announce(source: RelaySource): void {
    const watts = this.load.watts();
    this.log('info', 'relay', { on: this.load.on, watts, source, printing: this.load.printing || undefined });
    this.ctx.emit({ ...this.ref, type: 'relay', on: this.load.on, watts, source });
  }

  private async publishState(): Promise<void> {
    const metered = this.option('metered') !== 'false';
    await this.publish({
      topic: this.topic('state'),
      payload: encodeStateMessage({
        on: this.load.on,
        watts: metered ? this.load.watts() : null,
        at: this.ctx.now().toISOString(),
      }),
      qos: 1,
      retain: true,
    });
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    if (topic === this.topic('cmd/actuator')) return this.onActuator(payload);
    if (topic === this.topic('cmd/feedback')) return this.onFeedback(topic, payload);
    if (topic === this.topic('cmd/query')) {
      const query = decodeQueryCommand(payload);
      if (!query.ok) this.log('warn', 'bad query', { error: query.error });
      else if (this.kinds.relay) await this.publishState();
      return;
    }
    if (topic === this.topic('allowlist')) {
      const version = /"version"\s*:\s*(\d+)/.exec(payload);
      this.allowlistVersion = version ? Number(version[1]) : null;
      this.log('info', payload === '' ? 'allowlist cleared' : 'allowlist', { bytes: payload.length });
    }
  }

  private async onActuator(payload: string): Promise<void> {
    const command = decodeActuatorCommand(payload);
    if (!command.ok) {
      this.log('warn', 'bad actuator command', { error: command.error });
      return;
    }
    if (!this.kinds.relay) {
      this.log('warn', 'actuator command to a device without actuator');
      return;
    }
    const { on, issuedAt, sessionId } = command.value;
    const age = issuedAt === null ? 0 : this.ctx.now().getTime() - Date.parse(issuedAt);
    if (age > STALE_COMMAND_MS) {
      this.log('warn', 'stale actuator command dropped', { on, ageMs: age, sessionId });
    } else if (this.load.set(on)) {
      this.announce('command');
    }
    await this.publishState();
  }

  private onFeedback(topic: string, payload: string): void {
    const decoded = decodeFeedbackPayload(payload);
    if (!decoded.ok) {
      this.log('warn', 'bad feedback', { error: decoded.error });
      return;
    }
    const feedback: Feedback = {
      at: this.ctx.now().toISOString(),
      topic,
      payload,
      command: null,
      result: decoded.value.result,
      reason: decoded.value.reason,
      text: decoded.value.text,
    };
    this.feedback = feedback;
    this.log('info', 'feedback', { result: feedback.result, reason: feedback.reason, text: feedback.text });
    this.ctx.emit({ ...this.ref, type: 'feedback', feedback });
  }

  /** Version of the last allowlist received (not verified: the simulator holds no key). */
  get lastAllowlistVersion(): number | null {
    return this.allowlistVersion;
  }
}
