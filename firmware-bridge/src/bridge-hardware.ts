import type { Logger } from 'pino';
import type { BridgeConfig, LcusOutputConfig, ReaderConfig } from './config/bridge-config';
import { LcusBoard } from './outputs/lcus-board';
import { MqttRelayOutput, type MqttRelayPublisher } from './outputs/mqtt-relay.output';
import type { RelayHealth, RelayOutput } from './outputs/relay-output';
import type { CardReader, ReaderHealth } from './readers/card-reader';
import { LineReader } from './readers/line.reader';
import { Pn532Reader } from './readers/pn532.reader';
import { Rdm6300Reader } from './readers/rdm6300.reader';
import { PortSupervisor, type PortHealth, type PortSupervisorOptions } from './serial/port-supervisor';
import type { TapSink } from './tap-sink';

export interface HardwareOptions {
  logger: Logger;
  /** Needed only when the config has MQTT outputs; the link owner passes its broker link. */
  mqttPublisher?: MqttRelayPublisher;
  /** Tests shorten the supervisor's timings. */
  portOptions?: Partial<Omit<PortSupervisorOptions, 'path' | 'baudRate' | 'logger'>>;
}

export interface HardwareHealth {
  /** Every serial port the bridge owns (readers and relay boards), for the health heartbeat. */
  ports: PortHealth[];
  readers: ReaderHealth[];
  outputs: RelayHealth[];
}

/** The serial side of the bridge, built from the config: readers (→ a TapSink) and outputs per machine. */
export class BridgeHardware {
  readonly readers: CardReader[];
  readonly outputs: ReadonlyMap<string, RelayOutput>;
  private readonly boards: LcusBoard[];

  constructor(
    config: BridgeConfig,
    private readonly options: HardwareOptions,
  ) {
    this.readers = config.readers.map((reader) => this.reader(reader));
    const boards = new Map<string, LcusBoard>();
    const outputs = new Map<string, RelayOutput>();
    for (const output of config.outputs) {
      if (output.kind === 'lcus') outputs.set(output.machineId, this.board(boards, output).output(output));
      else outputs.set(output.machineId, new MqttRelayOutput(output, this.publisher()));
    }
    this.boards = [...boards.values()];
    this.outputs = outputs;
  }

  connect(sink: TapSink): void {
    const log = this.options.logger;
    for (const reader of this.readers) {
      reader.onTap((tap) => {
        try {
          const handled = sink.handleTap(tap);
          if (handled instanceof Promise)
            handled.catch((error: unknown) => log.error({ err: error, uid: tap.uid }, 'tap sink failed'));
        } catch (error) {
          log.error({ err: error, uid: tap.uid }, 'tap sink failed');
        }
      });
    }
  }

  start(): void {
    for (const reader of this.readers) reader.start();
    for (const board of this.boards) board.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.readers.map((r) => r.stop()), ...this.boards.map((b) => b.stop())]);
  }

  health(): HardwareHealth {
    const readers = this.readers.map((r) => r.health());
    return {
      ports: [...readers.map((r) => r.port), ...this.boards.map((b) => b.portSupervisor.health())],
      readers,
      outputs: [...this.outputs.values()].map((o) => o.health()),
    };
  }

  private supervisor(path: string, baudRate: number, silenceTimeoutMs: number | null): PortSupervisor {
    return new PortSupervisor({
      silenceTimeoutMs,
      ...this.options.portOptions,
      path,
      baudRate,
      logger: this.options.logger,
    });
  }

  private reader(config: ReaderConfig): CardReader {
    const log = this.options.logger;
    switch (config.kind) {
      case 'rdm6300':
        return new Rdm6300Reader(config, this.supervisor(config.path, config.baud, null), log);
      case 'pn532':
        return new Pn532Reader(
          config,
          this.supervisor(config.path, config.baud, config.silenceTimeoutMs),
          log,
        );
      case 'line':
        return new LineReader(config, this.supervisor(config.path, config.baud, null), log);
    }
  }

  private board(boards: Map<string, LcusBoard>, config: LcusOutputConfig): LcusBoard {
    const existing = boards.get(config.path);
    if (existing !== undefined) return existing;
    const board = new LcusBoard(this.supervisor(config.path, config.baud, null), this.options.logger, {
      readback: config.readback,
    });
    boards.set(config.path, board);
    return board;
  }

  private publisher(): MqttRelayPublisher {
    if (this.options.mqttPublisher !== undefined) return this.options.mqttPublisher;
    // Without the link every MQTT switch fails loudly instead of pretending to have switched.
    return { connected: false, publish: () => Promise.reject(new Error('no MQTT link in this build')) };
  }
}
