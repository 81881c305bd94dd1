import { type TrainingRow, trainingCells } from './training-figures';

const A = 'site-a';
const B = 'site-b';
const Q3 = { from: '2026-07-01', to: '2026-09-30' };
let clock = 0;
const row = (over: Partial<TrainingRow>): TrainingRow => ({
  memberId: 'm1',
  qualificationId: 'laser',
  machineTypeId: 'laser-cutter',
  action: 'grant',
  trainerId: 't1',
  trainedOn: '2026-07-10',
  expiresOn: null,
  siteId: A,
  recordedAt: (clock += 1),
  ...over,
});
/** measure → total value (the cells' totals: breakdown ''). */
const totals = (rows: TrainingRow[], sites = [A, B]) => {
  const out: Record<string, number> = {};
  for (const c of trainingCells(rows, Q3, sites))
    if (c.breakdown === '') out[c.measure] = (out[c.measure] ?? 0) + c.value;
  return out;
};

describe('trainingCells (M9)', () => {
  it('counts one induction for a group trained together, each member newly qualified, all valid at the end', () => {
    const group = ['m1', 'm2', 'm3'].map((memberId) => row({ memberId }));
    expect(totals(group)).toEqual({ briefingsHeld: 1, newlyQualified: 3, validAtEnd: 3 });
  });

  it('a renewal is an induction held, not a new qualification', () => {
    const rows = [row({ trainedOn: '2025-07-01' }), row({ trainedOn: '2026-08-01' })];
    expect(totals(rows)).toEqual({ briefingsHeld: 1, validAtEnd: 1 });
  });

  it('a record entered late for an earlier training makes that the first', () => {
    const rows = [row({ trainedOn: '2026-08-01' }), row({ trainedOn: '2026-03-01' })];
    expect(totals(rows).newlyQualified).toBeUndefined();
  });

  it('an expiry before the last day, or a later revocation anywhere, ends the validity', () => {
    // Valid up to the day before expiresOn (the access core's rule): expiring on the last day is not valid then.
    expect(totals([row({ expiresOn: '2026-09-30' })]).validAtEnd).toBeUndefined();
    expect(totals([row({ expiresOn: '2026-10-01' })]).validAtEnd).toBe(1);
    const revoked = [row({}), row({ action: 'revoke', siteId: null, trainedOn: '2026-09-01' })];
    expect(totals(revoked).validAtEnd).toBeUndefined();
    // A revocation after the period does not change what held at its end.
    const later = [row({}), row({ action: 'revoke', siteId: null, trainedOn: '2026-10-05' })];
    expect(totals(later).validAtEnd).toBe(1);
  });

  it('counts at the site it was held; other sites and unknown sites are left out', () => {
    const rows = [row({ siteId: B, memberId: 'm2' }), row({ siteId: null, memberId: 'm3' }), row({})];
    expect(totals(rows, [A])).toEqual({ briefingsHeld: 1, newlyQualified: 1, validAtEnd: 1 });
    const cells = trainingCells(rows, Q3, [A, B]);
    expect(new Set(cells.map((c) => c.siteId))).toEqual(new Set([A, B]));
  });

  it('separates sessions by date, trainer and qualification, and breaks them down by machine type', () => {
    const rows = [
      row({}),
      row({ memberId: 'm2', trainerId: 't2' }),
      row({ memberId: 'm3', trainedOn: '2026-07-11' }),
      row({ memberId: 'm4', qualificationId: 'printer', machineTypeId: 'fdm' }),
    ];
    expect(totals(rows).briefingsHeld).toBe(4);
    const byType = trainingCells(rows, Q3, [A]).filter(
      (c) => c.measure === 'newlyQualified' && c.breakdown === 'machine_type',
    );
    expect(byType.filter((c) => c.category === 'laser-cutter')).toHaveLength(3);
    expect(byType.filter((c) => c.category === 'fdm')).toHaveLength(1);
  });

  it('puts the stock of valid qualifications on the last day, and ignores trainings after it', () => {
    const cells = trainingCells([row({}), row({ memberId: 'm2', trainedOn: '2026-10-02' })], Q3, [A]);
    expect(cells.filter((c) => c.measure === 'validAtEnd').every((c) => c.day === '2026-09-30')).toBe(true);
    expect(totals([row({ trainedOn: '2026-10-02' })])).toEqual({});
  });
});
