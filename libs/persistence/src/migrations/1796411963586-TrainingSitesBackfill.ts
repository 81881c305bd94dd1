import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (data, not schema): a lab with a single site held every training there, so its existing
 * records get that site for report M9. With several sites the place is not known and stays null. Same SQL on
 * both dialects.
 */
export class TrainingSitesBackfill1796411963586 implements MigrationInterface {
  name = 'TrainingSitesBackfill1796411963586';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "training_records" SET "siteId" = (SELECT "id" FROM "sites") WHERE "siteId" IS NULL AND "action" = 'grant' AND (SELECT COUNT(*) FROM "sites") = 1`,
    );
  }

  public async down(): Promise<void> {
    // Nothing to undo: the column goes with TrainingSites' down.
  }
}
