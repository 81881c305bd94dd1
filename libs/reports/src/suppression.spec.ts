import { boundAttack, enumerationAttack, linearAttack, publishWith } from '../testing/suppression.attacker';
import { displayCount, PublishedTable, suppressSmallCells } from './suppression';

/** The table as display strings, totals in the last column and row. */
function show(t: PublishedTable, k = 5): string[][] {
  return [
    ...t.cells.map((row, i) => [...row, t.rowTotals[i]].map((c) => displayCount(c, k))),
    [...t.columnTotals, t.grandTotal].map((c) => displayCount(c, k)),
  ];
}

describe('suppressSmallCells', () => {
  it('hides one small cell with the cheapest cycle: a second cell in its row, in its column, and the corner', () => {
    const report = suppressSmallCells([
      [2, 10, 20],
      [30, 40, 50],
      [60, 70, 80],
    ]);
    expect(show(report.current)).toEqual([
      ['<5', '•', '20', '32'],
      ['•', '•', '50', '120'],
      ['60', '70', '80', '210'],
      ['92', '120', '150', '362'],
    ]);
    expect(report.current.cells[0][1]).toEqual({ value: null, suppressed: true, reason: 'secondary' });
    expect(report.current.cells[2][2]).toEqual({ value: 80, suppressed: false, reason: null });
    expect(report.intervalSafe).toBe(true);
    expect(linearAttack(report)).toEqual([]);
    expect(boundAttack(report)).toEqual([]);
  });

  it('without secondary suppression the same table gives the small cell away (the attacker can win)', () => {
    const counts = [
      [2, 10, 20],
      [30, 40, 50],
      [60, 70, 80],
    ];
    const primaryOnly = publishWith(counts, (_i, _j, v) => (v > 0 && v < 5 ? 'primary' : null));
    expect(linearAttack(primaryOnly)).toEqual([{ label: 'current[0][0]', value: 2 }]);
  });

  it('hides a small total like a small cell, and protects it', () => {
    const report = suppressSmallCells([
      [1, 2, 0],
      [30, 40, 50],
    ]);
    expect(report.current.rowTotals[0]).toMatchObject({ suppressed: true, reason: 'primary' });
    expect(report.current.cells[0][2]).toEqual({ value: 0, suppressed: false, reason: null });
    expect(linearAttack(report)).toEqual([]);
    expect(boundAttack(report)).toEqual([]);
    expect(enumerationAttack(report, 91)).toEqual([]);
  });

  it('shows zeros and all-zero rows, and hides nothing for them', () => {
    const report = suppressSmallCells([
      [0, 0, 0],
      [10, 20, 30],
      [0, 0, 0],
    ]);
    expect(show(report.current)).toEqual([
      ['0', '0', '0', '0'],
      ['10', '20', '30', '60'],
      ['0', '0', '0', '0'],
      ['10', '20', '30', '60'],
    ]);
  });

  it('a 1×1 table: a small count hides the cell and every total, a large one nothing', () => {
    expect(show(suppressSmallCells([[3]]).current)).toEqual([
      ['<5', '<5'],
      ['<5', '<5'],
    ]);
    expect(show(suppressSmallCells([[7]]).current)).toEqual([
      ['7', '7'],
      ['7', '7'],
    ]);
    expect(show(suppressSmallCells([[0]]).current)).toEqual([
      ['0', '0'],
      ['0', '0'],
    ]);
  });

  it('an empty table (no categories or no columns) is all zero totals', () => {
    expect(suppressSmallCells([]).current.grandTotal).toEqual({ value: 0, suppressed: false, reason: null });
    expect(suppressSmallCells([[], []]).current.rowTotals).toHaveLength(2);
  });

  describe('a cell determined through a cycle of rows and columns', () => {
    // Two blocks of small cells joined by one small cell (1,2): every row and column with a hidden cell has
    // at least two, so the naive rule is satisfied, yet rows 0+1 minus columns 0+1 leave exactly (1,2).
    const small = new Set(['0,0', '0,1', '1,0', '1,1', '1,2', '2,2', '2,3', '3,2', '3,3']);
    const counts = [0, 1, 2, 3, 4].map((i) =>
      [0, 1, 2, 3, 4].map((j) => (small.has(`${i},${j}`) ? 1 + ((i + j) % 4) : 20 + i + j)),
    );

    it('the naive rule passes but the attacker recovers the joining cell', () => {
      const naive = publishWith(counts, (i, j) => (small.has(`${i},${j}`) ? 'primary' : null));
      const hiddenIn = (line: (i: number, j: number) => boolean) =>
        [...small].filter((key) => line(...(key.split(',').map(Number) as [number, number]))).length;
      for (let n = 0; n < 5; n++) {
        const inRow = hiddenIn((i) => i === n);
        const inColumn = hiddenIn((_i, j) => j === n);
        expect(inRow === 0 || inRow >= 2).toBe(true);
        expect(inColumn === 0 || inColumn >= 2).toBe(true);
      }
      expect(linearAttack(naive)).toEqual([{ label: 'current[1][2]', value: counts[1][2] }]);
    });

    it('suppressSmallCells hides more until no cell is determined', () => {
      const report = suppressSmallCells(counts);
      const hidden = report.current.cells.flat().filter((c) => c.suppressed).length;
      expect(hidden).toBeGreaterThan(small.size);
      expect(linearAttack(report)).toEqual([]);
      expect(boundAttack(report)).toEqual([]);
    });
  });

  describe('previous period', () => {
    const current = [
      [7, 10],
      [30, 40],
    ];
    const previous = [
      [3, 10],
      [30, 40],
    ];

    it('a shown difference beside a shown current value would give the hidden previous value away', () => {
      // Naive: each period suppressed on its own, every difference shown: 7 − 4 = 3.
      const naive = suppressSmallCells(current, { previous });
      const leaky = {
        ...naive,
        difference: {
          cells: current.map((row, i) =>
            row.map((x, j) => ({ value: x - previous[i][j], suppressed: false, reason: null })),
          ),
          rowTotals: naive.difference!.rowTotals,
          columnTotals: naive.difference!.columnTotals,
          grandTotal: naive.difference!.grandTotal,
        },
      };
      expect(linearAttack(leaky)).toContainEqual({ label: 'previous[0][0]', value: 3 });
    });

    it('hides every difference with a hidden side, and nothing can be recomputed', () => {
      const report = suppressSmallCells(current, { previous });
      expect(show(report.previous!)).toEqual([
        ['<5', '•', '13'],
        ['•', '•', '70'],
        ['33', '50', '83'],
      ]);
      expect(show(report.current)).toEqual([
        ['7', '10', '17'],
        ['30', '40', '70'],
        ['37', '50', '87'],
      ]);
      expect(show(report.difference!)).toEqual([
        ['•', '•', '4'],
        ['•', '•', '0'],
        ['4', '0', '4'],
      ]);
      expect(linearAttack(report)).toEqual([]);
      expect(boundAttack(report)).toEqual([]);
    });

    it('the previous table is suppressed exactly as its own report was', () => {
      const together = suppressSmallCells(current, { previous });
      expect(together.previous).toEqual(suppressSmallCells(previous).current);
    });

    it('a small current value beside a large previous one hides its difference too', () => {
      const report = suppressSmallCells(previous, { previous: current });
      expect(report.difference!.cells[0][0]).toEqual({ value: null, suppressed: true, reason: 'secondary' });
      expect(linearAttack(report)).toEqual([]);
    });

    it('throws RangeError when the previous table has another shape', () => {
      expect(() => suppressSmallCells(current, { previous: [[1, 2]] })).toThrow(RangeError);
      expect(() => suppressSmallCells(current, { previous: [[1], [2]] })).toThrow(RangeError);
    });
  });

  it('four cells of 1: everything hidden, linearly safe, but bounds pin the cells (intervalSafe false)', () => {
    const report = suppressSmallCells([
      [1, 1],
      [1, 1],
    ]);
    expect(report.current.cells.flat().every((c) => c.suppressed)).toBe(true);
    expect(report.intervalSafe).toBe(false);
    expect(linearAttack(report)).toEqual([]);
    // Each "<5" is 1..4 and four of them sum to a grand total "<5": all are 1. Documented as the residue.
    expect(enumerationAttack(report, 5).map((r) => r.value)).toContain(1);
  });

  it('honours the threshold and rejects one below 3', () => {
    const report = suppressSmallCells([[3, 10]], { threshold: 3 });
    expect(report.current.cells[0][0].suppressed).toBe(false);
    expect(displayCount(suppressSmallCells([[2, 10]], { threshold: 3 }).current.cells[0][0], 3)).toBe('<3');
    expect(() => suppressSmallCells([[1]], { threshold: 2 })).toThrow(RangeError);
    expect(() => suppressSmallCells([[1]], { threshold: 4.5 })).toThrow(RangeError);
  });

  it('rejects counts that are not non-negative integers, and ragged rows', () => {
    expect(() => suppressSmallCells([[1, -1]])).toThrow(RangeError);
    expect(() => suppressSmallCells([[1.5]])).toThrow(RangeError);
    expect(() => suppressSmallCells([[1, 2], [3]])).toThrow(RangeError);
  });

  it('displayCount: the number, "<k" for a small count, "•" for a complementary one', () => {
    expect(displayCount({ value: 12, suppressed: false, reason: null })).toBe('12');
    expect(displayCount({ value: 0, suppressed: false, reason: null })).toBe('0');
    expect(displayCount({ value: null, suppressed: true, reason: 'primary' })).toBe('<5');
    expect(displayCount({ value: null, suppressed: true, reason: 'primary' }, 10)).toBe('<10');
    expect(displayCount({ value: null, suppressed: true, reason: 'secondary' })).toBe('•');
  });

  it('handles a 20 × 50 table with many small cells and a previous period (about 1 s here with many small cells; no timed assertion)', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const table = () =>
      Array.from({ length: 20 }, () =>
        Array.from({ length: 50 }, () => (next() % 3 === 0 ? next() % 5 : next() % 60)),
      );
    const counts = table();
    const report = suppressSmallCells(counts, { previous: table() });
    const shown = [report.current, report.previous!].flatMap((t) => [
      ...t.cells.flat(),
      ...t.rowTotals,
      ...t.columnTotals,
      t.grandTotal,
    ]);
    expect(shown.some((c) => c.reason === 'primary')).toBe(true);
    expect(shown.filter((c) => c.value !== null && c.value > 0 && c.value < 5)).toEqual([]);
    expect(suppressSmallCells(counts).current).toEqual(suppressSmallCells(counts).current);
  });
});
