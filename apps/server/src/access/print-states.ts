import { Injectable, Logger } from '@nestjs/common';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'print-states.json';

/**
 * Which machines' printers were printing, kept across restarts (DATA_DIR/print-states.json).
 *
 * After a restart the server would otherwise assume "not printing" until the printer reports again. The
 * embedded broker keeps no retained messages over a restart, OctoPrint repeats its progress only at the next
 * percent, and Moonraker sends print_stats.state only when it changes (at the end of the print): a tap-out or
 * a session's deadline in that window would cut the power under a running print. A restored "printing" errs
 * the safe way; the printer's next report corrects it.
 *
 * Written on every change (a print starting or stopping, rare), by writing a new file and renaming it over
 * the old one, so a crash leaves the old or the new file, never half of one.
 */
@Injectable()
export class PrintStates {
  private readonly logger = new Logger(PrintStates.name);
  private file: string | null = null;
  /** machineId → since when (ISO) its printer reports printing. */
  private readonly printing = new Map<string, string>();

  open(dataDir: string): void {
    this.file = join(dataDir, FILE);
    this.printing.clear();
    if (!existsSync(this.file)) return;
    try {
      const saved: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (typeof saved !== 'object' || saved === null || Array.isArray(saved))
        throw new Error('not an object');
      for (const [machineId, since] of Object.entries(saved)) {
        if (typeof since === 'string') this.printing.set(machineId, since);
      }
    } catch (error) {
      this.logger.warn(
        { err: error, file: this.file },
        'print states unreadable: every printer counts as idle until it reports',
      );
    }
    if (this.printing.size > 0) {
      this.logger.log(
        `${this.printing.size} printer(s) were printing at shutdown; power stays on under them`,
      );
    }
  }

  isPrinting(machineId: string): boolean {
    return this.printing.has(machineId);
  }

  set(machineId: string, printing: boolean, at: number): void {
    if (printing === this.printing.has(machineId)) return;
    if (printing) this.printing.set(machineId, new Date(at).toISOString());
    else this.printing.delete(machineId);
    this.save();
  }

  private save(): void {
    if (this.file === null) return;
    const next = `${this.file}.next`;
    try {
      writeFileSync(next, JSON.stringify(Object.fromEntries(this.printing)));
      renameSync(next, this.file);
    } catch (error) {
      // The state in memory stays right; only a restart before the next successful write would miss it.
      this.logger.error({ err: error, file: this.file }, 'saving the print states failed');
    }
  }
}
