import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Between,
  DataSource,
  EntityManager,
  EntityTarget,
  FindOptionsSelect,
  FindOptionsWhere,
  In,
  IsNull,
  LessThan,
  MoreThan,
  Not,
} from 'typeorm';
import {
  AccessEventEntity,
  MachineEntity,
  MemberEntity,
  ReportCellEntity,
  ReportDirtyDayEntity,
  ReportMachineUserDayEntity,
  ReportResidualCellEntity,
  ReportSealEntity,
  ReportVisitorDayEntity,
  UsageSessionEntity,
  VisitEntity,
  VisitHeadcountEntity,
} from '../entities';

/** A cell as the roll-up computes it ('' for the total's breakdown and category). */
export type ReportCellRow = Pick<
  ReportCellEntity,
  'day' | 'siteId' | 'measure' | 'breakdown' | 'category' | 'value'
>;

/** A member seen at a site on a local day (the distinct counts' mark). */
export type VisitorDayRow = Pick<ReportVisitorDayEntity, 'siteId' | 'day' | 'personKey'>;

/**
 * An erased member's visitor days (`missing`: those the roll-up has not written yet) all get one random key
 * and are kept by later rebuilds: the person still counts once, nobody can tell who it was.
 */
export async function retireVisitorDays(
  em: EntityManager,
  personKey: string,
  missing: readonly VisitorDayRow[],
  missingMachineUsers: readonly MachineUserDayRow[] = [],
): Promise<void> {
  for (const [entity, all] of [
    [ReportVisitorDayEntity, missing],
    [ReportMachineUserDayEntity, missingMachineUsers],
  ] as const) {
    for (const rows of chunks<object>(all))
      await em.createQueryBuilder().insert().into(entity).values(rows).orIgnore().execute();
    await em.update(entity, { personKey }, { personKey: randomUUID(), retired: true });
  }
}

/** A member who started a session on a machine type at a site on a local day (M11's distinct users). */
export type MachineUserDayRow = Pick<
  ReportMachineUserDayEntity,
  'siteId' | 'day' | 'machineTypeId' | 'personKey'
>;

/** What the roll-up writes for a site's rebuilt local days, and the marks it clears with them. */
export interface RebuiltDays {
  /** The open local days rebuilt whole (their cells and day marks are replaced). */
  days: readonly string[];
  cells: readonly ReportCellRow[];
  visitors: readonly VisitorDayRow[];
  machineUsers: readonly MachineUserDayRow[];
  done: readonly ReportDirtyDayEntity[];
  /** Sealed days only add the visitor days of check-ins still there on them. */
  sealedVisitors?: readonly VisitorDayRow[];
}

export interface DirtyDay {
  siteId: string;
  utcDay: string;
}

const chunks = <T>(rows: readonly T[], size = 100): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, i * size + size));

/**
 * Notes site × UTC dates as changed, inside the writer's transaction (the mark and the change commit together).
 * A day marked again gets a new stamp, so a roll-up that read it before keeps the new mark.
 */
export async function markReportDays(em: EntityManager, marks: readonly DirtyDay[]): Promise<void> {
  const unique = [...new Map(marks.map((m) => [`${m.siteId} ${m.utcDay}`, m])).values()];
  for (const rows of chunks(unique))
    await em
      .createQueryBuilder()
      .insert()
      .into(ReportDirtyDayEntity)
      .values(rows.map((m) => ({ ...m, stamp: randomUUID() })))
      .orUpdate(['stamp'], ['siteId', 'utcDay'])
      .updateEntity(false)
      .execute();
}

/** The funder reports' daily aggregates, the marks of what changed, and the raw reads the roll-up needs. */
@Injectable()
export class ReportCellsRepository {
  constructor(private readonly dataSource: DataSource) {}

  dirtyDays(limit: number): Promise<ReportDirtyDayEntity[]> {
    return this.dataSource
      .getRepository(ReportDirtyDayEntity)
      .find({ order: { siteId: 'ASC', utcDay: 'ASC' }, take: limit });
  }

  /**
   * Replaces a site's cells and day marks of `days` and clears the marks that asked for it, in one
   * transaction. Sealed days are left out by the caller (their raw rows are gone).
   */
  async replaceDays(siteId: string, rebuilt: RebuiltDays): Promise<void> {
    const { days, cells, visitors, machineUsers, done, sealedVisitors = [] } = rebuilt;
    await this.dataSource.transaction(async (em) => {
      if (days.length > 0) {
        const where = { siteId, day: In([...days]) };
        await em.createQueryBuilder().delete().from(ReportCellEntity).where(where).execute();
        // Erased members' days stay (retired): no raw row is left to rebuild them from.
        await em.delete(ReportVisitorDayEntity, { ...where, retired: false });
        await em.delete(ReportMachineUserDayEntity, { ...where, retired: false });
      }
      for (const [entity, rows] of [
        [ReportCellEntity, cells],
        [ReportVisitorDayEntity, visitors],
        [ReportMachineUserDayEntity, machineUsers],
      ] as const)
        for (const chunk of chunks<object>(rows))
          await em.createQueryBuilder().insert().into(entity).values(chunk).updateEntity(false).execute();
      for (const rows of chunks(sealedVisitors))
        await em.createQueryBuilder().insert().into(ReportVisitorDayEntity).values(rows).orIgnore().execute();
      for (const { siteId: site, utcDay, stamp } of done)
        await em.delete(ReportDirtyDayEntity, { siteId: site, utcDay, stamp });
    });
  }

