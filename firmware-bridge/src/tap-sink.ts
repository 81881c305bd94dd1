import type { Logger } from 'pino';
import type { Tap } from './readers/card-reader';
import type { RelayOutput } from './outputs/relay-output';

/**
 * Where taps go. The link/offline runtime implements this (forward to the server, decide locally when it
 * does not answer, switch `outputs`); until it is plugged in, `LoggingTapSink` logs each tap.
 */
export interface TapSink {
  handleTap(tap: Tap): void | Promise<void>;
}

export class LoggingTapSink implements TapSink {
  constructor(
    private readonly logger: Logger,
    private readonly outputs: ReadonlyMap<string, RelayOutput>,
  ) {}

  handleTap(tap: Tap): void {
    this.logger.info(
      {
        uid: tap.uid,
        machineId: tap.machineId,
        reader: tap.readerPath,
        tech: tap.tech,
        at: tap.at.toISOString(),
        output: this.outputs.get(tap.machineId)?.kind ?? null,
      },
      'card tap (no link configured: logged only)',
    );
  }
}
