import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditLogEntity,
  EventRegistrationEntity,
  insertInChunks,
  ReportTrainingResidualEntity,
  TrainingRecordEntity,
  VolunteerHoursEntity,
} from '@werkbank/persistence';

/**
 * The training history goes with the member; what it counted in M9 stays: each record's facts (qualification,
 * date, trainer, site, expiry) move to report_training_residuals under a random key per qualification, with no
 * member id, comment or content version. Call before the member row is deleted (the records cascade).
 */
export async function retireTrainingRecords(em: EntityManager, memberId: string): Promise<void> {
  const records = await em.find(TrainingRecordEntity, { where: { memberId } });
  const pairKeys = new Map<string, string>();
  const rows = records.map((r) => {
    if (!pairKeys.has(r.qualificationId)) pairKeys.set(r.qualificationId, randomUUID());
    return {
      id: randomUUID(),
      pairKey: pairKeys.get(r.qualificationId)!,
      qualificationId: r.qualificationId,
      action: r.action,
      trainerId: r.trainerId,
      trainedOn: r.trainedOn,
      expiresOn: r.expiresOn,
      siteId: r.siteId,
      recordedAt: r.recordedAt,
    };
  });
  await insertInChunks(em, ReportTrainingResidualEntity, rows);
}

/** Volunteer hours stay counted (M17) but lose the person: the entry's member id goes. */
export async function unlinkVolunteerHours(em: EntityManager, memberId: string): Promise<void> {
  await em
    .createQueryBuilder()
    .update(VolunteerHoursEntity)
    .set({ memberId: null })
    .where('"memberId" = :memberId', { memberId })
    .execute();
}

/**
 * Event registrations and attendance rows lose the person, not the number: memberId goes, count and attended
 * stay, so an event's counts (funder-reports.md M7) are the same after the erasure.
 */
export async function detachEventRows(em: EntityManager, memberId: string): Promise<void> {
  await em
    .createQueryBuilder()
    .update(EventRegistrationEntity)
    .set({ memberId: null })
    .where('"memberId" = :memberId', { memberId })
    .execute();
}

/**
 * Audit entries keep who did what when, but lose every before/after snapshot that names the erased member:
 * the member's own create/update entries (name, e-mail, pseudonymous key, guardian…) and those of other
 * entities that point at them (cards, trainings, a linked staff account).
 */
export async function scrubAuditTrail(
  em: EntityManager,
  memberId: string,
  traces: readonly string[],
): Promise<void> {
  const query = em
    .createQueryBuilder()
    .update(AuditLogEntity)
    .set({ before: null, after: null })
    .where('("entityType" = :type AND "entityId" = :memberId)', { type: 'member', memberId });
  // The snapshots are JSON text on both databases: a substring names the member wherever it is nested.
  traces.forEach((trace, i) => {
    const pattern = { [`t${i}`]: `%${escapeLike(trace)}%` };
    query
      .orWhere(`"before" LIKE :t${i} ESCAPE '\\'`, pattern)
      .orWhere(`"after" LIKE :t${i} ESCAPE '\\'`, pattern);
  });
  await query.execute();
}

/** SQLite keeps recent pages in its write-ahead log: fold them into the file (zeroed by secure_delete). */
export async function compactAfterErasure(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type === 'sqlite') await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
}

function escapeLike(text: string): string {
  return text.replace(/[%_\\]/g, (c) => `\\${c}`);
}