  /** Each site's seal: local days before it have lost their raw sessions. */
  async seals(): Promise<Map<string, string>> {
    const rows = await this.dataSource.getRepository(ReportSealEntity).find();
    return new Map(rows.map((r) => [r.siteId, r.sealedBefore]));
  }

  /** Moves a site's seal forward (never back), before retention deletes anything under it. */
  async seal(siteId: string, sealedBefore: string): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      const row = await em.findOne(ReportSealEntity, { where: { siteId } });
      if (row && row.sealedBefore >= sealedBefore) return row.sealedBefore;
      await em.save(ReportSealEntity, { siteId, sealedBefore });
      return sealedBefore;
    });
  }

  /** Deletes up to `limit` of the site's sessions that ended before `before`; resolves to how many. */
  deleteSessionsEndedBefore(siteId: string, before: Date, limit: number): Promise<number> {
    return this.deleteBatch(UsageSessionEntity, { siteId, endedAt: LessThan(before) }, limit);
  }

  /** Deletes up to `limit` of the site's check-ins before `before` (their visitor days and cells stay). */
  deleteVisitsBefore(siteId: string, before: Date, limit: number): Promise<number> {
    return this.deleteBatch(VisitEntity, { siteId, at: LessThan(before) }, limit);
  }

  /** Deletes up to `limit` access events (taps and their decisions) older than `before`. */
  deleteAccessEventsBefore(before: Date, limit: number): Promise<number> {
    return this.deleteBatch(AccessEventEntity, { at: LessThan(before) }, limit);
  }

  /** One retention batch in its own transaction: up to `limit` rows matching `where`; resolves to how many. */
  private deleteBatch<T extends { id: string }>(
    entity: EntityTarget<T>,
    where: FindOptionsWhere<T>,
    limit: number,
  ): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const rows = await em.find(entity, {
        where,
        select: { id: true } as FindOptionsSelect<T>,
        take: limit,
      });
      for (const ids of chunks(
        rows.map((r) => r.id),
        500,
      ))
        await em.delete(entity, { id: In(ids) } as FindOptionsWhere<T>);
      return rows.length;
    });
  }

  /** What a report sums: the cells plus erased members' residual cells, of sites in [from, to]. */
  async reportCells(siteIds: readonly string[], from: string, to: string): Promise<ReportCellRow[]> {
    // Plain rows, not entities: a quarter is tens of thousands of cells, and hydration would be most of the read.
    const read = (entity: typeof ReportCellEntity | typeof ReportResidualCellEntity) =>
      this.dataSource
        .getRepository(entity)
        .createQueryBuilder('c')
        .select(['day', 'siteId', 'measure', 'breakdown', 'category', 'value'].map((f) => `c.${f} AS "${f}"`))
        .where({ siteId: In([...siteIds]), day: Between(from, to) })
        .getRawMany<ReportCellRow>();
    const [cells, residual] = await Promise.all([read(ReportCellEntity), read(ReportResidualCellEntity)]);
    for (const c of residual) cells.push(c);
    return cells.map((c) => (typeof c.value === 'number' ? c : { ...c, value: Number(c.value) }));
  }

  /** Cells of sites in [from, to] (local dates), for a report. */
  cells(siteIds: readonly string[], from: string, to: string): Promise<ReportCellEntity[]> {
    return this.dataSource
      .getRepository(ReportCellEntity)
      .find({ where: { siteId: In([...siteIds]), day: Between(from, to) } });
  }

  visitsIn(siteId: string, start: Date, end: Date): Promise<VisitEntity[]> {
    return this.dataSource.getRepository(VisitEntity).find({
      where: { siteId, at: Between(start, new Date(end.getTime() - 1)) },
      select: { id: true, siteId: true, at: true, memberKey: true, ageBand: true, gender: true },
    });
  }

  headcountsOn(siteId: string, days: readonly string[]): Promise<VisitHeadcountEntity[]> {
    return this.dataSource
      .getRepository(VisitHeadcountEntity)
      .find({ where: { siteId, day: In([...days]) } });
  }

  /** Ended sessions at the site that overlap [start, end), with their machine's type. */
  async endedSessionsOverlapping(
    siteId: string,
    start: Date,
    end: Date,
  ): Promise<{ session: UsageSessionEntity; machineTypeId: string }[]> {
    const sessions = await this.dataSource.getRepository(UsageSessionEntity).find({
      where: { siteId, startedAt: LessThan(end), endedAt: MoreThan(start) },
    });
    const machineIds = [...new Set(sessions.map((s) => s.machineId))];
    const machines = machineIds.length
      ? await this.dataSource
          .getRepository(MachineEntity)
          .find({ where: { id: In(machineIds) }, select: { id: true, machineTypeId: true } })
      : [];
    const typeOf = new Map(machines.map((m) => [m.id, m.machineTypeId]));
    return sessions.map((session) => ({
      session,
      machineTypeId: typeOf.get(session.machineId) ?? 'unknown',
    }));
  }

  /** The self-declared profiles of the members behind `memberKeys` (erased members are simply absent). */
  profiles(memberKeys: readonly string[]): Promise<MemberEntity[]> {
    if (memberKeys.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(MemberEntity).find({
      where: { memberKey: In([...memberKeys]) },
      select: { memberKey: true, ageBand: true, gender: true, occupation: true, homeMunicipalityKey: true },
    });
  }

  /** The session's site and UTC dates, to mark them once it has ended. */
  async sessionSpan(em: EntityManager, id: string): Promise<UsageSessionEntity | null> {
    return em.getRepository(UsageSessionEntity).findOne({
      where: { id, endedAt: Not(IsNull()) },
      select: { id: true, siteId: true, startedAt: true, endedAt: true },
    });
  }
}
