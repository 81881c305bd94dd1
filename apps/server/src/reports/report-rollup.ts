import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { addDaysToDate, startOfLocalDay } from '@werkbank/access-core';
import { AgeBand, Gender } from '@werkbank/contracts';
import {
  MemberEntity,
  type RebuiltDays,
  ReportCellsRepository,
  ReportDirtyDayEntity,
  SitesRepository,
  VisitEntity,
  type VisitorDayRow,
} from '@werkbank/persistence';
import {
  ANONYMOUS_PROFILE,
  type AggregateCell,
  headcountCells,
  localDaysOfUtcDay,
  machineUserDays,
  NOT_STATED,
  type PersonProfile,
  sessionCells,
  sumCells,
  visitCells,
  visitorDays,
} from '@werkbank/reports';
import { UrbanRuralClasses } from './urban-rural-classes';

/** How often the job looks for changed days; reports are at most this far behind the activity. */
const ROLLUP_INTERVAL_MS = 60_000;
const MARKS_PER_RUN = 500;

/**
 * Keeps the daily report cells in step with the raw activity: every site × UTC date a writer marked is rebuilt
 * from the raw rows (the local days it touches, whole), and the mark cleared in the same transaction. A rebuild
 * replaces, never adds, so a crash, a replayed journal or a second run never counts twice.
 */
@Injectable()
export class ReportRollup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReportRollup.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  /** Roll-ups and retention run one after another, never beside each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cells: ReportCellsRepository,
    private readonly sites: SitesRepository,
    private readonly urbanRural: UrbanRuralClasses,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.catchUp(), ROLLUP_INTERVAL_MS);
    this.timer.unref();
    void this.catchUp();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Rebuilds until nothing is marked; one run at a time. Resolves to the marks cleared. Never rejects. */
  catchUp(): Promise<number> {
    this.running ??= this.serially(() => this.drain())
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'report roll-up failed; the marks stay for the next run');
        return 0;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  /** Runs `task` after a complete roll-up, with no roll-up beside it (retention deletes raw rows in it). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.serially(async () => {
      await this.drain();
      return task();
    });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async drain(): Promise<number> {
    let cleared = 0;
    for (;;) {
      const marks = await this.cells.dirtyDays(MARKS_PER_RUN);
      if (marks.length === 0) return cleared;
      const bySite = new Map<string, ReportDirtyDayEntity[]>();
      for (const mark of marks) bySite.set(mark.siteId, [...(bySite.get(mark.siteId) ?? []), mark]);
      for (const [siteId, siteMarks] of bySite) await this.rebuild(siteId, siteMarks);
      cleared += marks.length;
    }
  }

  private async rebuild(siteId: string, marks: ReportDirtyDayEntity[]): Promise<void> {
    const site = await this.sites.findByIdWithHours(siteId);
    if (!site) {
      // The site was deleted (its rows went with it): drop its marks, keep nothing to rebuild.
      await this.cells.replaceDays(siteId, {
        days: [],
        cells: [],
        visitors: [],
        machineUsers: [],
        done: marks,
      });
      return;
    }
    // Sealed days are final: retention deleted their raw rows, so their cells stay as they are. Check-ins still
    // there (from before visits were retained) only add their visitor days.
    const sealedBefore = (await this.cells.seals()).get(siteId) ?? '';
    const touched = [...new Set(marks.flatMap((m) => localDaysOfUtcDay(m.utcDay, site.timezone)))].sort();
    const days = touched.filter((day) => day >= sealedBefore);
    const sealed = touched.filter((day) => day < sealedBefore);
    const open = days.length
      ? await this.daysOf(siteId, days, site.timezone)
      : { cells: [], visitors: [], machineUsers: [] };
    const kept = sealed.length ? await this.visitorDaysOf(siteId, sealed, site.timezone) : [];
    await this.cells.replaceDays(siteId, { days, ...open, done: marks, sealedVisitors: kept });
  }

  /** The cells and visitor days of whole local days, from every raw row that touches them. */
  private async daysOf(
    siteId: string,
    days: string[],
    timeZone: string,
  ): Promise<Pick<RebuiltDays, 'cells' | 'visitors' | 'machineUsers'>> {
    const wanted = new Set(days);
    const start = new Date(startOfLocalDay(days[0], timeZone));
    const end = new Date(startOfLocalDay(addDaysToDate(days[days.length - 1], 1), timeZone));
    const [visits, sessions, headcounts] = await Promise.all([
      this.cells.visitsIn(siteId, start, end),
      this.cells.endedSessionsOverlapping(siteId, start, end),
      this.cells.headcountsOn(siteId, days),
    ]);
    const keys = [
      ...new Set([
        ...visits.flatMap((v) => (v.memberKey ? [v.memberKey] : [])),
        ...sessions.map((s) => s.session.memberKey),
      ]),
    ];
    const profiles = new Map(
      (await this.cells.profiles(keys)).map((m) => [m.memberKey, profileOf(m, this.urbanRural.classOf)]),
    );
    const raw: AggregateCell[] = [];
    for (const visit of visits)
      raw.push(...visitCells({ siteId, at: visit.at.getTime() }, visitProfile(visit, profiles), timeZone));
    for (const h of headcounts) raw.push(...headcountCells(h));
    for (const { session, machineTypeId } of sessions) {
      const profile = profiles.get(session.memberKey) ?? ANONYMOUS_PROFILE;
      const span = { siteId, machineTypeId, startedAt: session.startedAt.getTime() };
      raw.push(...sessionCells({ ...span, endedAt: (session.endedAt as Date).getTime() }, profile, timeZone));
    }
    const cells = sumCells(raw.filter((c) => wanted.has(c.day))).map((c) => ({
      ...c,
      breakdown: c.breakdown ?? '',
      category: c.category ?? '',
    }));
    const users = sessions.map(({ session, machineTypeId }) => ({
      siteId,
      machineTypeId,
      startedAt: session.startedAt.getTime(),
      memberKey: session.memberKey,
    }));
    return {
      cells,
      visitors: visitorDaysIn(visits, siteId, wanted, timeZone),
      machineUsers: machineUserDays(users, timeZone).filter((u) => wanted.has(u.day)),
    };
  }

  /** Only the visitor days of whole local days (sealed days: their cells are final). */
  private async visitorDaysOf(siteId: string, days: string[], timeZone: string): Promise<VisitorDayRow[]> {
    const start = new Date(startOfLocalDay(days[0], timeZone));
    const end = new Date(startOfLocalDay(addDaysToDate(days[days.length - 1], 1), timeZone));
    return visitorDaysIn(await this.cells.visitsIn(siteId, start, end), siteId, new Set(days), timeZone);
  }
}

