import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { IncidentStatus } from '@werkbank/contracts';
import { IncidentEntity } from '../entities';

export interface IncidentFilter {
  machineId?: string;
  siteId?: string;
  status?: IncidentStatus;
  page: number;
  pageSize: number;
}

@Injectable()
export class IncidentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(IncidentEntity);
  }

  /** Newest first. */
  async findPage(filter: IncidentFilter): Promise<{ items: IncidentEntity[]; total: number }> {
    const where: FindOptionsWhere<IncidentEntity> = {};
    if (filter.machineId) where.machineId = filter.machineId;
    if (filter.siteId) where.siteId = filter.siteId;
    if (filter.status) where.status = filter.status;
    const [items, total] = await this.repo().findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items, total };
  }

  findById(id: string, em?: EntityManager): Promise<IncidentEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  insert(fields: Partial<IncidentEntity>, em: EntityManager): Promise<IncidentEntity> {
    const repo = this.repo(em);
    return repo.save(repo.create(fields));
  }

  save(incident: IncidentEntity, em: EntityManager): Promise<IncidentEntity> {
    return this.repo(em).save(incident);
  }
}
