import { buildRdm6300Frame } from '@werkbank/device-protocol';
import { FakeSerialDevice, sleep } from './fake-serial-device';

/** An RDM6300 module: transmit only, one 14-byte frame about every 65 ms while a card is in the field. */
export class FakeRdm6300 extends FakeSerialDevice {
  constructor(path: string) {
    super(path, 9600);
  }

  /** A card held for `frames` repetitions (a quick tap is 3-5, a held card dozens). `data10` = version + tag. */
  async presentCard(data10: string, frames = 4, intervalMs = 65): Promise<void> {
    const frame = buildRdm6300Frame(data10);
    for (let i = 0; i < frames; i++) {
      await this.send(frame);
      if (i < frames - 1) await sleep(intervalMs);
    }
  }

  /** One lone frame that passes the XOR check: what cheap clones emit out of nowhere. */
  async ghostRead(data10: string): Promise<void> {
    await this.send(buildRdm6300Frame(data10));
  }

  sendRaw(bytes: Uint8Array): Promise<boolean> {
    return this.send(bytes);
  }

  protected receive(): void {
    // The module has no RX line in use: anything the bridge writes is ignored.
  }
}
