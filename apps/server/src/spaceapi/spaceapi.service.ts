import { Inject, Injectable } from '@nestjs/common';
import { spaceState } from '@werkbank/access-core';
import type { SpaceApi } from '@werkbank/contracts';
import { SitesRepository } from '@werkbank/persistence';
import { AccessState } from '../access/runtime/access-state';
import { StaffPresence } from '../access/runtime/staff-presence';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';

/**
 * The SpaceAPI document of a site (spaceapi.io, schema 14 and 15): name, logo, url and contact from the
 * SPACEAPI_* settings, the site's address and time zone, and `state.open` = within the opening hours and a
 * staff member present (libs/access-core spaceState, on the live snapshot).
 *
 * `state.lastchange` is the latest of: the last switch of the opening hours, the arrival of the latest staff
 * member present, and the last change of `open` this server saw while answering (a departure leaves no other
 * trace); with none of these, the server's start.
 */
@Injectable()
export class SpaceApiService {
  private readonly seen = new Map<string, { open: boolean; at: number }>();
  private readonly startedAt: number;

  constructor(
    private readonly sites: SitesRepository,
    private readonly state: AccessState,
    private readonly presence: StaffPresence,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.startedAt = clock.now().getTime();
  }

  async document(siteId: string, baseUrl: string): Promise<SpaceApi> {
    const site = await this.sites.findByIdWithHours(siteId);
    const entry = this.state.snapshot.sites.get(siteId);
    if (!site || !entry) throw DomainError.notFound('Site', siteId);
    const now = this.clock.now().getTime();
    const state = spaceState(entry, now);
    const arrivals = this.presence
      .list(siteId)
      .map((p) => (p.arrivedAt ? Date.parse(p.arrivedAt) : 0))
      .filter((t) => t > 0);
    const seen = this.seen.get(siteId);
    if (!seen || seen.open !== state.open) this.seen.set(siteId, { open: state.open, at: seen ? now : 0 });
    const lastChange = Math.max(state.hoursChangedAt ?? 0, ...arrivals, this.seen.get(siteId)?.at ?? 0);
    const coordinates =
      this.config.spaceApiCoordinates.get(site.id) ?? this.config.spaceApiCoordinates.get(site.name);
    const base = this.config.PUBLIC_URL ?? baseUrl;
    const location: SpaceApi['location'] = {
      ...(site.address ? { address: site.address } : {}),
      ...(coordinates ? { lat: coordinates.lat, lon: coordinates.lon } : {}),
      timezone: site.timezone,
    };
    const contact: SpaceApi['contact'] = {
      ...(this.config.SPACEAPI_EMAIL ? { email: this.config.SPACEAPI_EMAIL } : {}),
      ...(this.config.SPACEAPI_PHONE ? { phone: this.config.SPACEAPI_PHONE } : {}),
    };
    return {
      // Schema 14 requires lat/lon; without coordinates the document is valid for 15 only.
      api_compatibility: coordinates ? ['14', '15'] : ['15'],
      space: this.config.SPACEAPI_NAME ? `${this.config.SPACEAPI_NAME} – ${site.name}` : site.name,
      logo: this.config.SPACEAPI_LOGO ?? `${base}/api/public/logo.svg`,
      url: this.config.SPACEAPI_URL ?? base,
      location,
      contact,
      state: {
        open: state.open,
        lastchange: Math.floor((lastChange || this.startedAt) / 1000),
        message: !state.withinHours
          ? 'closed (outside opening hours)'
          : state.staffPresent
            ? 'open'
            : 'closed (no staff on site)',
      },
    };
  }
}
