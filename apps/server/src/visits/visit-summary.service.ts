import { Injectable } from '@nestjs/common';
import { addDaysToDate, countVisits, endOfLocalDay, startOfLocalDay } from '@werkbank/access-core';
import { DomainRule, type VisitSummary } from '@werkbank/contracts';
import { SitesRepository, VisitScope, VisitsRepository } from '@werkbank/persistence';
import { DomainError } from '../common/domain-error';
import { VisitSummaryQueryDto } from './visits.dto';

/** Longest period one summary covers (a year, leap years included). */
export const SUMMARY_MAX_DAYS = 366;
/** More check-ins than this in one summary's period is refused rather than answered slowly. */
const SUMMARY_MAX_VISITS = 500_000;

/** The daily counts of a site or deployment, by the counting rule in libs/access-core/src/visit-count.ts. */
@Injectable()
export class VisitSummaryService {
  constructor(
    private readonly sites: SitesRepository,
    private readonly visits: VisitsRepository,
  ) {}

  async summary(q: VisitSummaryQueryDto): Promise<VisitSummary> {
    if (q.to < q.from)
      throw DomainError.invalid('to', 'must not be before from', DomainRule.NotBefore, {
        otherField: 'from',
      });
    if (q.to > addDaysToDate(q.from, SUMMARY_MAX_DAYS - 1))
      throw DomainError.invalid('to', `at most ${SUMMARY_MAX_DAYS} days`, DomainRule.PeriodTooLong, {
        limit: SUMMARY_MAX_DAYS,
      });
    const site = await this.sites.findByIdWithHours(q.siteId);
    if (!site) throw DomainError.notFound('Site', q.siteId);
    if (q.deploymentId) {
      const deployment = await this.visits.findDeployment(q.deploymentId);
      if (!deployment || deployment.siteId !== site.id)
        throw DomainError.invalid(
          'deploymentId',
          'no such deployment of this site',
          DomainRule.DeploymentOfOtherSite,
        );
    }
    const scope: VisitScope = { siteId: site.id, deploymentId: q.deploymentId };
    const from = new Date(startOfLocalDay(q.from, site.timezone));
    const to = new Date(endOfLocalDay(q.to, site.timezone) + 1);
    const rows = await this.visits.visitsBetween(scope, from, to, SUMMARY_MAX_VISITS + 1);
    if (rows.length > SUMMARY_MAX_VISITS)
      throw DomainError.invalid(
        'to',
        'too many visits for one summary: ask for a shorter period',
        DomainRule.PeriodTooLong,
      );
    const headcounts = await this.visits.headcountsBetween(scope, q.from, q.to);
    const keys = [...new Set(rows.flatMap((r) => (r.memberKey === null ? [] : [r.memberKey])))];
    const firstVisitAt = await this.visits.firstVisitAt(scope, keys);
    // One place counted: the site with its stops, or the one stop.
    const place = q.deploymentId ?? site.id;
    const counted = countVisits(
      rows.map((r) => ({ siteId: place, at: r.at.getTime(), memberKey: r.memberKey })),
      headcounts.map((h) => ({ siteId: place, day: h.day, count: h.count })),
      { sites: [{ siteId: place, timeZone: site.timezone }], from: q.from, to: q.to, firstVisitAt },
    );
    return {
      siteId: site.id,
      deploymentId: q.deploymentId ?? null,
      timezone: site.timezone,
      from: q.from,
      to: q.to,
      days: counted.days.map(({ siteId: _, ...day }) => day),
      totals: counted.totals,
    };
  }
}
