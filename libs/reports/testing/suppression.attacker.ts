import type { PublishedCount, PublishedTable, SuppressedReport } from '../src';

/**
 * The attacker of the suppression specs: it sees only what a report publishes (shown values, and which hidden
 * values display as "<k" or as "•") and tries to recompute every hidden value. Written apart from the
 * production code on purpose: other unknowns (every base cell, not only the hidden ones), rational arithmetic
 * with normalised pivots instead of fraction-free integers, and, for bounds, propagation and enumeration
 * instead of cycles.
 */

export type Publication = Pick<SuppressedReport, 'threshold' | 'current' | 'previous' | 'difference'>;

/** A published quantity as the attacker sees it: Σ coefficient·baseCell, and its value or its bounds. */
export interface Observed {
  readonly label: string;
  readonly form: ReadonlyMap<number, number>;
  readonly value: number | null;
  readonly lo: number;
  readonly hi: number;
}

export interface Recovered {
  readonly label: string;
  readonly value: number;
}

export function observe(pub: Publication): { quantities: Observed[]; baseCount: number } {
  const rows = pub.current.cells.length;
  const columns = pub.current.columnTotals.length;
  const periods = pub.previous ? [pub.current, pub.previous] : [pub.current];
  const base = (p: number, i: number, j: number) => (p * rows + i) * columns + j;
  const form = (p: number, i: number | null, j: number | null) => {
    const f = new Map<number, number>();
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < columns; b++)
        if ((i === null || i === a) && (j === null || j === b)) f.set(base(p, a, b), 1);
    }
    return f;
  };
  const k = pub.threshold;
  const seen = (label: string, f: Map<number, number>, c: PublishedCount, signed: boolean): Observed => {
    if (!c.suppressed) return { label, form: f, value: c.value, lo: c.value ?? 0, hi: c.value ?? 0 };
    if (signed) return { label, form: f, value: null, lo: -Infinity, hi: Infinity };
    return c.reason === 'primary'
      ? { label, form: f, value: null, lo: 1, hi: k - 1 }
      : { label, form: f, value: null, lo: k, hi: Infinity };
  };
  const quantities: Observed[] = [];
  const addTable = (
    t: PublishedTable,
    name: string,
    formOf: (i: number | null, j: number | null) => Map<number, number>,
    signed: boolean,
  ) => {
    t.cells.forEach((row, i) =>
      row.forEach((c, j) => quantities.push(seen(`${name}[${i}][${j}]`, formOf(i, j), c, signed))),
    );
    t.rowTotals.forEach((c, i) => quantities.push(seen(`${name}.row[${i}]`, formOf(i, null), c, signed)));
    t.columnTotals.forEach((c, j) =>
      quantities.push(seen(`${name}.column[${j}]`, formOf(null, j), c, signed)),
    );
    quantities.push(seen(`${name}.grand`, formOf(null, null), t.grandTotal, signed));
  };
  periods.forEach((t, p) => addTable(t, p === 0 ? 'current' : 'previous', (i, j) => form(p, i, j), false));
  if (pub.difference && pub.previous) {
    const diff = (i: number | null, j: number | null) => {
      const f = form(0, i, j);
      for (const [b, c] of form(1, i, j)) f.set(b, -c);
      return f;
    };
    addTable(pub.difference, 'difference', diff, true);
  }
  return { quantities, baseCount: periods.length * rows * columns };
}

// ---- linear algebra over the rationals (BigInt fractions) ----

type Q = { n: bigint; d: bigint };
const abs = (x: bigint) => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));
const q = (n: bigint, d = 1n): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const sub = (a: Q, b: Q) => q(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Q, b: Q) => q(a.n * b.n, a.d * b.d);
const div = (a: Q, b: Q) => q(a.n * b.d, a.d * b.n);
const isZero = (a: Q) => a.n === 0n;

/** Every hidden quantity that the shown equations determine, with the value they give it. */
export function linearAttack(pub: Publication): Recovered[] {
  const { quantities, baseCount } = observe(pub);
  const width = baseCount + 1;
  const dense = (f: ReadonlyMap<number, number>, rhs: number) => {
    const row = Array.from({ length: width }, () => q(0n));
    for (const [b, c] of f) row[b] = q(BigInt(c));
    row[baseCount] = q(BigInt(rhs));
    return row;
  };
  // Gauss–Jordan with pivots scaled to 1.
  const basis: { pivot: number; row: Q[] }[] = [];
  for (const o of quantities) {
    if (o.value === null) continue;
    const row = dense(o.form, o.value);
    for (const b of basis) {
      const factor = row[b.pivot];
      if (!isZero(factor)) for (let c = 0; c < width; c++) row[c] = sub(row[c], mul(factor, b.row[c]));
    }
    const pivot = row.findIndex((x, c) => c < baseCount && !isZero(x));
    if (pivot < 0) continue;
    const scale = row[pivot];
    for (let c = 0; c < width; c++) row[c] = div(row[c], scale);
    for (const b of basis) {
      const factor = b.row[pivot];
      if (!isZero(factor)) for (let c = 0; c < width; c++) b.row[c] = sub(b.row[c], mul(factor, row[c]));
    }
    basis.push({ pivot, row });
  }
  const recovered: Recovered[] = [];
  for (const o of quantities) {
    if (o.value !== null) continue;
    const row = dense(o.form, 0);
    for (const b of basis) {
      const factor = row[b.pivot];
      if (!isZero(factor)) for (let c = 0; c < width; c++) row[c] = sub(row[c], mul(factor, b.row[c]));
    }
    if (row.slice(0, baseCount).every(isZero)) {
      const value = q(-row[baseCount].n, row[baseCount].d);
      recovered.push({ label: o.label, value: Number(value.n) / Number(value.d) });
    }
  }
  return recovered;
}

