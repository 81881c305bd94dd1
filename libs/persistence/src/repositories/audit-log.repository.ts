import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { AuditLogEntity } from '../entities';
import { insertInChunks } from './insert-in-chunks';

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

  /** Many entries (e.g. of an import) in multi-row INSERTs. */
  async appendMany(entries: Omit<AuditLogEntity, 'id' | 'assignId'>[], em: EntityManager): Promise<void> {
    const repo = em.getRepository(AuditLogEntity);
    await insertInChunks(
      em,
      AuditLogEntity,
      entries.map((entry) => repo.create({ ...entry, id: randomUUID() })),
    );
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
