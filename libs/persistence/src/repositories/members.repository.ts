import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { MemberStatus, SortOrder } from '@werkbank/contracts';
import { MemberEntity } from '../entities';
import { insertInChunks } from './insert-in-chunks';
import { ListColumn, listJson } from './list-rows';
import { PreparedReads } from './prepared-reads';

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
  /**
   * `trainer`: the columns a trainer needs to pick participants, no contact data and no pseudonymous key
   * (which would undo the live board's pseudonyms); the search then matches names only.
   */
  view?: 'office' | 'trainer';
}

/** Columns a list page shows; the detail view loads the whole record. */
export const MEMBER_LIST_COLUMNS = [
  { name: 'id', type: 'text' },
  { name: 'memberKey', type: 'text' },
  { name: 'firstName', type: 'text' },
  { name: 'lastName', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'guestValidFrom', type: 'text' },
  { name: 'guestValidUntil', type: 'text' },
  { name: 'homeSiteId', type: 'text' },
  { name: 'isMinor', type: 'boolean' },
  { name: 'createdAt', type: 'timestamp' },
] as const satisfies readonly ListColumn[];
/** What a trainer's list shows: no e-mail, no pseudonymous key. */
export const MEMBER_TRAINER_LIST_COLUMNS = MEMBER_LIST_COLUMNS.filter(
  (c) => c.name !== 'email' && c.name !== 'memberKey',
);
/** A list row as the API sends it (createdAt as an ISO string). */
export type MemberListItem = Omit<
  Pick<MemberEntity, (typeof MEMBER_LIST_COLUMNS)[number]['name']>,
  'createdAt'
> & {
  createdAt: string;
};

const COUNT_TTL_MS = 5_000;

@Injectable()
export class MembersRepository {
  /**
   * Totals per filter, dropped on every member write through this repository (and after a few seconds at
   * the latest): paging through a list does not recount thousands of rows for every page.
   */
  private readonly counts = new Map<string, { total: number; at: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly reads: PreparedReads,
  ) {}

  private invalidateCounts(): void {
    this.counts.clear();
  }

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(MemberEntity);
  }

  findById(id: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** Only the pseudonymous key (filters by member on pseudonymous lists). */
  async findKey(id: string): Promise<string | null> {
    const m = await this.repo().findOne({ where: { id }, select: { id: true, memberKey: true } });
    return m?.memberKey ?? null;
  }

  findByEmail(email: string, em?: EntityManager): Promise<MemberEntity | null> {
    return this.repo(em).findOneBy({ email });
  }

  /**
   * One page, as the JSON text of its MemberListItems (see listJson), plus the total. Two index-served queries
   * beat one COUNT(*) OVER () that must sort all matches.
   *
   * The SQL is written here rather than through the QueryBuilder: this is the staff UI's busiest query, and
   * building it through TypeORM took a tenth of a request's CPU (profiled). Column names come from the entity
   * metadata, values only ever travel as parameters.
   */
  async findPage(filter: MemberFilter): Promise<{ itemsJson: string; total: number }> {
    const driver = this.dataSource.driver;
    const metadata = this.repo().metadata;
    const column = (property: string) => {
      const found = metadata.findColumnWithPropertyName(property);
      if (!found) throw new Error(`members has no column ${property}`);
      return driver.escape(found.databaseName);
    };
    const parameters: unknown[] = [];
    const parameter = (value: unknown) => {
      parameters.push(value);
      return driver.createParameter(`p${parameters.length}`, parameters.length - 1);
    };
    const conditions: string[] = [];
    if (filter.status) conditions.push(`${column('status')} = ${parameter(filter.status)}`);
    if (filter.homeSiteId) conditions.push(`${column('homeSiteId')} = ${parameter(filter.homeSiteId)}`);
    if (filter.q) {
      const like = `${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      // One parameter per use: SQLite's placeholders are positional.
      const searched =
        filter.view === 'trainer' ? ['lastName', 'firstName'] : ['lastName', 'firstName', 'email'];
      const matches = searched.map((p) => `LOWER(${column(p)}) LIKE ${parameter(like)} ESCAPE '\\'`);
      conditions.push(`(${matches.join(' OR ')})`);
    }
    const from = `FROM ${driver.escape(metadata.tableName)}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}`;
    const filterParameters = [...parameters];
    const direction = filter.order === 'desc' ? 'DESC' : 'ASC';
    // Tiebreak in the same direction as the sort so the composite index can serve the order.
    // Raw rows, not entities: a list page is read-only, and skipping entity hydration halves its cost.
    const columns = filter.view === 'trainer' ? MEMBER_TRAINER_LIST_COLUMNS : MEMBER_LIST_COLUMNS;
    const select = columns.map((c) => `${column(c.name)} AS ${driver.escape(c.name)}`).join(', ');
    const sql =
      `SELECT ${select} ${from} ORDER BY ${column(filter.sort)} ${direction}, ${column('id')} ${direction} ` +
      `LIMIT ${parameter(filter.pageSize)} OFFSET ${parameter((filter.page - 1) * filter.pageSize)}`;
    const page = listJson(this.reads, sql, parameters, columns, [
      [filter.sort, direction],
      ['id', direction],
    ]);
    const countKey = `${filter.view ?? ''}|${filter.status ?? ''}|${filter.homeSiteId ?? ''}|${filter.q ?? ''}`;
    const cached = this.counts.get(countKey);
    const now = Date.now();
    const count =
      cached && now - cached.at < COUNT_TTL_MS
        ? Promise.resolve(cached.total)
        : this.reads
            .all<{ total: number | string }>(`SELECT COUNT(*) AS total ${from}`, filterParameters)
            .then(([row]) => Number(row.total));
    const [itemsJson, total] = await Promise.all([page, count]);
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(countKey, { total, at: cached?.at && now - cached.at < COUNT_TTL_MS ? cached.at : now });
    return { itemsJson, total };
  }

  save(member: MemberEntity, em?: EntityManager): Promise<MemberEntity> {
    this.invalidateCounts();
    return this.repo(em).save(member);
  }

  /**
   * New members (ids assigned) as multi-row INSERTs without reading anything back: `save()` sent one INSERT and
   * one SELECT per member, a 20 000-row import took 45 s. The timestamps are set here, so the entities hold
   * what the rows hold.
   */
  async insertMany(members: MemberEntity[], em: EntityManager, now: Date): Promise<void> {
    this.invalidateCounts();
    for (const member of members) {
      member.createdAt = now;
      member.updatedAt = now;
    }
    await insertInChunks(em, MemberEntity, members);
  }

  create(fields: Partial<MemberEntity>, em?: EntityManager): MemberEntity {
    return this.repo(em).create(fields);
  }

  async remove(member: MemberEntity, em?: EntityManager): Promise<void> {
    this.invalidateCounts();
    await this.repo(em).remove(member);
  }

  findByIds(ids: string[], em?: EntityManager): Promise<MemberEntity[]> {
    return this.repo(em).findBy({ id: In(ids) });
  }

  /** Which of these e-mail addresses members already use. */
  async findUsedEmails(emails: string[]): Promise<string[]> {
    const rows = await this.repo().find({ select: { email: true }, where: { email: In(emails) } });
    return rows.map((row) => row.email as string);
  }
}
