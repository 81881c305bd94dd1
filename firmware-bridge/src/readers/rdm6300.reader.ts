import { CardTechnology } from '@werkbank/contracts';
import { Rdm6300ReadFilter, Rdm6300StreamParser } from '@werkbank/device-protocol';
import type { Logger } from 'pino';
import type { Rdm6300ReaderConfig } from '../config/bridge-config';
import type { PortSupervisor } from '../serial/port-supervisor';
import {
  countReject,
  TapListeners,
  type CardReader,
  type ReaderHealth,
  type RejectCounts,
  type TapListener,
} from './card-reader';

/**
 * RDM6300 / EM4100 at 9600 baud: the module only transmits. Frames go through the device-protocol stream
 * parser (resynchronises on STX) and read filter (two identical frames within 300 ms, then ignored while held).
 */
export class Rdm6300Reader implements CardReader {
  private readonly parser = new Rdm6300StreamParser();
  private readonly filter: Rdm6300ReadFilter;
  private readonly listeners = new TapListeners();
  private readonly rejects: RejectCounts = {};
  private taps = 0;
  private readonly log: Logger;

  constructor(
    private readonly config: Rdm6300ReaderConfig,
    private readonly port: PortSupervisor,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.filter = new Rdm6300ReadFilter();
    this.log = logger.child({ reader: 'rdm6300', port: config.path, machineId: config.machineId });
    port.onData((chunk) => this.receive(chunk));
    // A frame cut by an unplug must not glue onto the first bytes after the replug.
    port.onOpen(() => {
      this.parser.reset();
      this.filter.reset();
    });
  }

  get machineId(): string {
    return this.config.machineId;
  }

  onTap(listener: TapListener): void {
    this.listeners.add(listener);
  }

  start(): void {
    this.port.start();
  }

  stop(): Promise<void> {
    return this.port.stop();
  }

  health(): ReaderHealth {
    return {
      kind: 'rdm6300',
      machineId: this.machineId,
      port: this.port.health(),
      taps: this.taps,
      rejects: { ...this.rejects },
    };
  }

  private receive(chunk: Uint8Array): void {
    const nowMs = this.now();
    for (const item of this.parser.push(chunk)) {
      if (!item.ok) {
        countReject(this.rejects, 'badFrame');
        this.log.debug({ error: item.error }, 'bad RDM6300 frame');
        continue;
      }
      const uid = this.filter.accept(item.frame, nowMs);
      if (uid === null) {
        countReject(this.rejects, item.frame.uid === '00000000' ? 'zeroUid' : 'unconfirmedOrHeld');
        continue;
      }
      this.taps += 1;
      const tap = {
        uid,
        at: new Date(nowMs),
        machineId: this.machineId,
        readerPath: this.config.path,
        tech: CardTechnology.Em4100,
      };
      this.log.debug({ uid }, 'card read');
      this.listeners.emit(tap, (error) => this.log.error({ err: error }, 'tap listener failed'));
    }
  }
}
