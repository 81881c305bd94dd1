import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MemberEntity, MunicipalityClassEntity } from '../entities';
import { insertInChunks } from './insert-in-chunks';

/** The lab's urban/rural classification (M14), replaced whole by an import. */
@Injectable()
export class MunicipalityClassesRepository {
  constructor(private readonly dataSource: DataSource) {}

  all(): Promise<MunicipalityClassEntity[]> {
    return this.dataSource.getRepository(MunicipalityClassEntity).find({ order: { key: 'ASC' } });
  }

  /** Members per stated home municipality key (what a classification covers). */
  async homes(): Promise<{ key: string; members: number }[]> {
    const rows = await this.dataSource
      .getRepository(MemberEntity)
      .createQueryBuilder('m')
      .select('m.homeMunicipalityKey', 'key')
      .addSelect('COUNT(*)', 'n')
      .where('m.homeMunicipalityKey IS NOT NULL')
      .groupBy('m.homeMunicipalityKey')
      .getRawMany<{ key: string; n: string | number }>();
    return rows.map((r) => ({ key: r.key, members: Number(r.n) }));
  }

  /** Replaces the table and marks for the roll-up every day of members with a home key (their cells change). */
  async replace(rows: MunicipalityClassEntity[], em: EntityManager): Promise<void> {
    await em.createQueryBuilder().delete().from(MunicipalityClassEntity).execute();
    await insertInChunks(em, MunicipalityClassEntity, rows);
    await markDaysOfMembersWithHome(em);
  }
}

/**
 * One mark per site and UTC date with check-ins or sessions of a member who stated a home municipality, with a
 * fresh stamp (a rebuild running now with the old classification does not clear it). In SQL, not rows: a year
 * of a busy lab is a million sessions. Sealed days are skipped by the roll-up: their cells are final.
 */
async function markDaysOfMembersWithHome(em: EntityManager): Promise<void> {
  const postgres = em.connection.options.type === 'postgres';
  const day = (column: string) =>
    postgres ? `to_char("${column}", 'YYYY-MM-DD')` : `substr("${column}", 1, 10)`;
  const stamp = postgres ? 'md5(random()::text)' : 'lower(hex(randomblob(16)))';
  const withHome = `"memberKey" IN (SELECT "memberKey" FROM "members" WHERE "homeMunicipalityKey" IS NOT NULL)`;
  for (const [table, column] of [
    ['visits', 'at'],
    ['usage_sessions', 'startedAt'],
  ])
    await em.query(
      `INSERT INTO "report_dirty_days" ("siteId", "utcDay", "stamp") SELECT "siteId", "d", ${stamp} FROM (SELECT DISTINCT "siteId", ${day(column)} AS "d" FROM "${table}" WHERE ${withHome}) AS "x" WHERE true ON CONFLICT ("siteId", "utcDay") DO UPDATE SET "stamp" = excluded."stamp"`,
    );
}
