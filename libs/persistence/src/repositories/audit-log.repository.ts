import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { AuditLogEntity } from '../entities';

export interface AuditFilter {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  page: number;
  pageSize: number;
}

@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  append(entry: Omit<AuditLogEntity, 'id' | 'assignId'>, em?: EntityManager): Promise<AuditLogEntity> {
    const repo = (em ?? this.dataSource.manager).getRepository(AuditLogEntity);
    return repo.save(repo.create(entry));
  }

  async findPage(filter: AuditFilter): Promise<{ items: AuditLogEntity[]; total: number }> {
    const where: FindOptionsWhere<AuditLogEntity> = {};
    if (filter.entityType) where.entityType = filter.entityType;
    if (filter.entityId) where.entityId = filter.entityId;
    if (filter.actorId) where.actorId = filter.actorId;
    const [items, total] = await this.dataSource.getRepository(AuditLogEntity).findAndCount({
      where,
      order: { at: 'DESC', id: 'DESC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items, total };
  }
}
