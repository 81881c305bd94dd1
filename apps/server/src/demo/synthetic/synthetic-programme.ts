import { randomUUID } from 'node:crypto';
import { startOfLocalDay } from '@werkbank/access-core';
import {
  EventStatus,
  IncidentKind,
  IncidentSeverity,
  IncidentStatus,
  PartnerType,
  QualificationLevel,
  RegistrationSource,
  RegistrationStatus,
  TrainingAction,
} from '@werkbank/contracts';
import {
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  IncidentEntity,
  insertInChunks,
  PartnerEntity,
  QualificationEntity,
  TrainingRecordEntity,
  VolunteerHoursEntity,
} from '@werkbank/persistence';
import type { DataSource } from 'typeorm';
import { pick, planEvents, PlanSite, PlannedDeployment, Rng, weighted, weekdayOf } from './plan';

export interface ProgrammeInput {
  rng: Rng;
  days: readonly string[];
  sites: readonly PlanSite[];
  deployments: readonly (PlannedDeployment & { id: string })[];
  memberIds: readonly string[];
  staffId: string;
  weights: (site: PlanSite, day: string) => number;
}

export interface ProgrammeSummary {
  events: number;
  registrations: number;
  trainings: number;
  incidents: number;
  volunteerRows: number;
}

const PARTNERS: readonly [string, PartnerType][] = [
  ['Gesamtschule Nord', PartnerType.School],
  ['Gymnasium am Park', PartnerType.School],
  ['Förderverein Werkstatt e. V.', PartnerType.Association],
  ['Tischlerei Holzwurm GmbH', PartnerType.Company],
  ['Stadt Altdorf', PartnerType.Municipality],
  ['Stadtbibliothek Altdorf', PartnerType.Library],
  ['Hochschule Rheinland', PartnerType.Research],
  ['Repair-Café-Netzwerk', PartnerType.Other],
];

const stamps = () => ({ createdAt: new Date(), updatedAt: new Date() });

/**
 * Events of every format (with registrations, attendance, groups or a headcount, and partners), trainings
 * delivered, incidents and volunteer hours, on the days the sites are open.
 */
export async function writeProgramme(ds: DataSource, p: ProgrammeInput): Promise<ProgrammeSummary> {
  const { rng } = p;
  const partnerIds = await partners(ds);
  const events: EventEntity[] = [];
  const registrations: EventRegistrationEntity[] = [];
  const links: EventPartnerEntity[] = [];
  const incidents: IncidentEntity[] = [];
  const volunteer: VolunteerHoursEntity[] = [];
  for (const site of p.sites) {
    for (const day of p.days) {
      if (p.weights(site, day) === 0) continue;
      const deployment = p.deployments.find(
        (d) => d.siteId === site.id && day >= d.startsOn && day <= d.endsOn,
      );
      for (const e of planEvents(site, day, deployment !== undefined, rng)) {
        const id = randomUUID();
        const past = e.endsAt < Date.now();
        events.push({
          id,
          ...stamps(),
          title: e.title,
          description: null,
          format: e.format,
          siteId: site.id,
          deploymentId: deployment?.id ?? null,
          capacity: e.capacity,
          targetGroups: [],
          public: e.headcount !== null,
          qualificationId: null,
          contentVersion: null,
          status: EventStatus.Scheduled,
          startsAt: new Date(e.startsAt),
          endsAt: new Date(e.endsAt),
          seriesId: null,
          seriesDate: null,
          detached: false,
          sequence: 0,
          walkIns: e.headcount === null && past ? Math.floor(rng() * 3) : 0,
          headcount: past ? e.headcount : null,
        } as unknown as EventEntity);
        const row = (extra: Partial<EventRegistrationEntity>, position: number) =>
          registrations.push({
            id: randomUUID(),
            ...stamps(),
            eventId: id,
            memberId: null,
            label: null,
            count: 1,
            status: RegistrationStatus.Confirmed,
            source: RegistrationSource.Registration,
            position,
            attended: false,
            attendedAt: null,
            qualifiedLevel: null,
            ...extra,
          } as EventRegistrationEntity);
        const chosen = new Set<number>();
        for (let n = 0; n < e.registrations && chosen.size < p.memberIds.length; n++)
          chosen.add(Math.floor(rng() * p.memberIds.length));
        [...chosen].forEach((m, n) => {
          const attended = past && rng() < 0.85;
          row(
            { memberId: p.memberIds[m], attended, attendedAt: attended ? new Date(e.startsAt) : null },
            n + 1,
          );
        });
        if (e.group) row({ label: e.group.label, count: e.group.count, attended: past }, chosen.size + 1);
        if (e.partner) links.push({ eventId: id, partnerId: pick(rng, partnerIds) } as EventPartnerEntity);
      }
      if (!site.mobile && rng() < 0.06 && site.machines.length > 0)
        incidents.push(incident(rng, site, day, p.staffId));
      if (!site.mobile && weekdayOf(day) === 6 && p.memberIds.length > 0)
        for (let n = 0; n < 1 + Math.floor(rng() * 3); n++)
          volunteer.push({
            id: randomUUID(),
            ...stamps(),
            memberId: pick(rng, p.memberIds),
            staffId: null,
            siteId: site.id,
            date: day,
            quarterHours: 4 + Math.floor(rng() * 16),
            activity: pick(rng, ['Werkstattdienst', 'Repair-Café', 'Kursbegleitung', 'Aufräumen']),
            recordedBy: p.staffId,
          } as VolunteerHoursEntity);
    }
  }
  const trainings = await trainingRows(ds, p);
  await ds.transaction(async (em) => {
    await insertInChunks(em, EventEntity, events);
    await insertInChunks(em, EventRegistrationEntity, registrations);
    await insertInChunks(em, EventPartnerEntity, links);
    await insertInChunks(em, IncidentEntity, incidents);
    await insertInChunks(em, VolunteerHoursEntity, volunteer);
    await insertInChunks(em, TrainingRecordEntity, trainings);
  });
  return {
    events: events.length,
    registrations: registrations.length,
    trainings: trainings.length,
    incidents: incidents.length,
    volunteerRows: volunteer.length,
  };
}

