import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { ReportCellsRepository, SitesRepository } from '@werkbank/persistence';
import { AppConfig } from '../config/app-config';
import { ReportRollup } from './report-rollup';

const RETENTION_INTERVAL_MS = 6 * 3_600_000;
const FIRST_RUN_DELAY_MS = 60_000;
/** Rows per deletion transaction (small enough not to hold the SQLite writer long). */
export const RETENTION_BATCH = 2_000;

export interface RetentionResult {
  sessions: number;
  visits: number;
  accessEvents: number;
  /** False when `maxBatches` stopped it before the end (the next run continues). */
  complete: boolean;
}

/**
 * Deletes raw machine sessions, check-ins and access events older than REPORT_RETENTION_DAYS, after their days
 * are in the report cells and visitor days: it first completes a roll-up, then seals each site (the roll-up
 * never rebuilds a sealed day again), then deletes in batches, each its own transaction. Killed anywhere, the
 * next run finds the seal and carries on with the same cells (docs/reports.md).
 */
@Injectable()
export class ReportRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportRetention.name);
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly rollup: ReportRollup,
    private readonly cells: ReportCellsRepository,
    private readonly sites: SitesRepository,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REPORT_RETENTION_DAYS === 0) return;
    const tick = () =>
      void this.run().catch((err: unknown) => this.logger.error({ err }, 'retention failed'));
    const first = setTimeout(tick, FIRST_RUN_DELAY_MS);
    const every = setInterval(tick, RETENTION_INTERVAL_MS);
    first.unref();
    every.unref();
    this.timers = [first, every];
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
  }

  /** One pass; `maxBatches` only for tests that stop it half-way. */
  run(options: { now?: number; maxBatches?: number } = {}): Promise<RetentionResult> {
    const days = this.config.REPORT_RETENTION_DAYS;
    const result: RetentionResult = { sessions: 0, visits: 0, accessEvents: 0, complete: true };
    if (days === 0) return Promise.resolve(result);
    const now = options.now ?? Date.now();
    let budget = options.maxBatches ?? Infinity;
    /** Deletes batch after batch until one comes back short; false when the budget ran out first. */
    const drain = async (batch: () => Promise<number>, add: (n: number) => void): Promise<boolean> => {
      for (;;) {
        if (budget <= 0) return false;
        budget -= 1;
        const n = await batch();
        add(n);
        if (n < RETENTION_BATCH) return true;
      }
    };
    return this.rollup.exclusive(async () => {
      for (const site of await this.sites.findAllWithHours()) {
        const cutoffDay = addDaysToDate(localDateOf(now, site.timezone), -days);
        const sealedBefore = await this.cells.seal(site.id, cutoffDay);
        const before = new Date(startOfLocalDay(sealedBefore, site.timezone));
        const done =
          (await drain(
            () => this.cells.deleteSessionsEndedBefore(site.id, before, RETENTION_BATCH),
            (n) => (result.sessions += n),
          )) &&
          (await drain(
            () => this.cells.deleteVisitsBefore(site.id, before, RETENTION_BATCH),
            (n) => (result.visits += n),
          ));
        if (!done) return { ...result, complete: false };
      }
      const zone = this.config.TIMEZONE;
      const eventsBefore = new Date(startOfLocalDay(addDaysToDate(localDateOf(now, zone), -days), zone));
      result.complete = await drain(
        () => this.cells.deleteAccessEventsBefore(eventsBefore, RETENTION_BATCH),
        (n) => (result.accessEvents += n),
      );
      if (result.sessions + result.visits + result.accessEvents > 0)
        this.logger.log(
          `retention: deleted ${result.sessions} sessions, ${result.visits} check-ins and ${result.accessEvents} access events older than ${days} days (their figures stay in the report cells)`,
        );
      return result;
    });
  }
}
