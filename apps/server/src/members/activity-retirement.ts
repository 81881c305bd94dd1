import { EntityManager, In } from 'typeorm';
import {
  AccessEventEntity,
  MachineEntity,
  markReportDays,
  retireVisitorDays,
  ReportCellEntity,
  ReportResidualCellEntity,
  SiteEntity,
  UsageSessionEntity,
  VisitEntity,
} from '@werkbank/persistence';
import {
  type AggregateCell,
  machineUserDays,
  type PersonProfile,
  sessionCells,
  sumCells,
  utcDaysOf,
  visitCells,
  visitorDays,
} from '@werkbank/reports';

const keyOf = (c: Pick<ReportCellEntity, 'day' | 'siteId' | 'measure' | 'breakdown' | 'category'>) => ({
  day: c.day,
  siteId: c.siteId,
  measure: c.measure,
  breakdown: c.breakdown,
  category: c.category,
});

/**
 * Deletes an erased member's raw activity (access events, sessions, visits) and keeps what it counted: its
 * cells (computed as the roll-up does, with the profile the member had) move from the daily cells into
 * `report_residual_cells`, their visitor and machine user days (distinct counts) get a random key, and the days are marked so
 * the roll-up rebuilds them from the rows left. The figures stay the same before, during and after; nothing
 * of the person stays. Idempotent (a second pass
 * finds no rows).
 */
export async function retireActivity(
  em: EntityManager,
  memberKey: string,
  profile: PersonProfile,
): Promise<void> {
  const [visits, sessions] = await Promise.all([
    em.find(VisitEntity, { where: { memberKey }, select: { id: true, siteId: true, at: true } }),
    em.find(UsageSessionEntity, { where: { memberKey } }),
  ]);
  const siteIds = [...new Set([...visits, ...sessions].map((r) => r.siteId))];
  const zones = new Map(
    (siteIds.length
      ? await em.find(SiteEntity, { where: { id: In(siteIds) }, select: { id: true, timezone: true } })
      : []
    ).map((s) => [s.id, s.timezone]),
  );
  const machineIds = [...new Set(sessions.map((s) => s.machineId))];
  const typeOf = new Map(
    (machineIds.length
      ? await em.find(MachineEntity, {
          where: { id: In(machineIds) },
          select: { id: true, machineTypeId: true },
        })
      : []
    ).map((m) => [m.id, m.machineTypeId]),
  );
  const zone = (siteId: string) => zones.get(siteId) ?? 'UTC';
  const raw: AggregateCell[] = [];
  for (const v of visits)
    raw.push(...visitCells({ siteId: v.siteId, at: v.at.getTime() }, profile, zone(v.siteId)));
  for (const s of sessions) {
    if (!s.endedAt) continue; // an open session has no cells yet
    const span = {
      siteId: s.siteId,
      machineTypeId: typeOf.get(s.machineId) ?? 'unknown',
      startedAt: s.startedAt.getTime(),
      endedAt: s.endedAt.getTime(),
    };
    raw.push(...sessionCells(span, profile, zone(s.siteId)));
  }
  for (const cell of sumCells(raw)) {
    const key = keyOf({ ...cell, breakdown: cell.breakdown ?? '', category: cell.category ?? '' });
    const residual = await em.findOne(ReportResidualCellEntity, { where: key });
    await em.save(ReportResidualCellEntity, { ...key, value: (residual?.value ?? 0) + cell.value });
    const current = await em.findOne(ReportCellEntity, { where: key });
    if (current) await em.update(ReportCellEntity, key, { value: current.value - cell.value });
  }
  const marks = [
    ...visits.flatMap((v) => utcDaysOf(v.at.getTime()).map((utcDay) => ({ siteId: v.siteId, utcDay }))),
    ...sessions.flatMap((s) =>
      utcDaysOf(s.startedAt.getTime(), (s.endedAt ?? s.startedAt).getTime()).map((utcDay) => ({
        siteId: s.siteId,
        utcDay,
      })),
    ),
  ];
  await markReportDays(em, marks);
  // Days not rolled up yet get their visitor day first, so the person counts there too once retired.
  const days = visits.flatMap((v) =>
    visitorDays([{ siteId: v.siteId, at: v.at.getTime(), memberKey }], zone(v.siteId)),
  );
  const machineUsers = sessions.flatMap((s) =>
    s.endedAt
      ? machineUserDays(
          [{ ...s, machineTypeId: typeOf.get(s.machineId) ?? 'unknown', startedAt: s.startedAt.getTime() }],
          zone(s.siteId),
        )
      : [],
  );
  await retireVisitorDays(em, memberKey, days, machineUsers);
  await em.delete(AccessEventEntity, { memberKey });
  if (sessions.length) await em.delete(UsageSessionEntity, { memberKey });
  if (visits.length) await em.delete(VisitEntity, { memberKey });
}