// ---- bounds: propagation (any size) and enumeration (tiny tables) ----

/**
 * Interval propagation: every quantity Σ x ∈ [lo, hi] (shown: lo = hi = value) tightens each base cell, to a
 * fixpoint; a hidden quantity whose interval closes to one value is recovered. Sound, not complete.
 */
export function boundAttack(pub: Publication): Recovered[] {
  const { quantities, baseCount } = observe(pub);
  const lo = new Array<number>(baseCount).fill(0);
  const hi = new Array<number>(baseCount).fill(Infinity);
  const range = (o: Observed) => {
    let min = 0;
    let max = 0;
    for (const [b, c] of o.form) {
      min += c > 0 ? c * lo[b] : c * hi[b];
      max += c > 0 ? c * hi[b] : c * lo[b];
    }
    return { min: Math.max(min, o.lo), max: Math.min(max, o.hi) };
  };
  for (let changed = true, rounds = 0; changed && rounds < 200; rounds++) {
    changed = false;
    for (const o of quantities) {
      if (o.lo === -Infinity && o.hi === Infinity) continue;
      for (const [b, c] of o.form) {
        if (c !== 1) continue;
        let othersMin = 0;
        let othersMax = 0;
        for (const [b2, c2] of o.form) {
          if (b2 === b) continue;
          othersMin += c2 > 0 ? c2 * lo[b2] : c2 * hi[b2];
          othersMax += c2 > 0 ? c2 * hi[b2] : c2 * lo[b2];
        }
        const newLo = Math.max(lo[b], o.lo - othersMax);
        const newHi = Math.min(hi[b], o.hi - othersMin);
        if (newLo > lo[b] || newHi < hi[b]) {
          lo[b] = newLo;
          hi[b] = newHi;
          changed = true;
        }
      }
    }
  }
  return quantities
    .filter((o) => o.value === null)
    .map((o) => ({ o, r: range(o) }))
    .filter(({ r }) => r.min === r.max)
    .map(({ o, r }) => ({ label: o.label, value: r.min }));
}

/**
 * Every integer completion with base cells in 0..cap that matches what is shown and what the displays reveal;
 * a hidden quantity taking one value over all of them is recovered. For tables of a few cells only.
 */
export function enumerationAttack(pub: Publication, cap: number): Recovered[] {
  const { quantities, baseCount } = observe(pub);
  // Check each quantity as soon as its last base cell is assigned.
  const checkAt: Observed[][] = Array.from({ length: baseCount }, () => []);
  const always: Observed[] = [];
  for (const o of quantities) {
    const last = Math.max(-1, ...o.form.keys());
    (last < 0 ? always : checkAt[last]).push(o);
  }
  const x = new Array<number>(baseCount).fill(0);
  const valuesOf = quantities.map(() => new Set<number>());
  const evaluate = (o: Observed) => [...o.form].reduce((s, [b, c]) => s + c * x[b], 0);
  const fits = (o: Observed) => {
    const v = evaluate(o);
    return v >= o.lo && v <= o.hi;
  };
  if (!always.every(fits)) return [];
  const walk = (b: number): void => {
    if (b === baseCount) {
      quantities.forEach((o, i) => {
        if (o.value === null) valuesOf[i].add(evaluate(o));
      });
      return;
    }
    for (let v = 0; v <= cap; v++) {
      x[b] = v;
      if (checkAt[b].every(fits)) walk(b + 1);
    }
  };
  walk(0);
  return quantities
    .map((o, i) => ({ o, values: valuesOf[i] }))
    .filter(({ o, values }) => o.value === null && values.size === 1)
    .map(({ o, values }) => ({ label: o.label, value: [...values][0] }));
}

/** A publication that hides exactly the given grid entries (true values otherwise), to attack naive patterns. */
export function publishWith(
  counts: readonly (readonly number[])[],
  hidden: (i: number, j: number, value: number) => 'primary' | 'secondary' | null,
  k = 5,
): Publication {
  const rows = counts.length;
  const columns = counts[0].length;
  const grid = counts.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  grid.push(Array.from({ length: columns + 1 }, (_, j) => grid.reduce((s, r) => s + r[j], 0)));
  const cell = (i: number, j: number): PublishedCount => {
    const reason = hidden(i, j, grid[i][j]);
    return reason
      ? { value: null, suppressed: true, reason }
      : { value: grid[i][j], suppressed: false, reason: null };
  };
  const current: PublishedTable = {
    cells: counts.map((r, i) => r.map((_, j) => cell(i, j))),
    rowTotals: counts.map((_, i) => cell(i, columns)),
    columnTotals: Array.from({ length: columns }, (_, j) => cell(rows, j)),
    grandTotal: cell(rows, columns),
  };
  return { threshold: k, current, previous: null, difference: null };
}
