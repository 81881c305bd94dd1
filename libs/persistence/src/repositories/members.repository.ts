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

/** Columns a list page shows; the detail view loads the whole record. */
export const MEMBER_LIST_COLUMNS = [
  'id', 'memberKey', 'firstName', 'lastName', 'email', 'status', 'guestValidFrom', 'guestValidUntil',
  'homeSiteId', 'isMinor', 'createdAt',
] as const;
export type MemberListItem = Pick<MemberEntity, (typeof MEMBER_LIST_COLUMNS)[number]>;

const COUNT_TTL_MS = 5_000;

@Injectable()
export class MembersRepository {
  /**
   * Totals per filter, dropped on every member write through this repository (and after a few seconds at
   * the latest): paging through a list does not recount thousands of rows for every page.
   */
  private readonly counts = new Map<string, { total: number; at: number }>();

  constructor(private readonly dataSource: DataSource) {}

  private invalidateCounts(): void {
    this.counts.clear();
  }

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(MemberEntity);
  }

  findById(id: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByEmail(email: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ email });
  }

  /** One page plus the total. Two index-served queries beat one COUNT(*) OVER () that must sort all matches. */
  async findPage(filter: MemberFilter): Promise<{ items: MemberListItem[]; total: number }> {
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
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    // Tiebreak in the same direction as the sort so the composite index can serve the order.
    // Raw rows, not entities: a list page is read-only, and skipping entity hydration halves its cost.
    const page = qb
      .clone()
      .select(MEMBER_LIST_COLUMNS.map((c) => `m.${c} AS "${c}"`))
      .orderBy(`m.${filter.sort}`, direction)
      .addOrderBy('m.id', direction)
      .offset((filter.page - 1) * filter.pageSize)
      .limit(filter.pageSize)
      .getRawMany<Record<string, unknown>>()
      .then((rows) => rows.map(toListItem));
    const countKey = `${filter.status ?? ''}|${filter.homeSiteId ?? ''}|${filter.q ?? ''}`;
    const cached = this.counts.get(countKey);
    const now = Date.now();
    const count = cached && now - cached.at < COUNT_TTL_MS ? Promise.resolve(cached.total) : qb.getCount();
    const [items, total] = await Promise.all([page, count]);
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(countKey, { total, at: cached?.at && now - cached.at < COUNT_TTL_MS ? cached.at : now });
    return { items, total };
  }

  save(member: MemberEntity, em?: EntityManager): Promise<MemberEntity> {
    this.invalidateCounts();
    return this.repo(em).save(member);
  }

  async saveMany(members: MemberEntity[], em: EntityManager): Promise<void> {
    this.invalidateCounts();
    for (let i = 0; i < members.length; i += 500) await this.repo(em).save(members.slice(i, i + 500));
  }

  create(fields: Partial<MemberEntity>, em?: EntityManager): MemberEntity {
    return this.repo(em).create(fields);
  }

  async remove(member: MemberEntity, em?: EntityManager): Promise<void> {
    this.invalidateCounts();
    await this.repo(em).remove(member);
  }
}

/** SQLite returns booleans as 0/1 and dates as text; PostgreSQL returns real types. One shape for both. */
function toListItem(row: Record<string, unknown>): MemberListItem {
  const created = row.createdAt;
  return {
    ...(row as unknown as MemberListItem),
    isMinor: row.isMinor === true || row.isMinor === 1,
    createdAt: created instanceof Date ? created : new Date(`${String(created).replace(' ', 'T')}Z`),
  };
}
