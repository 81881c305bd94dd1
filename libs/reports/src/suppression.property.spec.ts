import fc from 'fast-check';
import { boundAttack, enumerationAttack, linearAttack } from '../testing/suppression.attacker';
import { CountTable, PublishedCount, PublishedTable, suppressSmallCells } from './suppression';

const K = 5;

/** A table of the given shape whose cells come from `value`. */
const tableOf = (rows: number, columns: number, value: fc.Arbitrary<number>) =>
  fc.array(fc.array(value, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows });

const mixed = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 5, max: 7 }),
  fc.integer({ min: 8, max: 60 }),
);
const manySmall = fc.integer({ min: 0, max: 6 });
/** Cells of 0..2, so that row and column totals sit around k. */
const nearK = fc.integer({ min: 0, max: 2 });

/** Tables of adversarial shapes: one nonzero cell, one row, one column, many small cells, totals near k. */
const shape = (maxRows: number, maxColumns: number): fc.Arbitrary<[number, number]> =>
  fc.tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxColumns }));
const adversarial = (maxRows: number, maxColumns: number): fc.Arbitrary<number[][]> =>
  shape(maxRows, maxColumns).chain(([rows, columns]) =>
    fc.oneof(
      tableOf(rows, columns, mixed),
      tableOf(rows, columns, manySmall),
      tableOf(rows, columns, nearK),
      tableOf(1, columns, mixed),
      tableOf(rows, 1, mixed),
      fc
        .tuple(fc.nat(rows - 1), fc.nat(columns - 1), fc.integer({ min: 1, max: 9 }))
        .map(([i, j, v]) =>
          Array.from({ length: rows }, (_, a) =>
            Array.from({ length: columns }, (_, b) => (a === i && b === j ? v : 0)),
          ),
        ),
    ),
  );
/** A current table and, half the time, a previous one of the same shape. */
const withPrevious = (maxRows: number, maxColumns: number) =>
  adversarial(maxRows, maxColumns).chain((counts) =>
    fc.tuple(
      fc.constant(counts),
      fc.option(tableOf(counts.length, counts[0].length, fc.oneof(mixed, manySmall)), { nil: undefined }),
    ),
  );

const entries = (t: PublishedTable): PublishedCount[] => [
  ...t.cells.flat(),
  ...t.rowTotals,
  ...t.columnTotals,
  t.grandTotal,
];
/** The true values in the order of `entries`. */
function trueEntries(counts: CountTable): number[] {
  const rows = counts.map((r) => r.reduce((a, b) => a + b, 0));
  const columns = counts[0].map((_, j) => counts.reduce((s, r) => s + r[j], 0));
  return [...counts.flat(), ...rows, ...columns, rows.reduce((a, b) => a + b, 0)];
}

describe('suppressSmallCells (properties)', () => {
  it('the linear attacker recomputes no hidden value, across adversarial tables with and without a previous period', () => {
    fc.assert(
      fc.property(withPrevious(5, 6), ([counts, previous]) => {
        const report = suppressSmallCells(counts, { previous });
        expect(linearAttack(report)).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('bound propagation narrows no hidden value to one, when the report says intervalSafe', () => {
    fc.assert(
      fc.property(withPrevious(5, 6), ([counts, previous]) => {
        const report = suppressSmallCells(counts, { previous });
        if (report.intervalSafe) expect(boundAttack(report)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('enumerating every completion of a tiny table leaves each hidden value at least two values', () => {
    fc.assert(
      fc.property(
        adversarial(3, 3).filter((t) => t.length * t[0].length <= 6),
        (counts) => {
          const report = suppressSmallCells(counts);
          const cap = Math.max(...trueEntries(counts)) + 1;
          if (report.intervalSafe) expect(enumerationAttack(report, cap)).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('enumeration over both periods of a tiny table with differences finds nothing either', () => {
    fc.assert(
      fc.property(withPrevious(2, 2), ([counts, previous]) => {
        const report = suppressSmallCells(counts, { previous });
        const cap = Math.max(...trueEntries(counts), ...(previous ? trueEntries(previous) : [])) + 1;
        if (report.intervalSafe) expect(enumerationAttack(report, cap)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('shows every value except hidden ones, hides exactly the counts 1..k−1 as primary, and never shows one', () => {
    fc.assert(
      fc.property(withPrevious(6, 8), ([counts, previous]) => {
        const report = suppressSmallCells(counts, { previous });
        const tables: [PublishedTable, CountTable][] = [[report.current, counts]];
        if (previous) tables.push([report.previous!, previous]);
        for (const [published, truth] of tables) {
          const values = trueEntries(truth);
          entries(published).forEach((cell, n) => {
            expect(cell.reason === 'primary').toBe(values[n] > 0 && values[n] < K);
            expect(cell.suppressed).toBe(cell.reason !== null);
            expect(cell.value).toBe(cell.suppressed ? null : values[n]);
            // Secondary suppression never hides a zero: a zero is shown.
            if (values[n] === 0) expect(cell.suppressed).toBe(false);
          });
        }
        if (previous) {
          const now = entries(report.current);
          const before = entries(report.previous!);
          entries(report.difference!).forEach((d, n) => {
            expect(d.suppressed).toBe(now[n].suppressed || before[n].suppressed);
            if (!d.suppressed) expect(d.value).toBe(now[n].value! - before[n].value!);
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(withPrevious(5, 6), ([counts, previous]) => {
        const copy = counts.map((r) => [...r]);
        expect(suppressSmallCells(copy, { previous })).toEqual(suppressSmallCells(counts, { previous }));
      }),
      { numRuns: 200 },
    );
  });

  it('one small cell among large ones costs exactly three complementary cells and no total', () => {
    fc.assert(
      fc.property(
        shape(6, 8).filter(([r, c]) => r >= 2 && c >= 2),
        fc.integer({ min: 1, max: K - 1 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 1000 }),
        ([rows, columns], small, i, j, salt) => {
          const counts = Array.from({ length: rows }, (_, a) =>
            Array.from({ length: columns }, (_, b) =>
              a === i % rows && b === j % columns ? small : 10 + ((a * 7 + b * 13 + salt) % 50),
            ),
          );
          const report = suppressSmallCells(counts);
          const hiddenCells = report.current.cells.flat().filter((c) => c.suppressed);
          expect(hiddenCells.map((c) => c.reason).sort()).toEqual([
            'primary',
            'secondary',
            'secondary',
            'secondary',
          ]);
          const { rowTotals, columnTotals, grandTotal } = report.current;
          expect([...rowTotals, ...columnTotals, grandTotal].some((c) => c.suppressed)).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });
});
