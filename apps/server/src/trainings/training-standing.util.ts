import { TrainingAction } from '@werkbank/contracts';
import { addDaysToDate } from '@werkbank/access-core';
import type { TrainingRecordEntity } from '@werkbank/persistence';

export type StandingStatus = 'valid' | 'expiring' | 'expired';

/** Add calendar months to a YYYY-MM-DD date, clamping to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** A qualification stays valid up to the day before expiresOn. */
export function standingStatus(
  expiresOn: string | null,
  today: string,
  expiringWithinDays = 30,
): StandingStatus {
  if (expiresOn === null) return 'valid';
  if (expiresOn <= today) return 'expired';
  return expiresOn <= addDaysToDate(today, expiringWithinDays) ? 'expiring' : 'valid';
}

/** The latest record per qualification wins; a revocation removes the standing. Input: oldest first. */
export function currentStanding(history: TrainingRecordEntity[]): Map<string, TrainingRecordEntity> {
  const standing = new Map<string, TrainingRecordEntity>();
  for (const record of history) {
    if (record.action === TrainingAction.Revoke) standing.delete(record.qualificationId);
    else standing.set(record.qualificationId, record);
  }
  return standing;
}
