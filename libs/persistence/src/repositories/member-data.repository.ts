import { Injectable } from '@nestjs/common';
import { DataSource, In, ObjectLiteral, EntityTarget } from 'typeorm';
import {
  AccessEventEntity,
  BookingEntity,
  CardEntity,
  EventEntity,
  EventRegistrationEntity,
  IncidentEntity,
  MachineEntity,
  MemberEntity,
  QualificationEntity,
  SiteEntity,
  StaffAccountEntity,
  TrainingRecordEntity,
  UsageSessionEntity,
  VisitEntity,
  VolunteerHoursEntity,
} from '../entities';

/**
 * Every row the installation holds about one member (GDPR Art. 15), read-only: by member id where the table
 * names the member, by the pseudonymous key where it carries that instead. Oldest first.
 */
@Injectable()
export class MemberDataRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo<T extends ObjectLiteral>(entity: EntityTarget<T>) {
    return this.dataSource.manager.getRepository(entity);
  }

  member(id: string): Promise<MemberEntity | null> {
    return this.repo(MemberEntity).findOneBy({ id });
  }

  cards(memberId: string): Promise<CardEntity[]> {
    return this.repo(CardEntity).find({ where: { memberId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  trainings(memberId: string): Promise<TrainingRecordEntity[]> {
    return this.repo(TrainingRecordEntity).find({
      where: { memberId },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
  }

  bookings(memberId: string): Promise<BookingEntity[]> {
    return this.repo(BookingEntity).find({ where: { memberId }, order: { startsAt: 'ASC', id: 'ASC' } });
  }

  registrations(memberId: string): Promise<EventRegistrationEntity[]> {
    return this.repo(EventRegistrationEntity).find({
      where: { memberId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  visits(memberKey: string): Promise<VisitEntity[]> {
    return this.repo(VisitEntity).find({ where: { memberKey }, order: { at: 'ASC', id: 'ASC' } });
  }

  sessions(memberKey: string): Promise<UsageSessionEntity[]> {
    return this.repo(UsageSessionEntity).find({
      where: { memberKey },
      order: { startedAt: 'ASC', id: 'ASC' },
    });
  }

  accessEvents(memberKey: string): Promise<AccessEventEntity[]> {
    return this.repo(AccessEventEntity).find({ where: { memberKey }, order: { at: 'ASC', id: 'ASC' } });
  }

  volunteerHours(memberId: string): Promise<VolunteerHoursEntity[]> {
    return this.repo(VolunteerHoursEntity).find({
      where: { memberId },
      order: { date: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Staff accounts linked to the member (a volunteer who also has a login). */
  staffAccounts(memberId: string): Promise<StaffAccountEntity[]> {
    return this.repo(StaffAccountEntity).find({ where: { memberId }, order: { createdAt: 'ASC' } });
  }

  /** Incidents reported through one of those staff accounts. */
  incidentsReportedBy(staffIds: string[]): Promise<IncidentEntity[]> {
    if (staffIds.length === 0) return Promise.resolve([]);
    return this.repo(IncidentEntity).find({
      where: { reportedBy: In(staffIds) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Names of the sites, machines, qualifications, events and staff accounts the rows point at. */
  async names(ids: {
    sites: string[];
    machines: string[];
    qualifications: string[];
    events: string[];
    staff: string[];
  }): Promise<{
    sites: Map<string, string>;
    machines: Map<string, string>;
    qualifications: Map<string, string>;
    events: Map<string, { title: string; startsAt: Date }>;
    staff: Map<string, string>;
  }> {
    const unique = (list: string[]) => [...new Set(list)];
    const [sites, machines, qualifications, events, staff] = await Promise.all([
      this.repo(SiteEntity).findBy({ id: In(unique(ids.sites)) }),
      this.repo(MachineEntity).findBy({ id: In(unique(ids.machines)) }),
      this.repo(QualificationEntity).findBy({ id: In(unique(ids.qualifications)) }),
      this.repo(EventEntity).findBy({ id: In(unique(ids.events)) }),
      this.repo(StaffAccountEntity).findBy({ id: In(unique(ids.staff)) }),
    ]);
    return {
      sites: new Map(sites.map((s) => [s.id, s.name])),
      machines: new Map(machines.map((m) => [m.id, m.name])),
      qualifications: new Map(qualifications.map((q) => [q.id, q.name])),
      events: new Map(events.map((e) => [e.id, { title: e.title, startsAt: e.startsAt }])),
      staff: new Map(staff.map((s) => [s.id, s.displayName])),
    };
  }
}