function visitorDaysIn(
  visits: readonly VisitEntity[],
  siteId: string,
  wanted: ReadonlySet<string>,
  timeZone: string,
): VisitorDayRow[] {
  const rows = visits.map((v) => ({ siteId, at: v.at.getTime(), memberKey: v.memberKey }));
  return visitorDays(rows, timeZone).filter((v) => wanted.has(v.day));
}

/** Urban/rural class of a home municipality key (UrbanRuralClasses.classOf). */
export type ClassOf = (municipalityKey: string | null | undefined) => string;

/** A member's report categories (never more than these); urban/rural from their home key, by the lab's table. */
export function profileOf(
  member: Pick<MemberEntity, 'ageBand' | 'gender' | 'occupation' | 'homeMunicipalityKey'>,
  classOf: ClassOf,
): PersonProfile {
  return {
    ageBand: member.ageBand ?? AgeBand.NotStated,
    gender: member.gender ?? Gender.NotStated,
    occupationStatus: member.occupation ?? NOT_STATED,
    urbanRural: classOf(member.homeMunicipalityKey),
  };
}

/** A member's visit takes the member's profile; an anonymous visitor's, what the desk noted. */
function visitProfile(visit: VisitEntity, profiles: Map<string, PersonProfile>): PersonProfile {
  if (visit.memberKey) return profiles.get(visit.memberKey) ?? ANONYMOUS_PROFILE;
  return { ...ANONYMOUS_PROFILE, ageBand: visit.ageBand ?? NOT_STATED, gender: visit.gender ?? NOT_STATED };
}
