import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThanOrEqual, MoreThanOrEqual, Not } from 'typeorm';
import { SiteKind } from '@werkbank/contracts';
import { DeploymentEntity, OpeningHoursEntity, SiteEntity } from '../entities';

export interface OpeningHoursFields {
  weekday: number;
  opens: string;
  closes: string;
}

/** Sites with their opening hours, and the deployments of mobile labs. */
@Injectable()
export class SitesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private sites(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(SiteEntity);
  }

  private hours(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(OpeningHoursEntity);
  }

  private deployments(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(DeploymentEntity);
  }

  findAllWithHours(): Promise<SiteEntity[]> {
    return this.sites().find({ relations: { openingHours: true }, order: { name: 'ASC' } });
  }

  findByIdWithHours(id: string, em?: EntityManager): Promise<SiteEntity | null> {
    return this.sites(em).findOne({ where: { id }, relations: { openingHours: true } });
  }

  findByName(name: string, em?: EntityManager): Promise<SiteEntity | null> {
    return this.sites(em).findOneBy({ name });
  }

  /** The lab's site when it has exactly one (a default for records that belong to a site); else null. */
  async soleSiteId(em?: EntityManager): Promise<string | null> {
    const two = await this.sites(em).find({ select: { id: true }, take: 2 });
    return two.length === 1 ? two[0].id : null;
  }

  exists(id: string, em?: EntityManager): Promise<boolean> {
    return this.sites(em).existsBy({ id });
  }

  create(fields: Partial<SiteEntity>, em?: EntityManager): SiteEntity {
    return this.sites(em).create(fields);
  }

  /** The site's own columns; its opening hours are replaced with `replaceOpeningHours`. */
  save<T extends Partial<SiteEntity>>(site: T, em?: EntityManager): Promise<T & SiteEntity> {
    return this.sites(em).save(site);
  }

  async remove(site: SiteEntity, em?: EntityManager): Promise<void> {
    await this.sites(em).remove(site);
  }

  async replaceOpeningHours(siteId: string, hours: OpeningHoursFields[], em: EntityManager): Promise<void> {
    const repo = this.hours(em);
    await repo.delete({ siteId });
    if (hours.length > 0) await repo.save(hours.map((h) => repo.create({ siteId, ...h })));
  }

  /** Newest first. */
  findDeployments(siteId: string): Promise<DeploymentEntity[]> {
    return this.deployments().find({ where: { siteId }, order: { startsOn: 'DESC' } });
  }

  insertDeployment(fields: Partial<DeploymentEntity>, em: EntityManager): Promise<DeploymentEntity> {
    const repo = this.deployments(em);
    return repo.save(repo.create(fields));
  }

  /** The mobile labs (sites of kind mobile), by name. */
  findMobile(): Promise<SiteEntity[]> {
    return this.sites().find({ where: { kind: SiteKind.Mobile }, order: { name: 'ASC' } });
  }

  /** Deployments of a site that end on or after `from`, soonest first. */
  findDeploymentsFrom(siteId: string, from: string): Promise<DeploymentEntity[]> {
    return this.deployments().find({
      where: { siteId, endsOn: MoreThanOrEqual(from) },
      order: { startsOn: 'ASC' },
    });
  }

  findDeployment(id: string, em?: EntityManager): Promise<DeploymentEntity | null> {
    return this.deployments(em).findOneBy({ id });
  }

  /** The first deployment of the site whose days overlap [startsOn, endsOn] (both included), if any. */
  findOverlappingDeployment(
    siteId: string,
    startsOn: string,
    endsOn: string,
    em: EntityManager,
    exceptId?: string,
  ): Promise<DeploymentEntity | null> {
    return this.deployments(em).findOne({
      where: {
        siteId,
        startsOn: LessThanOrEqual(endsOn),
        endsOn: MoreThanOrEqual(startsOn),
        ...(exceptId ? { id: Not(exceptId) } : {}),
      },
      order: { startsOn: 'ASC' },
    });
  }

  /**
   * Serialises deployment writes of one site: on PostgreSQL a row lock on the site, held to the end of the
   * transaction, so two overlapping deployments cannot both pass the overlap check. SQLite runs one write
   * transaction at a time anyway (serializeSqliteTransactions).
   */
  async lockForDeployments(siteId: string, em: EntityManager): Promise<void> {
    if (em.connection.options.type !== 'postgres') return;
    await this.sites(em).findOne({ where: { id: siteId }, lock: { mode: 'pessimistic_write' } });
  }
}
