import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (data, not schema): every UTC date with members' check-ins is marked for the roll-up, which
 * writes the visitor days in the site's own time zone (SQL cannot) — sealed days included, additively. Runs
 * once, in the background after boot.
 */
export class ReportVisitorDaysBackfill1796413377712 implements MigrationInterface {
  name = 'ReportVisitorDaysBackfill1796413377712';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query(
        `INSERT INTO "report_dirty_days" ("siteId", "utcDay", "stamp") SELECT "siteId", "d", md5(random()::text) FROM (SELECT DISTINCT "siteId", to_char("at", 'YYYY-MM-DD') AS "d" FROM "visits" WHERE "memberKey" IS NOT NULL) AS "v" ON CONFLICT DO NOTHING`,
      );
    else
      await queryRunner.query(
        `INSERT OR IGNORE INTO "report_dirty_days" ("siteId", "utcDay", "stamp") SELECT "siteId", "d", lower(hex(randomblob(16))) FROM (SELECT DISTINCT "siteId", substr("at", 1, 10) AS "d" FROM "visits" WHERE "memberKey" IS NOT NULL)`,
      );
  }

  public async down(): Promise<void> {
    // Nothing to undo: marks are cleared by the roll-up, the table goes with ReportVisitorDays' down.
  }
}
