import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import { DomainRule, ErrorCode, EventStatus, type Event } from '@werkbank/contracts';
import {
  EventCounts,
  EventEntity,
  EventsRepository,
  PartnersRepository,
  QualificationsRepository,
  SiteEntity,
  SitesRepository,
  StaffRepository,
} from '@werkbank/persistence';
import { DomainError } from '../common/domain-error';

/** The references an event or a series template names; each checked, or a 400 naming the field. */
export interface EventReferences {
  siteId: string;
  partnerIds?: string[];
  staffIds?: string[];
  qualificationId?: string | null;
}

/** Checks shared by events and series, and the event view. */
@Injectable()
export class EventRules {
  constructor(
    private readonly events: EventsRepository,
    private readonly sites: SitesRepository,
    private readonly partners: PartnersRepository,
    private readonly staff: StaffRepository,
    private readonly qualifications: QualificationsRepository,
  ) {}

  async assertReferences(refs: EventReferences, em: EntityManager): Promise<SiteEntity> {
    const site = await this.sites.findByIdWithHours(refs.siteId, em);
    if (!site) throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    if (refs.partnerIds?.length) {
      const found = await this.partners.findByIds(refs.partnerIds, em);
      const missing = refs.partnerIds.filter((id) => !found.some((p) => p.id === id));
      if (missing.length)
        throw DomainError.invalid(
          'partnerIds',
          `unknown partners: ${missing.join(', ')}`,
          DomainRule.NotFound,
        );
    }
    if (refs.staffIds?.length) {
      const found = await this.staff.findByIds(refs.staffIds);
      const missing = refs.staffIds.filter((id) => !found.some((s) => s.id === id));
      if (missing.length)
        throw DomainError.invalid(
          'staffIds',
          `unknown staff accounts: ${missing.join(', ')}`,
          DomainRule.NotFound,
        );
    }
    if (refs.qualificationId && !(await this.qualifications.findById(refs.qualificationId, em)))
      throw DomainError.invalid('qualificationId', 'no such qualification', DomainRule.NotFound);
    return site;
  }

  /** End after start; a deployment of the same site whose dates (in the site's zone) hold the event. */
  async assertWhenAndWhere(
    site: SiteEntity,
    startsAt: Date,
    endsAt: Date,
    deploymentId: string | null,
    em: EntityManager,
  ): Promise<void> {
    if (endsAt.getTime() <= startsAt.getTime())
      throw DomainError.invalid('endsAt', 'must be after startsAt', DomainRule.NotBefore, {
        otherField: 'startsAt',
      });
    if (!deploymentId) return;
    const deployment = await this.events.findDeployment(deploymentId, em);
    if (!deployment) throw DomainError.invalid('deploymentId', 'no such deployment', DomainRule.NotFound);
    if (deployment.siteId !== site.id)
      throw DomainError.invalid(
        'deploymentId',
        'the deployment belongs to another site',
        DomainRule.DeploymentOfOtherSite,
      );
    const first = localDateOf(startsAt.getTime(), site.timezone);
    // An event ending at midnight belongs to the day before.
    const last = localDateOf(endsAt.getTime() - 1, site.timezone);
    if (first < deployment.startsOn || last > deployment.endsOn)
      throw DomainError.invalid(
        'startsAt',
        `must fall within the deployment's dates ${deployment.startsOn} – ${deployment.endsOn}`,
        DomainRule.OutsideDeployment,
        { startsOn: deployment.startsOn, endsOn: deployment.endsOn },
      );
  }

  /** Lowering capacity below the seats confirmed registrations hold would strand them: refused. */
  assertCapacity(capacity: number | null, registered: number): void {
    if (capacity !== null && capacity < registered)
      throw DomainError.conflict(
        `Capacity ${capacity} is below the ${registered} seats confirmed registrations hold.`,
        [
          {
            field: 'capacity',
            problem: `must be at least ${registered} (confirmed registrations)`,
            rule: DomainRule.CapacityBelowRegistrations,
            params: { registered },
          },
        ],
      );
  }

  assertNotCancelled(event: EventEntity): void {
    if (event.status === EventStatus.Cancelled)
      throw new DomainError(ErrorCode.InvalidState, 'The event was cancelled.', [
        { field: 'id', problem: 'the event was cancelled', rule: DomainRule.EventCancelled },
      ]);
  }

  async getEvent(id: string, em?: EntityManager): Promise<EventEntity> {
    const event = await this.events.findById(id, em);
    if (!event) throw DomainError.notFound('Event', id);
    return event;
  }

  async views(list: EventEntity[], em?: EntityManager): Promise<Event[]> {
    const ids = list.map((e) => e.id);
    const [counts, partners, staff] = await Promise.all([
      this.events.countsOf(ids, em),
      this.events.partnersOf(ids, em),
      this.events.staffOf(ids, em),
    ]);
    return list.map((e) => toEventView(e, counts.get(e.id), partners.get(e.id), staff.get(e.id)));
  }

  async view(event: EventEntity, em?: EntityManager): Promise<Event> {
    return (await this.views([event], em))[0];
  }
}

export function toEventView(
  e: EventEntity,
  counts: EventCounts | undefined,
  partnerIds: string[] = [],
  staffIds: string[] = [],
): Event {
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    format: e.format,
    siteId: e.siteId,
    deploymentId: e.deploymentId,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    capacity: e.capacity,
    targetGroups: e.targetGroups,
    public: e.public,
    qualificationId: e.qualificationId,
    contentVersion: e.contentVersion,
    status: e.status,
    partnerIds: [...partnerIds].sort(),
    staffIds: [...staffIds].sort(),
    seriesId: e.seriesId,
    seriesDate: e.seriesDate,
    detached: e.detached,
    sequence: e.sequence,
    registeredCount: counts?.registered ?? 0,
    waitlistCount: counts?.waitlisted ?? 0,
    attendedCount: (counts?.attendedRows ?? 0) + e.walkIns,
    walkIns: e.walkIns,
    headcount: e.headcount,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}
