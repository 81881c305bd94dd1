import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan, MoreThan, Not } from 'typeorm';
import { EventStatus, RegistrationSource, RegistrationStatus } from '@werkbank/contracts';
import {
  DeploymentEntity,
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  EventSeriesEntity,
  EventStaffEntity,
  PartnerEntity,
} from '../entities';

/** The counts an event view carries (docs/events.md: what counts). */
export interface EventCounts {
  registered: number;
  waitlisted: number;
  attendedRows: number;
}

export interface EventRange {
  from?: Date;
  to?: Date;
  siteId?: string;
}

/** Partner organisations. */
@Injectable()
export class PartnersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(PartnerEntity);
  }

  findAll(): Promise<PartnerEntity[]> {
    return this.repo().find({ order: { name: 'ASC' } });
  }

  findById(id: string, em?: EntityManager): Promise<PartnerEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByIds(ids: string[], em?: EntityManager): Promise<PartnerEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo(em).findBy({ id: In(ids) });
  }

  findByName(name: string, em?: EntityManager): Promise<PartnerEntity | null> {
    return this.repo(em).findOneBy({ name });
  }

  save(partner: Partial<PartnerEntity>, em?: EntityManager): Promise<PartnerEntity> {
    const repo = this.repo(em);
    return repo.save(repo.create(partner));
  }

  async remove(partner: PartnerEntity, em: EntityManager): Promise<void> {
    await this.repo(em).remove(partner);
  }

  /** Events (or series templates) that name the partner. */
  async isUsed(id: string, em: EntityManager): Promise<boolean> {
    if (await em.getRepository(EventPartnerEntity).existsBy({ partnerId: id })) return true;
    const series = await em.getRepository(EventSeriesEntity).find({ select: { partnerIds: true } });
    return series.some((s) => s.partnerIds.includes(id));
  }
}

