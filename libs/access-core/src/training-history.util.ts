import { QualificationLevel, TrainingAction } from '@werkbank/contracts';
import { GrantEntry } from './policy-snapshot';

/** One row of a member's training history, as the server stores it (append-only). */
export interface TrainingRecord {
  readonly qualificationId: string;
  readonly action: TrainingAction | `${TrainingAction}`;
  /** The level granted; ignored for revokes. */
  readonly level: QualificationLevel | null;
  /** Epoch ms; null = the grant does not expire. Ignored for revokes. */
  readonly expiresAt: number | null;
  /** When the record was made (epoch ms or Date); decides the order of the history. */
  readonly recordedAt: number | Date;
}

/**
 * Folds one member's training history into the member's current grants (qualificationId → grant), the shape
 * replaceGrants() and the snapshot take. Records apply in recordedAt order, ties in input order (pass them
 * ordered by id). The latest grant of a qualification replaces the earlier one completely, level and expiry
 * alike, so a renewal extends and a regrant at a lower level demotes; a revoke removes the qualification until
 * it is granted again. Expired grants stay in, so decide() can tell TRAINING_EXPIRED from NOT_TRAINED.
 * Throws RangeError for an unknown action, a grant without a level or an invalid recordedAt.
 */
export function foldTrainingHistory(records: readonly TrainingRecord[]): Map<string, GrantEntry> {
  const ordered = records
    .map((record, index) => ({ record, index, at: Number(record.recordedAt) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const grants = new Map<string, GrantEntry>();
  for (const { record, at } of ordered) {
    if (!Number.isFinite(at))
      throw new RangeError(`record of ${record.qualificationId} has no valid recordedAt`);
    if (record.action === TrainingAction.Revoke) {
      grants.delete(record.qualificationId);
      continue;
    }
    if (record.action !== TrainingAction.Grant) {
      throw new RangeError(`unknown training action ${JSON.stringify(record.action)}`);
    }
    if (record.level === null) {
      throw new RangeError(`grant of ${record.qualificationId} recorded at ${at} has no level`);
    }
    grants.set(record.qualificationId, { level: record.level, expiresAt: record.expiresAt });
  }
  return grants;
}
