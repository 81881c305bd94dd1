import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { expandRecurrence, occurrenceOn, recurrenceProblem } from '@werkbank/access-core';
import { AuditAction, DomainRule, EventStatus, type EventSeries } from '@werkbank/contracts';
import { EventEntity, EventSeriesEntity, EventsRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { EventRegistrationsService } from './event-registrations.service';
import { EventRules } from './event-rules';
import { CreateSeriesDto, UpdateSeriesDto } from './events.dto';

const RULES: Record<string, DomainRule> = {
  seriesEnd: DomainRule.SeriesEnd,
  seriesTooLong: DomainRule.SeriesTooLong,
  notBefore: DomainRule.NotBefore,
  format: DomainRule.Format,
};

/**
 * A recurring event: the rule is expanded (libs/access-core recurrence.util) into one event row per
 * occurrence, linked by seriesId. An occurrence edited or cancelled on its own is an exception (detached);
 * editing the series changes the following occurrences that are not.
 */
@Injectable()
export class EventSeriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly rules: EventRules,
    private readonly registrations: EventRegistrationsService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<EventSeries> {
    const series = await this.events.findSeriesById(id);
    if (!series) throw DomainError.notFound('EventSeries', id);
    return this.view(series);
  }

  async create(actor: StaffPrincipal, dto: CreateSeriesDto): Promise<EventSeries> {
    const rule = { ...dto, until: dto.until ?? null, count: dto.count ?? null };
    const problem = recurrenceProblem(rule);
    if (problem) throw DomainError.invalid(problem.field, problem.problem, RULES[problem.rule]);
    const id = await this.dataSource.transaction(async (em) => {
      const site = await this.rules.assertReferences(dto, em);
      const series = await this.events.saveSeries(
        this.events.createSeries(
          {
            title: dto.title,
            description: dto.description ?? null,
            format: dto.format,
            siteId: dto.siteId,
            capacity: dto.capacity ?? null,
            targetGroups: dto.targetGroups ?? [],
            public: dto.public ?? false,
            qualificationId: dto.qualificationId ?? null,
            contentVersion: dto.contentVersion ?? null,
            status: EventStatus.Scheduled,
            frequency: dto.frequency,
            startDate: dto.startDate,
            startTime: dto.startTime,
            endTime: dto.endTime,
            until: rule.until,
            count: rule.count,
            partnerIds: dto.partnerIds ?? [],
            staffIds: dto.staffIds ?? [],
          },
          em,
        ),
        em,
      );
      const occurrences = expandRecurrence(rule, site.timezone).map((o) =>
        this.events.create(
          {
            ...template(series),
            siteId: series.siteId,
            deploymentId: null,
            startsAt: new Date(o.startsAt),
            endsAt: new Date(o.endsAt),
            status: EventStatus.Scheduled,
            seriesId: series.id,
            seriesDate: o.date,
            detached: false,
            sequence: 0,
            walkIns: 0,
            headcount: null,
          },
          em,
        ),
      );
      await this.events.saveMany(occurrences, em);
      for (const event of occurrences) {
        await this.events.setPartners(event.id, series.partnerIds, em);
        await this.events.setStaff(event.id, series.staffIds, em);
      }
      await this.audit.record(actor, AuditAction.Create, 'event_series', series.id, null, series, em);
      return series.id;
    });
    return this.get(id);
  }

  /** The template and times change for every following occurrence that was not edited on its own. */
  async update(actor: StaffPrincipal, id: string, dto: UpdateSeriesDto): Promise<EventSeries> {
    await this.dataSource.transaction(async (em) => {
      const series = await this.events.findSeriesById(id, em);
      if (!series) throw DomainError.notFound('EventSeries', id);
      if (series.status === EventStatus.Cancelled)
        throw DomainError.invalid('id', 'the series was cancelled', DomainRule.EventCancelled);
      const before = { ...series };
      const site = await this.rules.assertReferences({ ...dto, siteId: series.siteId }, em);
      applyTemplate(series, dto);
      const problem = recurrenceProblem(series);
      if (problem) throw DomainError.invalid(problem.field, problem.problem, RULES[problem.rule]);
      await this.events.saveSeries(series, em);
      const following = await this.events.findFollowingUnedited(id, this.clock.now(), em);
      const counts = await this.events.countsOf(
        following.map((e) => e.id),
        em,
      );
      for (const event of following) {
        Object.assign(event, template(series));
        const times = occurrenceOn(
          event.seriesDate as string,
          series.startTime,
          series.endTime,
          site.timezone,
        );
        event.startsAt = new Date(times.startsAt);
        event.endsAt = new Date(times.endsAt);
        this.rules.assertCapacity(event.capacity, counts.get(event.id)?.registered ?? 0);
        event.sequence += 1;
        await this.events.save(event, em);
        if (dto.partnerIds) await this.events.setPartners(event.id, series.partnerIds, em);
        if (dto.staffIds) await this.events.setStaff(event.id, series.staffIds, em);
        await this.registrations.promoteWaiting(actor, event, em);
      }
      await this.audit.record(actor, AuditAction.Update, 'event_series', id, before, series, em);
    });
    return this.get(id);
  }

  /** Cancels the series and its following occurrences that are not cancelled yet; past ones stay as they were. */
  async cancel(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const series = await this.events.findSeriesById(id, em);
      if (!series) throw DomainError.notFound('EventSeries', id);
      if (series.status === EventStatus.Cancelled) return;
      const before = { ...series };
      series.status = EventStatus.Cancelled;
      await this.events.saveSeries(series, em);
      const occurrences = await this.events.findOccurrences(id, em);
      const now = this.clock.now().getTime();
      for (const event of occurrences) {
        if (event.startsAt.getTime() <= now || event.status === EventStatus.Cancelled) continue;
        event.status = EventStatus.Cancelled;
        event.sequence += 1;
        await this.events.save(event, em);
      }
      await this.audit.record(actor, AuditAction.Cancel, 'event_series', id, before, series, em);
    });
  }

  private async view(series: EventSeriesEntity): Promise<EventSeries> {
    const occurrences = await this.events.findOccurrences(series.id);
    return {
      id: series.id,
      title: series.title,
      description: series.description,
      format: series.format,
      siteId: series.siteId,
      capacity: series.capacity,
      targetGroups: series.targetGroups,
      public: series.public,
      qualificationId: series.qualificationId,
      contentVersion: series.contentVersion,
      status: series.status,
      partnerIds: series.partnerIds,
      staffIds: series.staffIds,
      frequency: series.frequency,
      startDate: series.startDate,
      startTime: series.startTime,
      endTime: series.endTime,
      until: series.until,
      count: series.count,
      occurrenceIds: occurrences.map((e) => e.id),
      createdAt: series.createdAt.toISOString(),
      updatedAt: series.updatedAt.toISOString(),
    };
  }
}

