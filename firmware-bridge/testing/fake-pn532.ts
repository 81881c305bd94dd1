import {
  PN532_ACK,
  PN532_CHIP_TO_HOST,
  PN532_HOST_TO_CHIP,
  PN532_NACK,
  Pn532Command,
  Pn532StreamParser,
  buildPn532Frame,
} from '@werkbank/device-protocol';
import { FakeSerialDevice } from './fake-serial-device';

export interface FakeCard {
  /** 4, 7 or 10 bytes as hex. */
  uid: string;
  sak?: number;
  atqa?: number;
}

/** Misbehaviour to script: each applies to the next `n` commands the chip receives. */
export interface Pn532Faults {
  /** Answer NACK instead of ACK (the host must resend). */
  nack: number;
  /** Say nothing at all (no ACK, no response): a wedged chip or a broken TX line. */
  silent: number;
  /** ACK, then never send the response. */
  noResponse: number;
  /** Send the response with a wrong data checksum (the host should NACK to get it again). */
  corruptResponse: number;
}

/**
 * A PN532 in HSU mode as the bridge sees it: asleep until the 55 55 wake-up, ACK for every well-formed
 * command frame, then the response (command + 1). It answers GetFirmwareVersion, SAMConfiguration,
 * RFConfiguration, InListPassiveTarget (106 kbps A, the presented card or NbTg 0) and InRelease; a host NACK
 * repeats the last response, a host ACK aborts. Every command is recorded for the tests.
 */
export class FakePn532 extends FakeSerialDevice {
  readonly commands: number[] = [];
  readonly faults: Pn532Faults = { nack: 0, silent: 0, noResponse: 0, corruptResponse: 0 };
  private readonly parser = new Pn532StreamParser();
  private awake = false;
  private samConfigured = false;
  private card: FakeCard | null = null;
  private lastResponse: Uint8Array | null = null;
  wakeups = 0;
  hostNacks = 0;
  hostAborts = 0;

  constructor(path: string) {
    super(path, 115200);
  }

  presentCard(card: FakeCard): void {
    if (![8, 14, 20].includes(card.uid.length)) throw new RangeError('a PN532 card UID is 4, 7 or 10 bytes');
    this.card = card;
  }

  removeCard(): void {
    this.card = null;
  }

  /** Like a power cut of the module: it sleeps again and forgets its SAM configuration. */
  powerCycle(): void {
    this.awake = false;
    this.samConfigured = false;
    this.parser.reset();
  }

  /** How many times a command code was received, e.g. `count(Pn532Command.InListPassiveTarget)`. */
  count(command: number): number {
    return this.commands.filter((c) => c === command).length;
  }

  protected receive(chunk: Buffer): void {
    if (!this.awake && chunk.includes(0x55)) {
      this.awake = true;
      this.wakeups += 1;
    }
    for (const item of this.parser.push(chunk)) {
      if (!this.awake) continue; // asleep: the chip does not see frames before the wake-up
      switch (item.type) {
        case 'ack':
          this.hostAborts += 1;
          break;
        case 'nack':
          this.hostNacks += 1;
          if (this.lastResponse !== null) void this.send(this.lastResponse);
          break;
        case 'frame':
          if (item.tfi === PN532_HOST_TO_CHIP) void this.command(item.command, item.params);
          break;
        case 'application-error':
        case 'error':
          // A real chip ignores frames with bad checksums (the host times out and resends).
          break;
      }
    }
  }

  private async command(command: number, params: Uint8Array): Promise<void> {
    this.commands.push(command);
    if (this.take('silent')) return;
    if (this.take('nack')) {
      await this.send(Uint8Array.from(PN532_NACK));
      return;
    }
    await this.send(Uint8Array.from(PN532_ACK));
    if (this.take('noResponse')) return;
    const response = this.respond(command, params);
    if (response === null) return;
    const frame = buildPn532Frame(response, PN532_CHIP_TO_HOST);
    this.lastResponse = frame;
    if (this.take('corruptResponse')) {
      const corrupt = Uint8Array.from(frame);
      corrupt[corrupt.length - 2] = ((corrupt[corrupt.length - 2] as number) + 1) & 0xff;
      await this.send(corrupt);
      return;
    }
    await this.send(frame);
  }

  private respond(command: number, params: Uint8Array): number[] | null {
    const reply = command + 1;
    switch (command) {
      case Pn532Command.GetFirmwareVersion:
        return [reply, 0x32, 0x01, 0x06, 0x07]; // PN532 v1.6, supports ISO A, B, 18092
      case Pn532Command.SamConfiguration:
        this.samConfigured = true;
        return [reply];
      case Pn532Command.RfConfiguration:
        return [reply];
      case Pn532Command.InListPassiveTarget:
        // Without SAMConfiguration the RF part is off: no card is ever found.
        if (!this.samConfigured || this.card === null || params[1] !== 0x00) return [reply, 0x00];
        return [reply, ...this.target(this.card)];
      case Pn532Command.InRelease:
        return [reply, 0x00];
      default:
        return null;
    }
  }

  private target(card: FakeCard): number[] {
    const uid = card.uid.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
    const atqa = card.atqa ?? (uid.length === 4 ? 0x0004 : 0x0044);
    const sak = card.sak ?? (uid.length === 4 ? 0x08 : 0x00);
    return [0x01, 0x01, atqa >> 8, atqa & 0xff, sak, uid.length, ...uid];
  }

  private take(fault: keyof Pn532Faults): boolean {
    if (this.faults[fault] <= 0) return false;
    this.faults[fault] -= 1;
    return true;
  }
}
