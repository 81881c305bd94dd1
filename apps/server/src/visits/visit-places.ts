import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import { DomainRule } from '@werkbank/contracts';
import { DeploymentEntity, SiteEntity, SitesRepository, VisitsRepository } from '@werkbank/persistence';
import { DomainError } from '../common/domain-error';

export interface VisitPlace {
  site: SiteEntity;
  deployment: DeploymentEntity | null;
}

/** Where a visit or headcount is recorded: a site, or one of its deployments on a day it covers. */
@Injectable()
export class VisitPlaces {
  constructor(
    private readonly sites: SitesRepository,
    private readonly visits: VisitsRepository,
  ) {}

  /**
   * `day` is the site's local day the record is for; a function of the site's zone, since the zone is known
   * only once the site is (`localDateOf(now, site.timezone)` for a check-in now).
   */
  async resolve(
    ref: { siteId?: string; deploymentId?: string },
    day: (site: SiteEntity) => string,
    em: EntityManager,
  ): Promise<VisitPlace & { day: string }> {
    if (!ref.siteId && !ref.deploymentId)
      throw DomainError.invalid('siteId', 'give siteId or deploymentId', DomainRule.OneOf, {
        otherField: 'deploymentId',
      });
    let deployment: DeploymentEntity | null = null;
    if (ref.deploymentId) {
      deployment = await this.visits.findDeployment(ref.deploymentId, em);
      if (!deployment) throw DomainError.invalid('deploymentId', 'no such deployment', DomainRule.NotFound);
      if (ref.siteId && ref.siteId !== deployment.siteId)
        throw DomainError.invalid(
          'deploymentId',
          'the deployment belongs to another site',
          DomainRule.DeploymentOfOtherSite,
        );
    }
    const siteId = deployment?.siteId ?? (ref.siteId as string);
    const site = await this.sites.findByIdWithHours(siteId, em);
    if (!site) throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    const localDay = day(site);
    if (deployment && (localDay < deployment.startsOn || localDay > deployment.endsOn))
      throw DomainError.invalid(
        'deploymentId',
        `the deployment runs ${deployment.startsOn} to ${deployment.endsOn}, not on ${localDay}`,
        DomainRule.DeploymentNotOnDay,
        { startsOn: deployment.startsOn, endsOn: deployment.endsOn, day: localDay },
      );
    return { site, deployment, day: localDay };
  }
}

export const todayAt = (now: Date) => (site: SiteEntity) => localDateOf(now.getTime(), site.timezone);