/** Events, series, their partner and staff links, and registrations. */
@Injectable()
export class EventsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private events(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(EventEntity);
  }

  private seriesRepo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(EventSeriesEntity);
  }

  private registrations(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(EventRegistrationEntity);
  }

  /** Events that overlap [from, to), by start. */
  findInRange(range: EventRange): Promise<EventEntity[]> {
    return this.events().find({
      where: {
        ...(range.siteId ? { siteId: range.siteId } : {}),
        ...(range.to ? { startsAt: LessThan(range.to) } : {}),
        ...(range.from ? { endsAt: MoreThan(range.from) } : {}),
      },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: 2000,
    });
  }

  /**
   * The site's events open for attendance at `at`: not cancelled, started or starting within `leadMs`, not
   * yet ended; the one starting first comes first.
   */
  findOpenAt(siteId: string, at: Date, leadMs: number): Promise<EventEntity[]> {
    return this.events().find({
      where: {
        siteId,
        status: EventStatus.Scheduled,
        startsAt: LessThan(new Date(at.getTime() + leadMs)),
        endsAt: MoreThan(at),
      },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: 10,
    });
  }

  findPublicBySite(siteId: string): Promise<EventEntity[]> {
    return this.events().find({ where: { siteId, public: true }, order: { startsAt: 'ASC' }, take: 5000 });
  }

  findById(id: string, em?: EntityManager): Promise<EventEntity | null> {
    return this.events(em).findOneBy({ id });
  }

  /** The event row locked for the rest of the transaction (PostgreSQL; SQLite serialises transactions). */
  findByIdForUpdate(id: string, em: EntityManager): Promise<EventEntity | null> {
    if (em.connection.options.type !== 'postgres') return this.findById(id, em);
    return this.events(em).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  create(fields: Partial<EventEntity>, em?: EntityManager): EventEntity {
    return this.events(em).create(fields);
  }

  save(event: EventEntity, em: EntityManager): Promise<EventEntity> {
    return this.events(em).save(event);
  }

  async saveMany(events: EventEntity[], em: EntityManager): Promise<void> {
    await this.events(em).save(events, { chunk: 50 });
  }

  async setPartners(eventId: string, partnerIds: readonly string[], em: EntityManager): Promise<void> {
    const repo = em.getRepository(EventPartnerEntity);
    await repo.delete({ eventId });
    if (partnerIds.length > 0) await repo.insert(partnerIds.map((partnerId) => ({ eventId, partnerId })));
  }

  async setStaff(eventId: string, staffIds: readonly string[], em: EntityManager): Promise<void> {
    const repo = em.getRepository(EventStaffEntity);
    await repo.delete({ eventId });
    if (staffIds.length > 0) await repo.insert(staffIds.map((staffId) => ({ eventId, staffId })));
  }

  async partnersOf(eventIds: string[], em?: EntityManager): Promise<Map<string, string[]>> {
    const rows =
      eventIds.length === 0
        ? []
        : await (em ?? this.dataSource.manager)
            .getRepository(EventPartnerEntity)
            .findBy({ eventId: In(eventIds) });
    return group(
      rows,
      (r) => r.eventId,
      (r) => r.partnerId,
    );
  }

  async staffOf(eventIds: string[], em?: EntityManager): Promise<Map<string, string[]>> {
    const rows =
      eventIds.length === 0
        ? []
        : await (em ?? this.dataSource.manager)
            .getRepository(EventStaffEntity)
            .findBy({ eventId: In(eventIds) });
    return group(
      rows,
      (r) => r.eventId,
      (r) => r.staffId,
    );
  }

  async countsOf(eventIds: string[], em?: EntityManager): Promise<Map<string, EventCounts>> {
    const out = new Map<string, EventCounts>();
    if (eventIds.length === 0) return out;
    const rows: { eventId: string; registered: string; waitlisted: string; attended: string }[] = await (
      em ?? this.dataSource.manager
    )
      .getRepository(EventRegistrationEntity)
      .createQueryBuilder('r')
      .select('r.eventId', 'eventId')
      .addSelect(
        `SUM(CASE WHEN r.status = :confirmed AND r.source = :registration THEN r.count ELSE 0 END)`,
        'registered',
      )
      .addSelect(`SUM(CASE WHEN r.status = :waitlisted THEN r.count ELSE 0 END)`, 'waitlisted')
      .addSelect(
        `SUM(CASE WHEN r.status <> :cancelled AND r.attended = :yes THEN r.count ELSE 0 END)`,
        'attended',
      )
      .where('r.eventId IN (:...eventIds)', { eventIds })
      .setParameters({
        confirmed: RegistrationStatus.Confirmed,
        registration: RegistrationSource.Registration,
        waitlisted: RegistrationStatus.Waitlisted,
        cancelled: RegistrationStatus.Cancelled,
        yes: true,
      })
      .groupBy('r.eventId')
      .getRawMany();
    for (const r of rows)
      out.set(r.eventId, {
        registered: Number(r.registered ?? 0),
        waitlisted: Number(r.waitlisted ?? 0),
        attendedRows: Number(r.attended ?? 0),
      });
    return out;
  }

  findDeployment(id: string, em?: EntityManager): Promise<DeploymentEntity | null> {
    return (em ?? this.dataSource.manager).getRepository(DeploymentEntity).findOneBy({ id });
  }

  // Series

  findSeriesById(id: string, em?: EntityManager): Promise<EventSeriesEntity | null> {
    return this.seriesRepo(em).findOneBy({ id });
  }

  createSeries(fields: Partial<EventSeriesEntity>, em: EntityManager): EventSeriesEntity {
    return this.seriesRepo(em).create(fields);
  }

  saveSeries(series: EventSeriesEntity, em: EntityManager): Promise<EventSeriesEntity> {
    return this.seriesRepo(em).save(series);
  }

  findOccurrences(seriesId: string, em?: EntityManager): Promise<EventEntity[]> {
    return this.events(em).find({ where: { seriesId }, order: { startsAt: 'ASC' } });
  }

  /** Occurrences a series edit may change: not yet started, not edited on their own, not cancelled. */
  findFollowingUnedited(seriesId: string, after: Date, em: EntityManager): Promise<EventEntity[]> {
    return this.events(em).find({
      where: { seriesId, detached: false, status: Not(EventStatus.Cancelled), startsAt: MoreThan(after) },
      order: { startsAt: 'ASC' },
    });
  }

  // Registrations

  findRegistrations(eventId: string, em?: EntityManager): Promise<EventRegistrationEntity[]> {
    return this.registrations(em).find({ where: { eventId }, order: { position: 'ASC' } });
  }

  findRegistration(eventId: string, id: string, em?: EntityManager): Promise<EventRegistrationEntity | null> {
    return this.registrations(em).findOneBy({ eventId, id });
  }

  /** The member's row at the event that is not cancelled, if any. */
  findActiveOfMember(
    eventId: string,
    memberId: string,
    em?: EntityManager,
  ): Promise<EventRegistrationEntity | null> {
    return this.registrations(em).findOneBy({
      eventId,
      memberId,
      status: Not(RegistrationStatus.Cancelled),
    });
  }

  async nextPosition(eventId: string, em: EntityManager): Promise<number> {
    const row: { max: number | string | null } | undefined = await this.registrations(em)
      .createQueryBuilder('r')
      .select('MAX(r.position)', 'max')
      .where('r.eventId = :eventId', { eventId })
      .getRawOne();
    return Number(row?.max ?? 0) + 1;
  }

  createRegistration(fields: Partial<EventRegistrationEntity>, em: EntityManager): EventRegistrationEntity {
    return this.registrations(em).create(fields);
  }

  saveRegistration(row: EventRegistrationEntity, em: EntityManager): Promise<EventRegistrationEntity> {
    return this.registrations(em).save(row);
  }
}

function group<R>(rows: R[], key: (r: R) => string, value: (r: R) => string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(key(r)) ?? [];
    list.push(value(r));
    out.set(key(r), list);
  }
  return out;
}
