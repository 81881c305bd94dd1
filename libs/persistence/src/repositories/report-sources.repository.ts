import { Injectable } from '@nestjs/common';
import { EventStatus, RegistrationStatus } from '@werkbank/contracts';
import { And, Between, DataSource, In, LessThan, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import {
  DeploymentEntity,
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  IncidentEntity,
  MemberEntity,
  PartnerEntity,
  QualificationEntity,
  StaffPresenceEntity,
  TrainingRecordEntity,
  VisitEntity,
  VolunteerHoursEntity,
} from '../entities';
import { rawInstant } from './raw-instant';

/** A member's check-in as the distinct counts read it (no time of day kept beyond the instant). */
export interface MemberVisitRow {
  siteId: string;
  memberKey: string;
  at: Date;
}

/** A member seen in a window: their self-declared profile (null once erased) and first check-in ever (M3). */
export interface VisitorRow {
  memberKey: string;
  profile: MemberProfile | null;
  firstAt: Date;
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

interface RawVisitor extends MemberProfile {
  memberKey: string;
  memberId: string | null;
  firstAt: string | Date;
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

  memberVisits(siteIds: readonly string[], start: Date, end: Date): Promise<MemberVisitRow[]> {
    return this.visitsIn(siteIds, start, end)
      .select(['v.siteId AS "siteId"', 'v.memberKey AS "memberKey"', 'v.at AS "at"'])
      .getRawMany<{ siteId: string; memberKey: string; at: string | Date }>()
      .then((rows) => rows.map((r) => ({ ...r, at: rawInstant(r.at) })));
  }

  /**
   * The members behind memberVisits(), each once: profile and first check-in at any site, in one query (a
   * covering index seek per member on visits(memberKey, at); no key list sent back and forth).
   */
  async visitors(siteIds: readonly string[], start: Date, end: Date): Promise<VisitorRow[]> {
    const keys = this.visitsIn(siteIds, start, end).select('DISTINCT v.memberKey', 'memberKey');
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('k."memberKey"', 'memberKey')
      .addSelect('m.id', 'memberId')
      .addSelect(PROFILE_COLUMNS)
      .addSelect(
        (q) => q.select('MIN(f.at)').from(VisitEntity, 'f').where('f.memberKey = k."memberKey"'),
        'firstAt',
      )
      .from(`(${keys.getQuery()})`, 'k')
      .setParameters(keys.getParameters())
      .leftJoin(MemberEntity, 'm', 'm.memberKey = k."memberKey"')
      .getRawMany<RawVisitor>();
    return rows.map((r) => ({
      memberKey: r.memberKey,
      profile: r.memberId === null ? null : profileOf(r),
      firstAt: rawInstant(r.firstAt),
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

  /**
   * Every training record up to a local date, of any site (a revocation has none and ends a qualification
   * everywhere), with its qualification's machine type; low volume, read whole for M9.
   */
  async trainings(to: string): Promise<TrainingRecordRow[]> {
    const rows = await this.dataSource
      .getRepository(TrainingRecordEntity)
      .createQueryBuilder('t')
      .innerJoin(QualificationEntity, 'q', 'q.id = t.qualificationId')
      .select(
        [
          'memberId',
          'qualificationId',
          'action',
          'trainerId',
          'trainedOn',
          'expiresOn',
          'siteId',
          'recordedAt',
        ].map((c) => `t.${c} AS "${c}"`),
      )
      .addSelect('q.machineTypeId', 'machineTypeId')
      .where('t.trainedOn <= :to', { to })
      .getRawMany<Omit<TrainingRecordRow, 'recordedAt'> & { recordedAt: string | Date }>();
    return rows.map((r) => ({ ...r, recordedAt: rawInstant(r.recordedAt) }));
  }

  private visitsIn(siteIds: readonly string[], start: Date, end: Date) {
    return this.dataSource
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .where('v.siteId IN (:...siteIds)', { siteIds })
      .andWhere('v.at >= :start AND v.at < :end', { start, end })
      .andWhere('v.memberKey IS NOT NULL');
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
