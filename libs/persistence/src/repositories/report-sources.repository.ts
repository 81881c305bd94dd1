import { Injectable } from '@nestjs/common';
import { EventStatus, RegistrationStatus } from '@werkbank/contracts';
import { And, Between, DataSource, In, LessThan, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import {
  DeploymentEntity,
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  IncidentEntity,
  PartnerEntity,
  VisitEntity,
  VolunteerHoursEntity,
} from '../entities';

/** A member's check-in as the distinct counts read it (no time of day kept beyond the instant). */
export interface MemberVisitRow {
  siteId: string;
  memberKey: string;
  at: Date;
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
    return this.dataSource
      .getRepository(VisitEntity)
      .createQueryBuilder('v')
      .select(['v.siteId AS "siteId"', 'v.memberKey AS "memberKey"', 'v.at AS "at"'])
      .where({ siteId: In([...siteIds]), at: And(MoreThanOrEqual(start), LessThan(end)) })
      .andWhere('v.memberKey IS NOT NULL')
      .getRawMany<{ siteId: string; memberKey: string; at: string | Date }>()
      .then((rows) => rows.map((r) => ({ ...r, at: r.at instanceof Date ? r.at : new Date(r.at) })));
  }

  /** Each member's first check-in ever at any of the sites (M3 new users), for the keys asked about. */
  async firstVisits(siteIds: readonly string[], memberKeys: readonly string[]): Promise<Map<string, Date>> {
    const firsts = new Map<string, Date>();
    for (let i = 0; i < memberKeys.length; i += 500) {
      const rows = await this.dataSource
        .getRepository(VisitEntity)
        .createQueryBuilder('v')
        .select('v.memberKey', 'memberKey')
        .addSelect('MIN(v.at)', 'first')
        .where({ siteId: In([...siteIds]), memberKey: In(memberKeys.slice(i, i + 500)) })
        .groupBy('v.memberKey')
        .getRawMany<{ memberKey: string; first: string | Date }>();
      for (const r of rows) firsts.set(r.memberKey, r.first instanceof Date ? r.first : new Date(r.first));
    }
    return firsts;
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
