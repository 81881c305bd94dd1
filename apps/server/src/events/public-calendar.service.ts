import { Injectable } from '@nestjs/common';
import { EventFormat, EventStatus } from '@werkbank/contracts';
import { EventsRepository, SitesRepository } from '@werkbank/persistence';
import { DomainError } from '../common/domain-error';
import { CalendarEntry, renderCalendar } from './ical.util';

/**
 * The public iCalendar feed of a site: its public events and (mobile labs) its deployments as all-day events.
 * Nothing personal goes out: no staff, no registrations, no booking institution; titles, times, places.
 */
@Injectable()
export class PublicCalendarService {
  constructor(
    private readonly events: EventsRepository,
    private readonly sites: SitesRepository,
  ) {}

  async feed(siteId: string): Promise<string> {
    const site = await this.sites.findByIdWithHours(siteId);
    if (!site) throw DomainError.notFound('Site', siteId);
    const [events, deployments] = await Promise.all([
      this.events.findPublicBySite(siteId),
      this.sites.findDeployments(siteId),
    ]);
    const places = new Map(deployments.map((d) => [d.id, d.place]));
    const entries: CalendarEntry[] = events.map((e) => ({
      uid: `event-${e.id}@werkbank`,
      stamp: e.updatedAt,
      summary: e.title,
      description: e.description,
      location: (e.deploymentId && places.get(e.deploymentId)) || site.address || site.name,
      categories: [e.format],
      sequence: e.sequence,
      cancelled: e.status === EventStatus.Cancelled,
      startsAt: e.startsAt,
      endsAt: e.endsAt,
    }));
    for (const d of [...deployments].reverse())
      entries.push({
        uid: `deployment-${d.id}@werkbank`,
        stamp: d.updatedAt,
        summary: `${site.name}: ${d.place}`,
        location: d.place,
        categories: [EventFormat.MobileDeployment],
        sequence: 0,
        cancelled: false,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
      });
    return renderCalendar({ name: site.name, entries });
  }
}
