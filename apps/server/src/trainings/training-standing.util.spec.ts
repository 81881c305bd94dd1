import { QualificationLevel, TrainingAction } from '@werkbank/contracts';
import type { TrainingRecordEntity } from '@werkbank/persistence';
import { addMonths, currentStanding, standingStatus } from './training-standing.util';

const record = (qualificationId: string, action: TrainingAction, at: number): TrainingRecordEntity =>
  ({
    qualificationId,
    action,
    level: QualificationLevel.Independent,
    recordedAt: new Date(at),
  }) as TrainingRecordEntity;

describe('training standing', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-11-23', 12, '2027-11-23'],
    ['2026-12-15', 6, '2027-06-15'],
  ])('addMonths(%s, %d) = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    [null, '2026-11-23', 'valid'],
    ['2026-11-23', '2026-11-23', 'expired'],
    ['2026-11-24', '2026-11-23', 'expiring'],
    ['2026-12-23', '2026-11-23', 'expiring'],
    ['2026-12-24', '2026-11-23', 'valid'],
  ] as const)('expiresOn %s on %s is %s', (expiresOn, today, status) => {
    expect(standingStatus(expiresOn, today)).toBe(status);
  });

  it('lets the latest record win and drops revoked qualifications', () => {
    const standing = currentStanding([
      record('laser', TrainingAction.Grant, 1),
      record('printer', TrainingAction.Grant, 2),
      record('laser', TrainingAction.Revoke, 3),
      record('cnc', TrainingAction.Revoke, 4),
      record('cnc', TrainingAction.Grant, 5),
    ]);
    expect([...standing.keys()].sort()).toEqual(['cnc', 'printer']);
  });
});