/** What an occurrence takes from its series. */
function template(s: EventSeriesEntity): Partial<EventEntity> {
  return {
    title: s.title,
    description: s.description,
    format: s.format,
    capacity: s.capacity,
    targetGroups: s.targetGroups,
    public: s.public,
    qualificationId: s.qualificationId,
    contentVersion: s.contentVersion,
  };
}

function applyTemplate(s: EventSeriesEntity, dto: UpdateSeriesDto): void {
  if (dto.title !== undefined) s.title = dto.title;
  if (dto.description !== undefined) s.description = dto.description ?? null;
  if (dto.format !== undefined) s.format = dto.format;
  if (dto.capacity !== undefined) s.capacity = dto.capacity ?? null;
  if (dto.targetGroups !== undefined) s.targetGroups = dto.targetGroups;
  if (dto.public !== undefined) s.public = dto.public;
  if (dto.qualificationId !== undefined) s.qualificationId = dto.qualificationId ?? null;
  if (dto.contentVersion !== undefined) s.contentVersion = dto.contentVersion ?? null;
  if (dto.partnerIds !== undefined) s.partnerIds = dto.partnerIds;
  if (dto.staffIds !== undefined) s.staffIds = dto.staffIds;
  if (dto.startTime !== undefined) s.startTime = dto.startTime;
  if (dto.endTime !== undefined) s.endTime = dto.endTime;
}
