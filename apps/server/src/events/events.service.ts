import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, EventStatus, type Event } from '@werkbank/contracts';
import { EventEntity, EventsRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { EventAttendanceService } from './event-attendance.service';
import { EventRegistrationsService } from './event-registrations.service';
import { EventRules } from './event-rules';
import { CreateEventDto, EventQueryDto, UpdateEventDto } from './events.dto';

/** Single events and occurrences of a series: the calendar's rows. */
@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly rules: EventRules,
    private readonly registrations: EventRegistrationsService,
    private readonly attendance: EventAttendanceService,
    private readonly audit: AuditService,
  ) {}

  async list(query: EventQueryDto): Promise<Event[]> {
    const rows = await this.events.findInRange({
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      siteId: query.siteId,
    });
    return this.rules.views(rows);
  }

  async get(id: string): Promise<Event> {
    return this.rules.view(await this.rules.getEvent(id));
  }

  async create(actor: StaffPrincipal, dto: CreateEventDto): Promise<Event> {
    const id = await this.dataSource.transaction(async (em) => {
      const site = await this.rules.assertReferences(dto, em);
      const startsAt = new Date(dto.startsAt);
      const endsAt = new Date(dto.endsAt);
      await this.rules.assertWhenAndWhere(site, startsAt, endsAt, dto.deploymentId ?? null, em);
      const event = await this.events.save(
        this.events.create(
          {
            title: dto.title,
            description: dto.description ?? null,
            format: dto.format,
            siteId: dto.siteId,
            deploymentId: dto.deploymentId ?? null,
            startsAt,
            endsAt,
            capacity: dto.capacity ?? null,
            targetGroups: dto.targetGroups ?? [],
            public: dto.public ?? false,
            qualificationId: dto.qualificationId ?? null,
            contentVersion: dto.contentVersion ?? null,
            status: EventStatus.Scheduled,
            seriesId: null,
            seriesDate: null,
            detached: false,
            sequence: 0,
            walkIns: 0,
            headcount: null,
          },
          em,
        ),
        em,
      );
      await this.events.setPartners(event.id, dto.partnerIds ?? [], em);
      await this.events.setStaff(event.id, dto.staffIds ?? [], em);
      await this.audit.record(
        actor,
        AuditAction.Create,
        'event',
        event.id,
        null,
        { ...event, ...links(dto) },
        em,
      );
      return event.id;
    });
    return this.get(id);
  }

  /**
   * Changes one event. An occurrence of a series becomes an exception (detached): series edits leave it alone.
   * Raising the capacity moves people up from the waiting list; lowering it below the confirmed seats is refused.
   */
  async update(actor: StaffPrincipal, id: string, dto: UpdateEventDto): Promise<Event> {
    await this.dataSource.transaction(async (em) => {
      const event = await this.events.findByIdForUpdate(id, em);
      if (!event) throw DomainError.notFound('Event', id);
      this.rules.assertNotCancelled(event);
      const before = { ...event };
      const site = await this.rules.assertReferences({ ...dto, siteId: event.siteId }, em);
      apply(event, dto);
      await this.rules.assertWhenAndWhere(site, event.startsAt, event.endsAt, event.deploymentId, em);
      const counts = (await this.events.countsOf([id], em)).get(id);
      this.rules.assertCapacity(event.capacity, counts?.registered ?? 0);
      if (event.seriesId) event.detached = true;
      event.sequence += 1;
      await this.events.save(event, em);
      if (dto.partnerIds) await this.events.setPartners(id, dto.partnerIds, em);
      if (dto.staffIds) await this.events.setStaff(id, dto.staffIds, em);
      await this.registrations.promoteWaiting(actor, event, em);
      await this.audit.record(
        actor,
        AuditAction.Update,
        'event',
        id,
        before,
        { ...event, ...links(dto) },
        em,
      );
    });
    return this.get(id);
  }

  /** Cancels (the row stays: counts, registrations and the feed's STATUS:CANCELLED). Idempotent. */
  async cancel(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const event = await this.rules.getEvent(id, em);
      if (event.status === EventStatus.Cancelled) return;
      const before = { ...event };
      event.status = EventStatus.Cancelled;
      event.sequence += 1;
      if (event.seriesId) event.detached = true;
      await this.events.save(event, em);
      await this.audit.record(actor, AuditAction.Cancel, 'event', id, before, event, em);
    });
  }

  /** A card tap at an event reader, or the door's card lookup: see EventAttendanceService. */
  recordCardAttendance(eventId: string, memberId: string, actor: StaffPrincipal | null = null) {
    return this.attendance.recordCardAttendance(eventId, memberId, actor);
  }
}

function links(dto: { partnerIds?: string[]; staffIds?: string[] }) {
  return {
    ...(dto.partnerIds ? { partnerIds: dto.partnerIds } : {}),
    ...(dto.staffIds ? { staffIds: dto.staffIds } : {}),
  };
}

function apply(event: EventEntity, dto: UpdateEventDto): void {
  if (dto.title !== undefined) event.title = dto.title;
  if (dto.description !== undefined) event.description = dto.description ?? null;
  if (dto.format !== undefined) event.format = dto.format;
  if (dto.deploymentId !== undefined) event.deploymentId = dto.deploymentId ?? null;
  if (dto.startsAt !== undefined) event.startsAt = new Date(dto.startsAt);
  if (dto.endsAt !== undefined) event.endsAt = new Date(dto.endsAt);
  if (dto.capacity !== undefined) event.capacity = dto.capacity ?? null;
  if (dto.targetGroups !== undefined) event.targetGroups = dto.targetGroups;
  if (dto.public !== undefined) event.public = dto.public;
  if (dto.qualificationId !== undefined) event.qualificationId = dto.qualificationId ?? null;
  if (dto.contentVersion !== undefined) event.contentVersion = dto.contentVersion ?? null;
}