/** The partner organisations, created once (a second run reuses them by name). */
async function partners(ds: DataSource): Promise<string[]> {
  const known = await ds.createQueryBuilder(PartnerEntity, 'p').select(['p.id', 'p.name']).getMany();
  const byName = new Map(known.map((k) => [k.name, k.id]));
  const missing = PARTNERS.filter(([name]) => !byName.has(name)).map(
    ([name, type]) => ({ id: randomUUID(), ...stamps(), name, type }) as PartnerEntity,
  );
  await ds.transaction((em) => insertInChunks(em, PartnerEntity, missing));
  for (const m of missing) byName.set(m.name, m.id);
  return PARTNERS.map(([name]) => byName.get(name) as string);
}

function incident(rng: Rng, site: PlanSite, day: string, staffId: string): IncidentEntity {
  const at = new Date(startOfLocalDay(day, site.timezone) + 15 * 3_600_000);
  const resolved = rng() < 0.8;
  return {
    id: randomUUID(),
    createdAt: at,
    updatedAt: at,
    machineId: pick(rng, site.machines).id,
    siteId: site.id,
    severity: weighted(rng, [
      [IncidentSeverity.Low, 6],
      [IncidentSeverity.Medium, 3],
      [IncidentSeverity.High, 1],
      [IncidentSeverity.Critical, 0.2],
    ]),
    kind: weighted(rng, [
      [IncidentKind.Defect, 6],
      [IncidentKind.NearMiss, 2],
      [IncidentKind.Injury, 0.5],
      [IncidentKind.Misuse, 1],
      [IncidentKind.Other, 1],
    ]),
    text: 'Synthetischer Vorfall',
    status: resolved ? IncidentStatus.Resolved : IncidentStatus.Open,
    putOutOfService: false,
    reportedBy: staffId,
    resolvedAt: resolved ? new Date(at.getTime() + 86_400_000) : null,
    resolvedBy: resolved ? staffId : null,
    resolutionNote: resolved ? 'Behoben' : null,
  } as IncidentEntity;
}

/** A qualification per machine type (existing ones reused) and its trainings for a quarter of the members. */
async function trainingRows(ds: DataSource, p: ProgrammeInput): Promise<TrainingRecordEntity[]> {
  const types = [...new Set(p.sites.flatMap((s) => s.machines.map((m) => m.machineTypeId)))];
  if (types.length === 0 || p.days.length === 0) return [];
  const known = await ds
    .createQueryBuilder(QualificationEntity, 'q')
    .select(['q.id', 'q.machineTypeId'])
    .getMany();
  const qualifications = types.map((t) => known.find((q) => q.machineTypeId === t)?.id ?? randomUUID());
  const missing = types
    .map((t, i) => ({ t, id: qualifications[i] }))
    .filter(({ id }) => !known.some((q) => q.id === id))
    .map(
      ({ t, id }, i) =>
        ({
          id,
          ...stamps(),
          name: `Einweisung ${i + 1} (synthetisch ${id.slice(0, 4)})`,
          machineTypeId: t,
          validityMonths: 24,
          validityMonthsMinors: 12,
          currentContentVersion: 'v1',
        }) as QualificationEntity,
    );
  await ds.transaction((em) => insertInChunks(em, QualificationEntity, missing));
  const open = p.days.filter((d) => p.sites.some((s) => !s.mobile && p.weights(s, d) > 0));
  return p.memberIds
    .filter(() => p.rng() < 0.25)
    .map((memberId) => {
      const trainedOn = open.length ? pick(p.rng, open) : p.days[0];
      const held = p.sites.filter((s) => !s.mobile && p.weights(s, trainedOn) > 0);
      return {
        id: randomUUID(),
        memberId,
        qualificationId: pick(p.rng, qualifications),
        action: TrainingAction.Grant,
        level: p.rng() < 0.8 ? QualificationLevel.Independent : QualificationLevel.Supervised,
        trainerId: p.staffId,
        trainedOn,
        expiresOn: null,
        contentVersion: 'v1',
        comment: null,
        groupId: null,
        siteId: held.length ? pick(p.rng, held).id : null,
        recordedById: p.staffId,
        recordedAt: new Date(),
      } as TrainingRecordEntity;
    });
}
