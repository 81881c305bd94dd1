import { DenyReason, QualificationLevel, TrainingAction } from '@werkbank/contracts';
import { aRequest, aSnapshot, WED_10_BERLIN } from '../testing/access.factory';
import { decide } from './decide';
import { replaceGrants } from './policy-snapshot';
import { foldTrainingHistory, TrainingRecord } from './training-history.util';

const { Supervised, Independent, Trainer } = QualificationLevel;
const grant = (
  qualificationId: string,
  level: QualificationLevel,
  recordedAt: number,
  expiresAt: number | null = null,
): TrainingRecord => ({
  qualificationId,
  action: 'grant',
  level,
  expiresAt,
  recordedAt,
});
const revoke = (qualificationId: string, recordedAt: number): TrainingRecord => ({
  qualificationId,
  action: TrainingAction.Revoke,
  level: Independent,
  expiresAt: null,
  recordedAt,
});

describe('foldTrainingHistory', () => {
  it.each<[string, TrainingRecord[], [string, { level: QualificationLevel; expiresAt: number | null }][]]>([
    ['nothing', [], []],
    ['one grant', [grant('q', Supervised, 1, 100)], [['q', { level: Supervised, expiresAt: 100 }]]],
    [
      'a renewal replaces level and expiry',
      [grant('q', Supervised, 1, 100), grant('q', Independent, 2, 200)],
      [['q', { level: Independent, expiresAt: 200 }]],
    ],
    [
      'a later lower grant demotes',
      [grant('q', Trainer, 1), grant('q', Supervised, 2)],
      [['q', { level: Supervised, expiresAt: null }]],
    ],
    ['a revoke removes', [grant('q', Trainer, 1), revoke('q', 2)], []],
    [
      'a grant after a revoke restores',
      [grant('q', Trainer, 1), revoke('q', 2), grant('q', Supervised, 3)],
      [['q', { level: Supervised, expiresAt: null }]],
    ],
    [
      'order is by recordedAt, not by input',
      [grant('q', Supervised, 3), revoke('q', 2), grant('q', Trainer, 1)],
      [['q', { level: Supervised, expiresAt: null }]],
    ],
    ['equal recordedAt keeps input order', [grant('q', Trainer, 5), revoke('q', 5)], []],
    [
      'qualifications fold independently',
      [grant('a', Trainer, 1), grant('b', Supervised, 2), revoke('a', 3)],
      [['b', { level: Supervised, expiresAt: null }]],
    ],
    [
      'expired grants are kept for TRAINING_EXPIRED',
      [grant('q', Independent, 1, 2)],
      [['q', { level: Independent, expiresAt: 2 }]],
    ],
  ])('%s', (_name, records, expected) => {
    expect([...foldTrainingHistory(records)]).toEqual(expected);
  });

  it('accepts Date timestamps as the database returns them', () => {
    const records = [
      { ...grant('q', Trainer, 0), recordedAt: new Date(Date.UTC(2026, 0, 2)) },
      { ...revoke('q', 0), recordedAt: new Date(Date.UTC(2026, 0, 1)) },
    ];
    expect(foldTrainingHistory(records).get('q')?.level).toBe(Trainer);
  });

  it('rejects records it cannot interpret', () => {
    expect(() => foldTrainingHistory([{ ...grant('q', Trainer, 1), level: null }])).toThrow(RangeError);
    expect(() => foldTrainingHistory([{ ...grant('q', Trainer, 1), action: 'suspend' as never }])).toThrow(
      RangeError,
    );
    expect(() =>
      foldTrainingHistory([{ ...grant('q', Trainer, 1), recordedAt: new Date(Number.NaN) }]),
    ).toThrow(RangeError);
  });

  it('feeds the snapshot: an expired renewal denies as TRAINING_EXPIRED, a revoke as NOT_TRAINED', () => {
    const snapshot = aSnapshot();
    const safety = grant('q-safety', Independent, 1);
    replaceGrants(
      snapshot,
      'member-1',
      foldTrainingHistory([safety, grant('q-laser', Independent, 2, WED_10_BERLIN - 1)]),
    );
    expect(decide(snapshot, aRequest(), WED_10_BERLIN)).toMatchObject({ reason: DenyReason.TrainingExpired });
    replaceGrants(
      snapshot,
      'member-1',
      foldTrainingHistory([safety, grant('q-laser', Independent, 2), revoke('q-laser', 3)]),
    );
    expect(decide(snapshot, aRequest(), WED_10_BERLIN)).toMatchObject({ reason: DenyReason.NotTrained });
  });
});
