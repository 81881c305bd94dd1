import { Injectable } from '@nestjs/common';
import { EventStatus, RegistrationStatus } from '@werkbank/contracts';
import { And, Between, DataSource, In, LessThan, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import {
  DeploymentEntity,
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  IncidentEntity,
  MachineEntity,
  MemberEntity,
  PartnerEntity,
  QualificationEntity,
  ReportTrainingResidualEntity,
  ReportMachineUserDayEntity,
  ReportVisitorDayEntity,
  StaffPresenceEntity,
  TrainingRecordEntity,
  VolunteerHoursEntity,
} from '../entities';
import { rawInstant } from './raw-instant';
import type { MachineUserDayRow, VisitorDayRow } from './report-cells.repository';

/** A person seen in a period: their self-declared profile (null once erased) and first visit day ever (M3). */
export interface VisitorRow {
  personKey: string;
  profile: MemberProfile | null;
  firstDay: string;
}

/** What the reports take from a member: the self-declared profile and the home municipality key (M14). */
export type MemberProfile = Pick<MemberEntity, 'ageBand' | 'gender' | 'occupation' | 'homeMunicipalityKey'>;

/** A registered member who attended an event (M7 participants): counted on the event's start. */
export interface ParticipantRow {
  siteId: string;
  startsAt: Date;
  memberKey: string;
  /** Null once the member was erased. */
  profile: MemberProfile | null;
}

/** M11: a member's sessions on a machine type at a site on a local day, with the member's profile. */
export interface MachineUserRow extends MachineUserDayRow {
  /** Null once erased (the key is a random one then). */
  profile: MemberProfile | null;
}

interface RawVisitor extends MemberProfile {
  personKey: string;
  memberId: string | null;
  firstDay: string;
}

const PROFILE_COLUMNS = ['ageBand', 'gender', 'occupation', 'homeMunicipalityKey'].map(
  (c) => `m.${c} AS "${c}"`,
);
const profileOf = (r: MemberProfile): MemberProfile => ({
  ageBand: r.ageBand,
  gender: r.gender,
  occupation: r.occupation,
  homeMunicipalityKey: r.homeMunicipalityKey,
});

/** A training record as M9 reads it. */
export interface TrainingRecordRow {
  memberId: string;
  qualificationId: string;
  machineTypeId: string;
  action: TrainingRecordEntity['action'];
  trainerId: string;
  trainedOn: string;
  expiresOn: string | null;
  siteId: string | null;
  recordedAt: Date;
}

/** An event held, with its attendances (the room's headcount when taken, else those marked present). */
export interface ReportEventRow {
  siteId: string;
  format: string;
  startsAt: Date;
  endsAt: Date;
  attendances: number;
  partnerTypes: Map<string, string>;
}

/**
 * What a funder report reads besides the daily cells: the low-volume records (events, incidents, volunteer
 * hours, deployments) and the members' check-ins for the distinct counts, each for sites and a time window.
 */
@Injectable()
export class ReportSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The visitor days (member × site × local day) of sites in [from, to]: what the distinct counts read. */
  visitorDays(siteIds: readonly string[], from: string, to: string): Promise<VisitorDayRow[]> {
    return this.daysIn(siteIds, from, to)
      .select(['d.siteId AS "siteId"', 'd.day AS "day"', 'd.personKey AS "personKey"'])
      .getRawMany<VisitorDayRow>();
  }

  /**
   * The people behind visitorDays(), each once: their profile (null once erased: the key is a random one then)
   * and their first visit day at any site (M3), in one query (an index seek per person on (personKey, day)).
   */
  async visitors(siteIds: readonly string[], from: string, to: string): Promise<VisitorRow[]> {
    const keys = this.daysIn(siteIds, from, to).select('DISTINCT d.personKey', 'personKey');
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('k."personKey"', 'personKey')
      .addSelect('m.id', 'memberId')
      .addSelect(PROFILE_COLUMNS)
      .addSelect(
        (q) => q.select('MIN(f.day)').from(ReportVisitorDayEntity, 'f').where('f.personKey = k."personKey"'),
        'firstDay',
      )
      .from(`(${keys.getQuery()})`, 'k')
      .setParameters(keys.getParameters())
      .leftJoin(MemberEntity, 'm', 'm.memberKey = k."personKey"')
      .getRawMany<RawVisitor>();
    return rows.map((r) => ({
      personKey: r.personKey,
      profile: r.memberId === null ? null : profileOf(r),
      firstDay: r.firstDay,
    }));
  }

  /** M11's machine user days of sites in [from, to], each with its member's profile. */
  async machineUsers(siteIds: readonly string[], from: string, to: string): Promise<MachineUserRow[]> {
    const rows = await this.dataSource
      .getRepository(ReportMachineUserDayEntity)
      .createQueryBuilder('d')
      .leftJoin(MemberEntity, 'm', 'm.memberKey = d.personKey')
      .select(['d.siteId AS "siteId"', 'd.day AS "day"', 'd.machineTypeId AS "machineTypeId"'])
      .addSelect(['d.personKey AS "personKey"', 'm.id AS "memberId"', ...PROFILE_COLUMNS])
      .where('d.siteId IN (:...siteIds)', { siteIds })
      .andWhere('d.day >= :from AND d.day <= :to', { from, to })
      .getRawMany<MachineUserDayRow & MemberProfile & { memberId: string | null }>();
    return rows.map((r) => ({
      siteId: r.siteId,
      day: r.day,
      machineTypeId: r.machineTypeId,
      personKey: r.personKey,
      profile: r.memberId === null ? null : profileOf(r),
    }));
  }

  /** Registered members marked present at the sites' events starting in [start, end) (not cancelled). */
  async participants(siteIds: readonly string[], start: Date, end: Date): Promise<ParticipantRow[]> {
    const rows = await this.dataSource
      .getRepository(EventRegistrationEntity)
      .createQueryBuilder('r')
      .innerJoin(EventEntity, 'e', 'e.id = r.eventId')
      .leftJoin(MemberEntity, 'm', 'm.id = r.memberId')
      .select(['r.id AS "registrationId"', 'e.siteId AS "siteId"', 'e.startsAt AS "startsAt"'])
      .addSelect(['m.memberKey AS "memberKey"', ...PROFILE_COLUMNS])
      .where('e.siteId IN (:...siteIds)', { siteIds })
      .andWhere('e.startsAt >= :start AND e.startsAt < :end', { start, end })
      .andWhere('e.status != :cancelled', { cancelled: EventStatus.Cancelled })
      .andWhere('r.attended = :yes AND r.status != :gone', { yes: true, gone: RegistrationStatus.Cancelled })
      // A member's row, or one whose member was erased (neither member nor label left); never a group row.
      .andWhere('(m.id IS NOT NULL OR (r.memberId IS NULL AND r.label IS NULL))')
      .getRawMany<
        MemberProfile & {
          registrationId: string;
          siteId: string;
          startsAt: string | Date;
          memberKey: string | null;
        }
      >();
    return rows.map((r) => ({
      siteId: r.siteId,
      startsAt: rawInstant(r.startsAt),
      // An erased member stays a participant of each event they attended, with no key and no profile.
      memberKey: r.memberKey ?? `erased:${r.registrationId}`,
      profile: r.memberKey === null ? null : profileOf(r),
    }));
  }

  /** The sites' machines with their type and when they were registered (M10's capacity). */
  async machines(
    siteIds: readonly string[],
  ): Promise<{ siteId: string; machineTypeId: string; createdAt: Date }[]> {
    return this.dataSource.getRepository(MachineEntity).find({
      where: { siteId: In([...siteIds]) },
      select: { siteId: true, machineTypeId: true, createdAt: true },
    });
  }

  /**
   * Every training record up to a local date, of any site (a revocation has none and ends a qualification
   * everywhere), with its qualification's machine type; low volume, read whole for M9.
   */
  async trainings(to: string): Promise<TrainingRecordRow[]> {
    const columns = [
      'qualificationId',
      'action',
      'trainerId',
      'trainedOn',
      'expiresOn',
      'siteId',
      'recordedAt',
    ];
    const read = async (
      entity: typeof TrainingRecordEntity | typeof ReportTrainingResidualEntity,
      who: string,
    ) =>
      (
        await this.dataSource
          .getRepository(entity)
          .createQueryBuilder('t')
          .innerJoin(QualificationEntity, 'q', 'q.id = t.qualificationId')
          .select([...columns.map((c) => `t.${c} AS "${c}"`), `t.${who} AS "memberId"`])
          .addSelect('q.machineTypeId', 'machineTypeId')
          .where('t.trainedOn <= :to', { to })
          .getRawMany<Omit<TrainingRecordRow, 'recordedAt'> & { recordedAt: string | Date }>()
      ).map((r) => ({ ...r, recordedAt: rawInstant(r.recordedAt) }));
    // Erased members' records count on under a random key per qualification (member-erasure.ts).
    const [records, residuals] = await Promise.all([
      read(TrainingRecordEntity, 'memberId'),
      read(ReportTrainingResidualEntity, 'pairKey'),
    ]);
    return [...records, ...residuals];
  }

  private daysIn(siteIds: readonly string[], from: string, to: string) {
    return this.dataSource
      .getRepository(ReportVisitorDayEntity)
      .createQueryBuilder('d')
      .where('d.siteId IN (:...siteIds)', { siteIds })
      .andWhere('d.day >= :from AND d.day <= :to', { from, to });
  }

  async events(siteIds: readonly string[], start: Date, end: Date): Promise<ReportEventRow[]> {
    const events = await this.dataSource.getRepository(EventEntity).find({
      where: {
        siteId: In([...siteIds]),
        status: Not(EventStatus.Cancelled),
        startsAt: And(MoreThanOrEqual(start), LessThan(end)),
      },
      select: {
        id: true,
        siteId: true,
        format: true,
        startsAt: true,
        endsAt: true,
        headcount: true,
        walkIns: true,
      },
    });
    const ids = events.map((e) => e.id);
    const attended = new Map<string, number>();
    const partnersOf = new Map<string, Map<string, string>>();
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const rows = await this.dataSource
        .getRepository(EventRegistrationEntity)
        .createQueryBuilder('r')
        .select('r.eventId', 'eventId')
        .addSelect('SUM(r.count)', 'attended')
        .where({ eventId: In(chunk), attended: true, status: Not(RegistrationStatus.Cancelled) })
        .groupBy('r.eventId')
        .getRawMany<{ eventId: string; attended: string | number }>();
      for (const r of rows) attended.set(r.eventId, Number(r.attended));
      const links = await this.dataSource
        .getRepository(EventPartnerEntity)
        .createQueryBuilder('ep')
        .innerJoin(PartnerEntity, 'p', 'p.id = ep.partnerId')
        .select(['ep.eventId AS "eventId"', 'p.id AS "partnerId"', 'p.type AS "type"'])
        .where({ eventId: In(chunk) })
        .getRawMany<{ eventId: string; partnerId: string; type: string }>();
      for (const l of links) {
        if (!partnersOf.has(l.eventId)) partnersOf.set(l.eventId, new Map());
        partnersOf.get(l.eventId)!.set(l.partnerId, l.type);
      }
    }
    return events.map((e) => ({
      siteId: e.siteId,
      format: e.format,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
      attendances: e.headcount ?? (attended.get(e.id) ?? 0) + e.walkIns,
      partnerTypes: partnersOf.get(e.id) ?? new Map(),
    }));
  }

  incidents(siteIds: readonly string[], start: Date, end: Date): Promise<IncidentEntity[]> {
    return this.dataSource.getRepository(IncidentEntity).find({
      where: { siteId: In([...siteIds]), createdAt: And(MoreThanOrEqual(start), LessThan(end)) },
      select: { id: true, siteId: true, severity: true, createdAt: true },
    });
  }

  volunteerHours(siteIds: readonly string[], from: string, to: string): Promise<VolunteerHoursEntity[]> {
    return this.dataSource.getRepository(VolunteerHoursEntity).find({
      where: { siteId: In([...siteIds]), date: Between(from, to) },
      select: { id: true, siteId: true, date: true, quarterHours: true, memberId: true, staffId: true },
    });
  }

  /** Staff presences at the sites overlapping [start, end) (open ones included). */
  presences(siteIds: readonly string[], start: Date, end: Date): Promise<StaffPresenceEntity[]> {
    return this.dataSource
      .getRepository(StaffPresenceEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.siteId', 'p.arrivedAt', 'p.leftAt'])
      .where({ siteId: In([...siteIds]), arrivedAt: LessThan(end) })
      .andWhere('(p.leftAt IS NULL OR p.leftAt > :start)', { start })
      .getMany();
  }

  /** Deployments overlapping the local dates from … to. */
  deployments(siteIds: readonly string[], from: string, to: string): Promise<DeploymentEntity[]> {
    return this.dataSource.getRepository(DeploymentEntity).find({
      where: {
        siteId: In([...siteIds]),
        startsOn: LessThanOrEqual(to),
        endsOn: MoreThanOrEqual(from),
      },
    });
  }
}
