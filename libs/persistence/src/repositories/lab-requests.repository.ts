import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { LabRequestState } from '@werkbank/contracts';
import { LabRequestEntity } from '../entities';

/** Public requests for the mobile lab (the staff inbox and the requester's status page). */
@Injectable()
export class LabRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(LabRequestEntity);
  }

  /** Newest first, optionally one state only. */
  list(state?: LabRequestState, limit = 500): Promise<LabRequestEntity[]> {
    return this.repo().find({
      where: state ? { state } : {},
      order: { createdAt: 'DESC' },
      take: limit,
    });
  }

  findById(id: string, em?: EntityManager): Promise<LabRequestEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByTokenHash(statusTokenHash: string, em?: EntityManager): Promise<LabRequestEntity | null> {
    return this.repo(em).findOneBy({ statusTokenHash });
  }

  /** A request with the same e-mail and dates sent after `since`, if any. */
  findRecentDuplicate(dedupeKey: string, since: Date, em?: EntityManager): Promise<LabRequestEntity | null> {
    return this.repo(em).findOne({
      where: { dedupeKey, createdAt: MoreThan(since) },
      order: { createdAt: 'DESC' },
    });
  }

  insert(fields: Partial<LabRequestEntity>, em?: EntityManager): Promise<LabRequestEntity> {
    const repo = this.repo(em);
    return repo.save(repo.create(fields));
  }

  save(request: LabRequestEntity, em: EntityManager): Promise<LabRequestEntity> {
    return this.repo(em).save(request);
  }
}
