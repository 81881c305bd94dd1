import { DEFAULT_SUPPRESSION_THRESHOLD, MIN_SUPPRESSION_THRESHOLD } from '@werkbank/contracts';
import { LinearForm, linearlyDisclosed, PublishedQuantity } from './linear-disclosure';
import {
  EntryStatus,
  gridWithMargins,
  primaryStatus,
  protectGrid,
  suppressNeighbour,
} from './suppression-grid';

/**
 * Small-cell suppression for report tables (funder-reports.md, privacy rule 4; docs/reports.md "Small-cell
 * suppression" explains the rules and the guarantee). Pure and deterministic: the same table and threshold give
 * the same pattern, so the previous period's table here is suppressed exactly as its own report was.
 */

/** Counts: rows are categories (age bands…), columns sites or months. */
export type CountTable = readonly (readonly number[])[];

export interface SuppressionOptions {
  /** The same table for the previous period; its differences are published beside the current cells. */
  readonly previous?: CountTable;
  /** k: counts 1..k−1 are hidden. Default 5, never below 3. */
  readonly threshold?: number;
}

export type SuppressionReason = 'primary' | 'secondary';

export interface PublishedCount {
  /** The true value when shown; null when suppressed (so a hidden value cannot leak into an export). */
  readonly value: number | null;
  readonly suppressed: boolean;
  /** 'primary': the value itself is small; 'secondary': hidden so that another hidden value stays hidden. */
  readonly reason: SuppressionReason | null;
}

export interface PublishedTable {
  readonly cells: PublishedCount[][];
  readonly rowTotals: PublishedCount[];
  readonly columnTotals: PublishedCount[];
  readonly grandTotal: PublishedCount;
}

export interface SuppressedReport {
  readonly threshold: number;
  readonly current: PublishedTable;
  /** The previous period's table, suppressed as its own report was; null without `previous`. */
  readonly previous: PublishedTable | null;
  /** Current − previous, per cell and per total; hidden whenever either side is hidden. */
  readonly difference: PublishedTable | null;
  /**
   * True when every hidden value has at least two feasible values given everything shown and what the
   * displays reveal ("<k" is 1..k−1, "•" is ≥ k). Always at least: no hidden value is uniquely determined by
   * linear algebra. False only for tiny tables where no suppression of nonzero counts achieves more.
   */
  readonly intervalSafe: boolean;
}

/** "12" when shown, "<5" for a small count, "•" for a count hidden to protect another. */
export function displayCount(cell: PublishedCount, k: number = DEFAULT_SUPPRESSION_THRESHOLD): string {
  if (!cell.suppressed && cell.value !== null) return String(cell.value);
  return cell.reason === 'primary' ? `<${k}` : '•';
}

export function suppressSmallCells(counts: CountTable, options: SuppressionOptions = {}): SuppressedReport {
  const k = options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  if (!Number.isInteger(k) || k < MIN_SUPPRESSION_THRESHOLD) {
    throw new RangeError(`threshold must be an integer of at least ${MIN_SUPPRESSION_THRESHOLD}, got ${k}`);
  }
  const columns = validateTable(counts, 'counts', null);
  const tables = [counts];
  if (options.previous) {
    validateTable(options.previous, 'previous', { rows: counts.length, columns });
    tables.push(options.previous);
  }

  const grids = tables.map((t) => gridWithMargins(t, columns));
  const statuses = grids.map((g) => primaryStatus(g, k));
  let intervalSafe = true;
  // The graph repair is exact for one table; the linear check below is independent of it and covers the
  // differences too. Should it ever find a disclosed value, suppress around it and repair again.
  for (let round = 0; ; round++) {
    for (let p = 0; p < grids.length; p++) {
      intervalSafe = protectGrid(grids[p], statuses[p], k).intervalSafe && intervalSafe;
    }
    const disclosed = disclosedEntries(grids, statuses);
    if (disclosed.length === 0) break;
    const progressed = disclosed.map(([p, i, j]) => suppressNeighbour(grids[p], statuses[p], i, j));
    if (!progressed.includes(true) || round > grids.length * grids[0].length * grids[0][0].length) {
      throw new Error('suppression: a hidden value stays disclosed (internal invariant)');
    }
  }

  const published = grids.map((g, p) =>
    publish(g.map((row, i) => row.map((x, j) => count(x, statuses[p][i][j])))),
  );
  let difference: PublishedTable | null = null;
  if (grids.length === 2) {
    const [now, before] = grids;
    difference = publish(
      now.map((row, i) =>
        row.map((x, j) =>
          statuses[0][i][j] === 'shown' && statuses[1][i][j] === 'shown'
            ? count(x - before[i][j], 'shown')
            : count(0, 'secondary'),
        ),
      ),
    );
  }
  return { threshold: k, current: published[0], previous: published[1] ?? null, difference, intervalSafe };
}

