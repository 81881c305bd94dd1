import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
}
