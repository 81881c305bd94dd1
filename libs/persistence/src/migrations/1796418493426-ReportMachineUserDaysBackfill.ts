import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (data, not schema): every UTC date on which an ended session started is marked for the
 * roll-up, which writes M11's machine user days in the site's own time zone (SQL cannot). Sealed days have no
 * sessions left, so only open days are rebuilt. Runs once, in the background after boot.
 */
export class ReportMachineUserDaysBackfill1796418493426 implements MigrationInterface {
  name = 'ReportMachineUserDaysBackfill1796418493426';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query(
        `INSERT INTO "report_dirty_days" ("siteId", "utcDay", "stamp") SELECT "siteId", "d", md5(random()::text) FROM (SELECT DISTINCT "siteId", to_char("startedAt", 'YYYY-MM-DD') AS "d" FROM "usage_sessions" WHERE "endedAt" IS NOT NULL) AS "s" ON CONFLICT DO NOTHING`,
      );
    else
      await queryRunner.query(
        `INSERT OR IGNORE INTO "report_dirty_days" ("siteId", "utcDay", "stamp") SELECT "siteId", "d", lower(hex(randomblob(16))) FROM (SELECT DISTINCT "siteId", substr("startedAt", 1, 10) AS "d" FROM "usage_sessions" WHERE "endedAt" IS NOT NULL)`,
      );
  }

  public async down(): Promise<void> {
    // Nothing to undo: marks are cleared by the roll-up, the table goes with ReportMachineUserDays' down.
  }
}
