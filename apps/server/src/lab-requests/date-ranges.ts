import { localDateOf } from '@werkbank/access-core';
import { DomainRule } from '@werkbank/contracts';
import { DomainError } from '../common/domain-error';

/** A single deployment or wish spans at most this many days. */
export const MAX_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;

/**
 * Each range ends on or after its start, spans at most MAX_RANGE_DAYS days, and starts today or later (in the
 * server's TIMEZONE; Europe/Berlin by default). `field` prefixes the problem's field (`wishedDates.1.endsOn`).
 */
export function assertRanges(
  ranges: readonly { startsOn: string; endsOn: string }[],
  field: string,
  now: Date,
  timeZone = 'Europe/Berlin',
): void {
  const today = localDateOf(now.getTime(), timeZone);
  const at = (i: number, name: string) => (field ? `${field}.${i}.${name}` : name);
  ranges.forEach((r, i) => {
    if (r.endsOn < r.startsOn)
      throw DomainError.invalid(at(i, 'endsOn'), 'must not be before startsOn', DomainRule.NotBefore, {
        otherField: 'startsOn',
      });
    if (r.startsOn < today)
      throw DomainError.invalid(at(i, 'startsOn'), `must be today (${today}) or later`, DomainRule.NotInPast);
    const days = (Date.parse(r.endsOn) - Date.parse(r.startsOn)) / DAY_MS + 1;
    if (days > MAX_RANGE_DAYS)
      throw DomainError.invalid(
        at(i, 'endsOn'),
        `spans more than ${MAX_RANGE_DAYS} days`,
        DomainRule.MaxDays,
        {
          limit: MAX_RANGE_DAYS,
        },
      );
  });
}
