/**
 * Exact linear disclosure check: which hidden quantities follow from the shown ones by linear algebra alone.
 *
 * Every published quantity (a cell, a total, a difference) is a linear form over the table's base cells. The
 * shown base cells are known constants, so the unknowns are the hidden base cells; every other shown quantity
 * is one linear equation in them. A hidden quantity is disclosed iff its form, restricted to the unknowns, lies
 * in the span of the equations. The span is computed by fraction-free Gaussian elimination on integers (no
 * floats): every row is kept primitive (divided by the gcd of its entries), and an entry leaving the safe
 * integer range throws instead of rounding.
 */

/** A linear form: base-cell index → integer coefficient (absent means 0). */
export type LinearForm = ReadonlyMap<number, number>;

export interface PublishedQuantity {
  readonly form: LinearForm;
  readonly shown: boolean;
}

/**
 * The indexes (into `quantities`) of the hidden quantities that the shown ones determine exactly. `baseShown`
 * says which base cells are shown (those are constants, not unknowns).
 */
export function linearlyDisclosed(
  quantities: readonly PublishedQuantity[],
  baseShown: readonly boolean[],
): number[] {
  const unknownIndex = new Map<number, number>();
  baseShown.forEach((shown, base) => {
    if (!shown) unknownIndex.set(base, unknownIndex.size);
  });
  const width = unknownIndex.size;
  const restrict = (form: LinearForm): number[] => {
    const row = new Array<number>(width).fill(0);
    for (const [base, coefficient] of form) {
      const column = unknownIndex.get(base);
      if (column !== undefined) row[column] += coefficient;
    }
    return row;
  };

  const basis = new EchelonBasis(width);
  for (const q of quantities) if (q.shown) basis.add(restrict(q.form));
  basis.reduceFully();

  const disclosed: number[] = [];
  quantities.forEach((q, index) => {
    if (!q.shown && basis.contains(restrict(q.form))) disclosed.push(index);
  });
  return disclosed;
}

/** Row-echelon basis of integer vectors, built one row at a time; `reduceFully` turns it into RREF. */
class EchelonBasis {
  private readonly rows: number[][] = [];
  private readonly pivots: number[] = [];
  /** Column → row index whose pivot it is. */
  private readonly pivotRow = new Map<number, number>();

  constructor(private readonly width: number) {}

  add(vector: number[]): void {
    const row = vector.slice();
    // Each basis row has zeros at the pivots of the rows before it, so one pass in insertion order clears
    // every pivot column of the new row.
    this.rows.forEach((basisRow, r) => eliminate(row, basisRow, this.pivots[r]));
    const pivot = row.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    this.pivotRow.set(pivot, this.rows.length);
    this.rows.push(row);
    this.pivots.push(pivot);
  }

  /** Clears every pivot column above its pivot too, so membership needs only the pivots a vector touches. */
  reduceFully(): void {
    for (let r = this.rows.length - 1; r >= 0; r--) {
      for (let above = 0; above < r; above++) eliminate(this.rows[above], this.rows[r], this.pivots[r]);
    }
  }

  /** Whether `vector` lies in the span (requires `reduceFully` first). */
  contains(vector: number[]): boolean {
    const residual = vector.slice();
    for (let column = 0; column < this.width; column++) {
      if (residual[column] === 0) continue;
      const r = this.pivotRow.get(column);
      // In RREF, subtracting a pivot row changes no other pivot column, so a nonzero non-pivot entry that
      // survives here can never be cleared.
      if (r === undefined) return false;
      eliminate(residual, this.rows[r], column);
    }
    return residual.every((x) => x === 0);
  }
}

/** row ← (b·row − a·basisRow) / gcd, with a = row[pivot], b = basisRow[pivot]: clears row[pivot] exactly. */
function eliminate(row: number[], basisRow: readonly number[], pivot: number): void {
  const a = row[pivot];
  if (a === 0) return;
  const b = basisRow[pivot];
  const g = gcd(a, b);
  const ra = a / g;
  const rb = b / g;
  let common = 0;
  for (let c = 0; c < row.length; c++) {
    if (row[c] === 0 && basisRow[c] === 0) continue;
    const left = rb * row[c];
    const right = ra * basisRow[c];
    const value = left - right;
    if (!Number.isSafeInteger(left) || !Number.isSafeInteger(right) || !Number.isSafeInteger(value))
      throw new Error('linear-disclosure: coefficient outside the exact range');
    row[c] = value;
    common = gcd(common, value);
  }
  if (common > 1) for (let c = 0; c < row.length; c++) row[c] /= common;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}
