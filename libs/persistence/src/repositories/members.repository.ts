import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { MemberStatus, SortOrder } from '@werkbank/contracts';
import { MemberEntity } from '../entities';

export const MEMBER_SORT_FIELDS = ['lastName', 'firstName', 'createdAt', 'status', 'email'] as const;
export type MemberSortField = (typeof MEMBER_SORT_FIELDS)[number];

export interface MemberFilter {
  q?: string;
  status?: MemberStatus;
  homeSiteId?: string;
  sort: MemberSortField;
  order: SortOrder;
  page: number;
  pageSize: number;
}

@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(MemberEntity);
  }

  findById(id: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByEmail(email: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ email });
  }

  /** One page plus the total, in a single query (COUNT(*) OVER () works on SQLite ≥ 3.25 and PostgreSQL). */
  async findPage(filter: MemberFilter): Promise<{ items: MemberEntity[]; total: number }> {
    const qb = this.repo().createQueryBuilder('m');
    if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
    if (filter.homeSiteId) qb.andWhere('m.homeSiteId = :site', { site: filter.homeSiteId });
    if (filter.q) {
      const like = `${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where("LOWER(m.lastName) LIKE :like ESCAPE '\\'", { like })
            .orWhere("LOWER(m.firstName) LIKE :like ESCAPE '\\'", { like })
            .orWhere("LOWER(m.email) LIKE :like ESCAPE '\\'", { like }),
        ),
      );
    }
    qb.addSelect('COUNT(*) OVER ()', 'total_count')
      .orderBy(`m.${filter.sort}`, filter.order === 'desc' ? 'DESC' : 'ASC')
      .addOrderBy('m.id', 'ASC')
      .offset((filter.page - 1) * filter.pageSize)
      .limit(filter.pageSize);
    const { entities, raw } = await qb.getRawAndEntities<{ total_count: number | string }>();
    if (entities.length === 0 && filter.page > 1) {
      // Past the last page: the window count is unavailable, ask for it directly.
      const total = await qb.clone().offset(undefined).limit(undefined).orderBy().getCount();
      return { items: [], total };
    }
    return { items: entities, total: raw.length > 0 ? Number(raw[0].total_count) : 0 };
  }

  save(member: MemberEntity, em?: EntityManager): Promise<MemberEntity> {
    return this.repo(em).save(member);
  }

  create(fields: Partial<MemberEntity>, em?: EntityManager): MemberEntity {
    return this.repo(em).create(fields);
  }

  async remove(member: MemberEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).remove(member);
  }
}