/** The column count; throws RangeError on ragged rows, a shape mismatch or a count that is not a count. */
function validateTable(
  table: CountTable,
  name: string,
  shape: { rows: number; columns: number } | null,
): number {
  const columns = shape?.columns ?? table[0]?.length ?? 0;
  if (shape && table.length !== shape.rows) {
    throw new RangeError(`${name} must have ${shape.rows} rows like counts, got ${table.length}`);
  }
  table.forEach((row, i) => {
    if (row.length !== columns) throw new RangeError(`${name}[${i}] must have ${columns} columns`);
    row.forEach((x, j) => {
      if (!Number.isSafeInteger(x) || x < 0) {
        throw new RangeError(`${name}[${i}][${j}] must be a non-negative integer, got ${x}`);
      }
    });
  });
  return columns;
}

function count(value: number, status: EntryStatus): PublishedCount {
  return status === 'shown'
    ? { value, suppressed: false, reason: null }
    : { value: null, suppressed: true, reason: status };
}

/** Splits a grid of published entries (margins in the last row and column) into cells and totals. */
function publish(grid: PublishedCount[][]): PublishedTable {
  const last = grid.length - 1;
  return {
    cells: grid.slice(0, last).map((row) => row.slice(0, -1)),
    rowTotals: grid.slice(0, last).map((row) => row[row.length - 1]),
    columnTotals: grid[last].slice(0, -1),
    grandTotal: grid[last][grid[last].length - 1],
  };
}

/**
 * Every published quantity of both periods (cells, totals, differences) as a linear form over the base cells,
 * checked exactly; returns the disclosed grid entries as [period, i, j] (a disclosed difference names the
 * hidden sides).
 */
function disclosedEntries(grids: number[][][], statuses: EntryStatus[][][]): [number, number, number][] {
  const rows = grids[0].length - 1;
  const columns = grids[0][0].length - 1;
  const base = (p: number, i: number, j: number) => (p * rows + i) * columns + j;
  const formOf = (p: number, i: number, j: number): Map<number, number> => {
    const form = new Map<number, number>();
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < columns; b++) {
        if ((i === rows || i === a) && (j === columns || j === b)) form.set(base(p, a, b), 1);
      }
    }
    return form;
  };
  const quantities: PublishedQuantity[] = [];
  const owners: [number, number, number][][] = [];
  grids.forEach((grid, p) =>
    grid.forEach((row, i) =>
      row.forEach((_, j) => {
        quantities.push({ form: formOf(p, i, j), shown: statuses[p][i][j] === 'shown' });
        owners.push([[p, i, j]]);
      }),
    ),
  );
  if (grids.length === 2) {
    grids[0].forEach((row, i) =>
      row.forEach((_, j) => {
        const form: LinearForm = new Map([
          ...formOf(0, i, j),
          ...[...formOf(1, i, j)].map(([b, c]) => [b, -c] as const),
        ]);
        const hiddenSides = [0, 1].filter((p) => statuses[p][i][j] !== 'shown');
        quantities.push({ form, shown: hiddenSides.length === 0 });
        owners.push(hiddenSides.map((p) => [p, i, j]));
      }),
    );
  }
  const baseShown: boolean[] = [];
  statuses.forEach((status) =>
    status
      .slice(0, rows)
      .forEach((row) => row.slice(0, columns).forEach((s) => baseShown.push(s === 'shown'))),
  );
  return linearlyDisclosed(quantities, baseShown).flatMap((index) => owners[index]);
}
