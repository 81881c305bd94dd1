import { randomUUID } from 'node:crypto';
import { addDaysToDate } from '@werkbank/access-core';
import { MemberStatus, SessionEndReason } from '@werkbank/contracts';
import {
  DeploymentEntity,
  insertInChunks,
  markReportDays,
  MemberEntity,
  ReportCellEntity,
  ReportMachineUserDayEntity,
  ReportVisitorDayEntity,
  MunicipalityClassesRepository,
  ReportCellsRepository,
  SitesRepository,
  UsageSessionEntity,
  VisitEntity,
  VisitHeadcountEntity,
} from '@werkbank/persistence';
import { ANONYMOUS_PROFILE, type PersonProfile, sessionCells, visitCells } from '@werkbank/reports';
import type { DataSource, EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import { ReportRollup } from '../../reports/report-rollup';
import { UrbanRuralClasses } from '../../reports/urban-rural-classes';
import { CellSums } from './cell-sums';
import {
  dayWeight,
  planDeployments,
  planMembers,
  planSession,
  planVisit,
  PlanSite,
  PlannedDeployment,
  PlannedMember,
  prng,
  spread,
} from './plan';
import { writeProgramme } from './synthetic-programme';

export interface SyntheticOptions {
  seed: number;
  /** First and last local date (inclusive). */
  from: string;
  to: string;
  sessions: number;
  visits: number;
  members: number;
  sites: readonly PlanSite[];
  /** The staff account that "recorded" headcounts, trainings, incidents (an admin). */
  staffId: string;
  /**
   * 'direct' computes the report cells while writing (with the libs/reports roll-up functions); 'rollup' marks
   * the days and runs the server's ReportRollup catch-up over the raw rows (slower, the production path).
   */
  cells?: 'direct' | 'rollup';
  progress?: (line: string) => void;
}

export interface SyntheticSummary {
  members: number;
  sessions: number;
  visits: number;
  headcounts: number;
  deployments: number;
  events: number;
  registrations: number;
  trainings: number;
  incidents: number;
  volunteerRows: number;
  cells: number;
  ms: { write: number; cells: number };
}

/** Rows per transaction: big enough to be fast, small enough that a reader is never blocked for long. */
const BATCH = 20_000;

/**
 * Writes a planned lab year into the database in bulk (query-builder inserts, chunked, in transactions), then
 * fills the report cells. Content is deterministic for a seed; ids are random UUIDs.
 */
export async function writeSynthetic(ds: DataSource, o: SyntheticOptions): Promise<SyntheticSummary> {
  const t0 = Date.now();
  const say = o.progress ?? (() => undefined);
  const rng = prng(o.seed);
  const hadActivity = (await ds.createQueryBuilder(UsageSessionEntity, 's').getCount()) > 0;
  const members = planMembers(o.members, o.sites.length, rng);
  const memberIds = members.map(() => randomUUID());
  await inTransactions(
    ds,
    MemberEntity,
    members.map((m, i) => memberRow(m, memberIds[i], o.sites)),
  );
  say(`members: ${members.length}`);

  const days: string[] = [];
  for (let d = o.from; d <= o.to; d = addDaysToDate(d, 1)) days.push(d);
  const deployments = o.sites.filter((s) => s.mobile).flatMap((s) => planDeployments(s, o.from, o.to, rng));
  const deploymentIds = deployments.map(() => randomUUID());
  await inTransactions(
    ds,
    DeploymentEntity,
    deployments.map((d, i) => deploymentRow(d, deploymentIds[i])),
  );

  // Every site × day gets its share of the totals, by weight (closed days nothing).
  const slots = o.sites.flatMap((site) =>
    days.map((day) => ({ site, day, w: dayWeight(site, day, deployments) })),
  );
  const weights = slots.map((s) => s.w);
  const sessionsPer = spread(o.sessions, weights);
  const visitsPer = spread(o.visits, weights);
  const profiles = members.map(profileOf);
  const direct = (o.cells ?? 'direct') === 'direct';
  const sums = new CellSums();
  const deploymentOf = (site: PlanSite, day: string) => {
    const i = deployments.findIndex((d) => d.siteId === site.id && day >= d.startsOn && day <= d.endsOn);
    return i < 0 ? null : deploymentIds[i];
  };

  let sessions: UsageSessionEntity[] = [];
  let visits: VisitEntity[] = [];
  const headcounts: VisitHeadcountEntity[] = [];
  let written = { sessions: 0, visits: 0 };
  const flush = async (force: boolean) => {
    if (!force && sessions.length + visits.length < BATCH) return;
    await ds.transaction(async (em) => {
      await insertInChunks(em, UsageSessionEntity, sessions);
      await insertInChunks(em, VisitEntity, visits);
    });
    written = { sessions: written.sessions + sessions.length, visits: written.visits + visits.length };
    sessions = [];
    visits = [];
    say(`sessions ${written.sessions}/${o.sessions}, visits ${written.visits}/${o.visits} (${elapsed(t0)})`);
  };

  for (let i = 0; i < slots.length; i++) {
    const { site, day } = slots[i];
    const deploymentId = site.mobile ? deploymentOf(site, day) : null;
    for (let n = 0; n < sessionsPer[i]; n++) {
      const s = planSession(site, day, members.length, rng);
      sessions.push({
        id: randomUUID(),
        machineId: s.machineId,
        siteId: s.siteId,
        memberKey: members[s.member].memberKey,
        startedAt: new Date(s.startedAt),
        endsAt: null,
        endedAt: new Date(s.endedAt),
        endReason: SessionEndReason.TapOut,
        takeoverOf: null,
      } as UsageSessionEntity);
      if (direct) {
        const machine = site.machines.find((m) => m.id === s.machineId);
        const span = { siteId: site.id, machineTypeId: machine?.machineTypeId ?? 'unknown' };
        sums.add(sessionCells({ ...span, ...s }, profiles[s.member], site.timezone));
        sums.addMachineUser(
          { ...span, startedAt: s.startedAt, memberKey: members[s.member].memberKey },
          site.timezone,
        );
      }
    }
    for (let n = 0; n < visitsPer[i]; n++) {
      const v = planVisit(site, day, members.length, rng);
      visits.push({
        id: randomUUID(),
        siteId: site.id,
        deploymentId,
        memberKey: v.member === null ? null : members[v.member].memberKey,
        at: new Date(v.at),
        source: v.member === null ? 'manual' : 'entrance_tap',
        ageBand: v.ageBand,
        gender: v.gender,
      } as VisitEntity);
      if (direct) {
        const profile =
          v.member === null
            ? { ...ANONYMOUS_PROFILE, ageBand: v.ageBand ?? 'not_stated', gender: v.gender ?? 'not_stated' }
            : profiles[v.member];
        sums.add(visitCells({ siteId: site.id, at: v.at }, profile, site.timezone));
        if (v.member !== null)
          sums.addVisitor(
            { siteId: site.id, at: v.at, memberKey: members[v.member].memberKey },
            site.timezone,
          );
      }
    }
    if (deploymentId && weights[i] > 0) {
      const count = 10 + Math.floor(rng() * 60);
      headcounts.push(headcountRow(site.id, deploymentId, day, count, o.staffId));
      if (direct) sums.addHeadcount({ siteId: site.id, day, count });
    }
    await flush(false);
  }
  await flush(true);
  await inTransactions(ds, VisitHeadcountEntity, headcounts);

  const programme = await writeProgramme(ds, {
    rng,
    days,
    sites: o.sites,
    deployments: deployments.map((d, i) => ({ ...d, id: deploymentIds[i] })),
    memberIds,
    staffId: o.staffId,
    weights: (site, day) => dayWeight(site, day, deployments),
  });
  say(
    `events ${programme.events}, registrations ${programme.registrations}, trainings ${programme.trainings}`,
  );
  const writeMs = Date.now() - t0;

  const t1 = Date.now();
  let cells = 0;
  if (direct) {
    cells = await writeCells(ds, o, sums);
    // Real activity already in these days: let the roll-up rebuild them from every raw row.
    if (hadActivity) await markDays(ds, o.sites, days);
  } else {
    await markDays(ds, o.sites, [...days, addDaysToDate(o.to, 1)]);
    const classes = new UrbanRuralClasses(new MunicipalityClassesRepository(ds));
    await classes.reload();
    await new ReportRollup(new ReportCellsRepository(ds), new SitesRepository(ds), classes).catchUp();
    cells = await ds.createQueryBuilder(ReportCellEntity, 'c').getCount();
  }
  say(`report cells: ${cells} (${elapsed(t1)})`);
  return {
    members: members.length,
    sessions: written.sessions,
    visits: written.visits,
    headcounts: headcounts.length,
    deployments: deployments.length,
    ...programme,
    cells,
    ms: { write: writeMs, cells: Date.now() - t1 },
  };
}

const elapsed = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

async function inTransactions<T extends ObjectLiteral>(ds: DataSource, target: EntityTarget<T>, rows: T[]) {
  for (let i = 0; i < rows.length; i += BATCH)
    await ds.transaction((em) => insertInChunks(em, target, rows.slice(i, i + BATCH)));
}

async function markDays(ds: DataSource, sites: readonly PlanSite[], days: readonly string[]) {
  await ds.transaction((em: EntityManager) =>
    markReportDays(
      em,
      sites.flatMap((s) => days.map((utcDay) => ({ siteId: s.id, utcDay }))),
    ),
  );
}

/** Replaces the sites' cells of the planned days with the sums (the days hold only what was just written). */
async function writeCells(ds: DataSource, o: SyntheticOptions, sums: CellSums): Promise<number> {
  const rows = sums.rows().filter((c) => c.day >= o.from);
  const siteIds = o.sites.map((s) => s.id);
  await ds.transaction(async (em) => {
    await em
      .createQueryBuilder()
      .delete()
      .from(ReportCellEntity)
      .where('siteId IN (:...siteIds) AND day >= :from AND day <= :to', {
        siteIds,
        from: o.from,
        to: addDaysToDate(o.to, 1),
      })
      .execute();
    await insertInChunks(em, ReportCellEntity, rows);
    await em
      .createQueryBuilder()
      .delete()
      .from(ReportVisitorDayEntity)
      .where('siteId IN (:...siteIds) AND day >= :from AND day <= :to', { siteIds, from: o.from, to: o.to })
      .execute();
    await em
      .createQueryBuilder()
      .delete()
      .from(ReportMachineUserDayEntity)
      .where('siteId IN (:...siteIds) AND day >= :from AND day <= :to', { siteIds, from: o.from, to: o.to })
      .execute();
  });
  // After the delete above: the rows are unique per site, day and member.
  await inTransactions(
    ds,
    ReportVisitorDayEntity,
    sums.visitorRows().filter((d) => d.day >= o.from && d.day <= o.to) as ReportVisitorDayEntity[],
  );
  await inTransactions(
    ds,
    ReportMachineUserDayEntity,
    sums.machineUserRows().filter((d) => d.day >= o.from && d.day <= o.to) as ReportMachineUserDayEntity[],
  );
  return rows.length;
}

function profileOf(m: PlannedMember): PersonProfile {
  return { ageBand: m.ageBand, gender: m.gender, occupationStatus: m.occupation, urbanRural: 'not_stated' };
}

function memberRow(m: PlannedMember, id: string, sites: readonly PlanSite[]): MemberEntity {
  const fixed = sites.filter((s) => !s.mobile);
  const now = new Date();
  return {
    id,
    memberKey: m.memberKey,
    firstName: m.firstName,
    lastName: m.lastName,
    email: null,
    phone: null,
    status: MemberStatus.Active,
    guestValidFrom: null,
    guestValidUntil: null,
    homeSiteId: fixed.length ? fixed[m.homeSite % fixed.length].id : null,
    ageBand: m.ageBand,
    gender: m.gender,
    occupation: m.occupation,
    homeMunicipalityKey: null,
    isMinor: m.isMinor,
    birthDate: m.isMinor ? `${now.getFullYear() - 14}-06-01` : null,
    guardianConsentOn: m.isMinor ? `${now.getFullYear()}-01-15` : null,
    guardianName: m.isMinor ? `Eltern ${m.lastName}` : null,
    notes: 'synthetisch',
    createdAt: now,
    updatedAt: now,
  } as MemberEntity;
}

function deploymentRow(d: PlannedDeployment, id: string): DeploymentEntity {
  const now = new Date();
  return {
    id,
    siteId: d.siteId,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    place: d.place,
    municipalityKey: null,
    bookingInstitution: null,
    createdAt: now,
    updatedAt: now,
  } as DeploymentEntity;
}

function headcountRow(siteId: string, deploymentId: string, day: string, count: number, staffId: string) {
  const now = new Date();
  return {
    id: randomUUID(),
    siteId,
    deploymentId,
    day,
    count,
    note: 'Zählung vor Ort',
    recordedBy: staffId,
    createdAt: now,
    updatedAt: now,
  } as VisitHeadcountEntity;
}
