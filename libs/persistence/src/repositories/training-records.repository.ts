import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { TrainingRecordEntity } from '../entities';

export interface TrainingFilter {
  memberId?: string;
  qualificationId?: string;
  page: number;
  pageSize: number;
}

@Injectable()
export class TrainingRecordsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(TrainingRecordEntity);
  }

  /** History of one member, oldest first (the latest row per qualification is the current standing). */
  findHistoryOfMember(memberId: string, em?: EntityManager): Promise<TrainingRecordEntity[]> {
    return this.repo(em).find({ where: { memberId }, order: { recordedAt: 'ASC', id: 'ASC' } });
  }

  /** Every record, oldest first, for building the access snapshot at boot. */
  findAllChronological(): Promise<TrainingRecordEntity[]> {
    return this.repo().find({ order: { recordedAt: 'ASC', id: 'ASC' } });
  }

  async findPage(filter: TrainingFilter): Promise<{ items: TrainingRecordEntity[]; total: number }> {
    const where: FindOptionsWhere<TrainingRecordEntity> = {};
    if (filter.memberId) where.memberId = filter.memberId;
    if (filter.qualificationId) where.qualificationId = filter.qualificationId;
    const [items, total] = await this.repo().findAndCount({
      where,
      order: { recordedAt: 'DESC', id: 'DESC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items, total };
  }

  insert(records: TrainingRecordEntity[], em: EntityManager): Promise<TrainingRecordEntity[]> {
    return this.repo(em).save(records);
  }

  create(fields: Partial<TrainingRecordEntity>, em?: EntityManager): TrainingRecordEntity {
    return this.repo(em).create(fields);
  }
}
