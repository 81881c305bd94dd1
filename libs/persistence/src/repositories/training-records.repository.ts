import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { TrainingAction } from '@werkbank/contracts';
import { MemberEntity, QualificationEntity, TrainingRecordEntity } from '../entities';

/** A current grant that runs out soon, with the names a reminder list shows. */
export interface ExpiringGrant {
  memberId: string;
  firstName: string;
  lastName: string;
  qualificationId: string;
  qualificationName: string;
  expiresOn: string;
}

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

  /** Grants that are each member's latest record of their qualification and expire in (after, until]. */
  findExpiringBetween(after: string, until: string): Promise<ExpiringGrant[]> {
    return this.repo()
      .createQueryBuilder('r')
      .innerJoin(MemberEntity, 'm', 'm.id = r.memberId')
      .innerJoin(QualificationEntity, 'q', 'q.id = r.qualificationId')
      .select(['r.memberId AS "memberId"', 'm.firstName AS "firstName"', 'm.lastName AS "lastName"'])
      .addSelect([
        'r.qualificationId AS "qualificationId"',
        'q.name AS "qualificationName"',
        'r.expiresOn AS "expiresOn"',
      ])
      .where('r.action = :grant', { grant: TrainingAction.Grant })
      .andWhere('r.expiresOn > :today AND r.expiresOn <= :until', { today: after, until })
      .andWhere(
        'NOT EXISTS (SELECT 1 FROM "training_records" "l" WHERE "l"."memberId" = "r"."memberId" AND "l"."qualificationId" = "r"."qualificationId" AND "l"."recordedAt" > "r"."recordedAt")',
      )
      .orderBy('r.expiresOn', 'ASC')
      .getRawMany<ExpiringGrant>();
  }

  insert(records: TrainingRecordEntity[], em: EntityManager): Promise<TrainingRecordEntity[]> {
    return this.repo(em).save(records);
  }

  create(fields: Partial<TrainingRecordEntity>, em?: EntityManager): TrainingRecordEntity {
    return this.repo(em).create(fields);
  }
}
