import { Injectable } from '@nestjs/common';
import {
  And,
  DataSource,
  EntityManager,
  FindOptionsWhere,
  LessThanOrEqual,
  MoreThanOrEqual,
  Not,
} from 'typeorm';
import { VolunteerHoursEntity } from '../entities';

export interface VolunteerHoursFilter {
  memberId?: string;
  staffId?: string;
  siteId?: string;
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** Whose hours: exactly one of member or staff account. */
export type VolunteerPerson = { memberId: string; staffId: null } | { memberId: null; staffId: string };

@Injectable()
export class VolunteerHoursRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(VolunteerHoursEntity);
  }

  /** Newest date first; the sum of quarter hours over the whole filter. */
  async findPage(
    filter: VolunteerHoursFilter,
  ): Promise<{ items: VolunteerHoursEntity[]; total: number; quarterHours: number }> {
    const where: FindOptionsWhere<VolunteerHoursEntity> = {};
    if (filter.memberId) where.memberId = filter.memberId;
    if (filter.staffId) where.staffId = filter.staffId;
    if (filter.siteId) where.siteId = filter.siteId;
    if (filter.from && filter.to) where.date = And(MoreThanOrEqual(filter.from), LessThanOrEqual(filter.to));
    else if (filter.from) where.date = MoreThanOrEqual(filter.from);
    else if (filter.to) where.date = LessThanOrEqual(filter.to);
    const [items, total] = await this.repo().findAndCount({
      where,
      order: { date: 'DESC', createdAt: 'DESC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    const sum = await this.repo().sum('quarterHours', where);
    return { items, total, quarterHours: sum ?? 0 };
  }

  findById(id: string, em?: EntityManager): Promise<VolunteerHoursEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** Quarter hours the person has on that date already (across sites), leaving one entry out (an edit). */
  async quarterHoursOn(
    person: VolunteerPerson,
    date: string,
    excludeId: string | null,
    em: EntityManager,
  ): Promise<number> {
    const where: FindOptionsWhere<VolunteerHoursEntity> = { date };
    if (person.staffId === null) where.memberId = person.memberId;
    else where.staffId = person.staffId;
    if (excludeId) where.id = Not(excludeId);
    return (await this.repo(em).sum('quarterHours', where)) ?? 0;
  }

  insert(fields: Partial<VolunteerHoursEntity>, em: EntityManager): Promise<VolunteerHoursEntity> {
    const repo = this.repo(em);
    return repo.save(repo.create(fields));
  }

  save(entry: VolunteerHoursEntity, em: EntityManager): Promise<VolunteerHoursEntity> {
    return this.repo(em).save(entry);
  }

  async remove(entry: VolunteerHoursEntity, em: EntityManager): Promise<void> {
    await this.repo(em).delete({ id: entry.id });
  }
}
