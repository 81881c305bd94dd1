import { Breakdown } from '@werkbank/contracts';
import { recordCells } from './distinct';
import type { StoredCell } from './figures';

/** A training record as M9 reads it (grants and revocations; never a name). */
export interface TrainingRow {
  readonly memberId: string;
  readonly qualificationId: string;
  readonly machineTypeId: string;
  readonly action: 'grant' | 'revoke';
  readonly trainerId: string;
  /** Local date of the training (of the revocation for a revoke). */
  readonly trainedOn: string;
  readonly expiresOn: string | null;
  /** Where it was held; null when not known (then it counts at no site). */
  readonly siteId: string | null;
  /** Order of the rows of one member and qualification: the latest is the standing. */
  readonly recordedAt: number;
}

/**
 * M9 from the training records up to the period's end (all of them: a revocation anywhere ends a
 * qualification): **inductions held** — distinct (site, date, qualification, trainer) of the period's grants;
 * **newly qualified** — a member's first grant of a qualification ever, on its date; **valid at the end** —
 * the qualifications whose latest record is a grant still valid on the last day (valid up to the day before
 * `expiresOn`, as the access core has it), at the site of that grant,
 * on the last day. Each by qualification and machine type; sites outside `siteIds` are left out.
 */
export function trainingCells(
  rows: readonly TrainingRow[],
  period: { readonly from: string; readonly to: string },
  siteIds: readonly string[],
): StoredCell[] {
  const chosen = new Set(siteIds);
  const ordered = [...rows].sort((a, b) => a.recordedAt - b.recordedAt);
  const categories = (r: TrainingRow) => ({
    [Breakdown.Qualification]: r.qualificationId,
    [Breakdown.MachineType]: r.machineTypeId,
  });
  const cells: StoredCell[] = [];
  const pairOf = (r: TrainingRow) => `${r.memberId} ${r.qualificationId}`;
  // The first grant by training date (a record entered late for an earlier training is still the first).
  const firstGrant = new Map<string, TrainingRow>();
  for (const r of ordered) {
    const seen = firstGrant.get(pairOf(r));
    if (r.action === 'grant' && (!seen || r.trainedOn < seen.trainedOn)) firstGrant.set(pairOf(r), r);
  }
  const held = new Set<string>();
  const latest = new Map<string, TrainingRow>();
  for (const r of ordered) {
    if (r.trainedOn > period.to) continue;
    latest.set(pairOf(r), r);
    if (r.action !== 'grant') continue;
    if (r.trainedOn < period.from || r.siteId === null || !chosen.has(r.siteId)) continue;
    if (firstGrant.get(pairOf(r)) === r)
      cells.push(...recordCells(r.trainedOn, r.siteId, 'newlyQualified', 1, categories(r)));
    const session = `${r.siteId} ${r.trainedOn} ${r.qualificationId} ${r.trainerId}`;
    if (!held.has(session)) {
      held.add(session);
      cells.push(...recordCells(r.trainedOn, r.siteId, 'briefingsHeld', 1, categories(r)));
    }
  }
  for (const r of latest.values())
    if (
      r.action === 'grant' &&
      (r.expiresOn === null || r.expiresOn > period.to) && // valid up to the day before it expires
      r.siteId !== null &&
      chosen.has(r.siteId)
    )
      cells.push(...recordCells(period.to, r.siteId, 'validAtEnd', 1, categories(r)));
  return cells;
}
