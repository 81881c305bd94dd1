import { LCUS_STATUS_QUERY, parseLcusCommand } from '../src/outputs/lcus.codec';
import { FakeSerialDevice } from './fake-serial-device';

/** `bytes`: one 00/01 per channel (LCUS-2/4/8), `text`: `CH1: ON\r\n` lines, `none`: no answer (LCUS-1). */
export type LcusStatusFormat = 'bytes' | 'text' | 'none';

/** An LCUS relay board: switches on valid `A0 ch state sum` commands, ignores bad ones, answers `FF`. */
export class FakeLcusBoard extends FakeSerialDevice {
  readonly relays: boolean[];
  readonly rejected: string[] = [];
  /** Every valid command, in order. */
  readonly switched: Array<{ channel: number; on: boolean }> = [];
  private buffer: number[] = [];
  /** Switch commands to this channel are acknowledged but do nothing (a welded or dead relay). */
  stuckChannel: number | null = null;

  constructor(
    path: string,
    channels = 4,
    public statusFormat: LcusStatusFormat = 'bytes',
  ) {
    super(path, 9600);
    this.relays = Array.from({ length: channels }, () => false);
  }

  protected receive(chunk: Buffer): void {
    for (const byte of chunk) {
      if (this.buffer.length === 0 && byte === LCUS_STATUS_QUERY) {
        void this.answerStatus();
        continue;
      }
      if (this.buffer.length === 0 && byte !== 0xa0) {
        this.rejected.push(`stray byte 0x${byte.toString(16)}`);
        continue;
      }
      this.buffer.push(byte);
      if (this.buffer.length < 4) continue;
      const parsed = parseLcusCommand(Uint8Array.from(this.buffer));
      this.buffer = [];
      if (!parsed.ok || parsed.channel > this.relays.length) {
        this.rejected.push(parsed.ok ? `channel ${parsed.channel} not on this board` : parsed.error);
        continue;
      }
      this.switched.push({ channel: parsed.channel, on: parsed.on });
      if (parsed.channel !== this.stuckChannel) this.relays[parsed.channel - 1] = parsed.on;
    }
  }

  private async answerStatus(): Promise<void> {
    switch (this.statusFormat) {
      case 'none':
        return;
      case 'bytes':
        await this.send(Uint8Array.from(this.relays.map((on) => (on ? 1 : 0))));
        return;
      case 'text':
        await this.send(
          Buffer.from(this.relays.map((on, i) => `CH${i + 1}: ${on ? 'ON' : 'OFF'}\r\n`).join(''), 'latin1'),
        );
        return;
    }
  }
}
