/**
 * Complementary suppression of one period's table, on the table with its margins as a graph.
 *
 * The table with its totals is an (R+1)×(C+1) grid: row R holds the column totals, column C the row totals and
 * (R, C) the grand total. With the totals negated, every row and every column of the grid sums to zero, so the
 * grid is a circulation on the complete bipartite graph between row vertices 0..R and column vertices 0..C,
 * one edge per entry. Another table with the same shown entries differs from the true one by a circulation on
 * the hidden entries, and every such circulation is a sum of cycles. Hence, exactly:
 *
 * - a hidden entry is determined by linear algebra iff no cycle of hidden entries passes through it;
 * - it has at least two feasible values under the attacker's bounds iff some cycle through it can be pushed by
 *   one unit (each entry on it moving by ±1 in alternation) without leaving the bounds the publication reveals:
 *   a primary entry ("<k") lies in 1..k−1, a secondary one is at least k (it is neither zero nor small, since
 *   every zero is shown and every small count is primary).
 *
 * Repair finds the cheapest such cycle, where hidden entries cost nothing and a shown entry costs its value
 * (small cells first, totals last — a total is at least every cell it sums), and suppresses the shown entries
 * on it. This generalises the greedy rule "suppress the smallest cell in the same row and column" to cycles of
 * any length. Suppressing never removes a cycle, so an entry once protected stays protected.
 */

export type EntryStatus = 'shown' | 'primary' | 'secondary';

export interface GridProtection {
  readonly status: EntryStatus[][];
  /** Every hidden entry has at least two feasible values under the bounds above (not only linear safety). */
  readonly intervalSafe: boolean;
}

/** The (R+1)×(C+1) grid of `counts` with its row totals, column totals and grand total. */
export function gridWithMargins(counts: readonly (readonly number[])[], columns: number): number[][] {
  const grid = counts.map((row) => [...row, row.reduce((sum, x) => sum + x, 0)]);
  const totals = new Array<number>(columns + 1).fill(0);
  for (const row of grid) row.forEach((x, j) => (totals[j] += x));
  grid.push(totals);
  return grid;
}

/** Primary suppression: 0 < value < k, cells and totals alike. Zeros are shown. */
export function primaryStatus(grid: readonly (readonly number[])[], k: number): EntryStatus[][] {
  return grid.map((row) => row.map((x) => (x > 0 && x < k ? 'primary' : 'shown')));
}

/**
 * Adds secondary suppression to `status` (in place, and returned) until every hidden entry lies on a cycle of
 * hidden entries that can move within the bounds; where no suppression of nonzero entries achieves that (a
 * tiny table, e.g. four cells of 1), the entry is at least put on a cycle (linear safety) and `intervalSafe`
 * is false.
 */
export function protectGrid(
  grid: readonly (readonly number[])[],
  status: EntryStatus[][],
  k: number,
): GridProtection {
  const search = new CycleSearch(grid, status, k);
  let intervalSafe = true;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < grid.length; i++) {
      for (let j = 0; j < grid[i].length; j++) {
        if (status[i][j] === 'shown' || search.cheapestCycle(i, j, true, false)) continue;
        let path = search.cheapestCycle(i, j, true, true);
        if (!path) {
          intervalSafe = false;
          if (search.cheapestCycle(i, j, false, false)) continue;
          path = search.cheapestCycle(i, j, false, true);
        }
        // A nonzero entry of a circulation always lies on a cycle of nonzero entries.
        if (!path) throw new Error('suppression: no complementary cycle exists (internal invariant)');
        for (const [pi, pj] of path) {
          if (status[pi][pj] === 'shown') {
            status[pi][pj] = 'secondary';
            changed = true;
          }
        }
      }
    }
  }
  return { status, intervalSafe };
}

/**
 * The classic fallback when an outside check finds `(i, j)` disclosed: suppress the smallest shown nonzero
 * entry in its row or column. Returns false when there is none.
 */
export function suppressNeighbour(
  grid: readonly (readonly number[])[],
  status: EntryStatus[][],
  i: number,
  j: number,
): boolean {
  const candidates: [number, number][] = [];
  for (let b = 0; b < grid[i].length; b++) candidates.push([i, b]);
  for (let a = 0; a < grid.length; a++) candidates.push([a, j]);
  let best: [number, number] | null = null;
  for (const [a, b] of candidates) {
    if ((a === i && b === j) || status[a][b] !== 'shown' || grid[a][b] === 0) continue;
    if (!best || grid[a][b] < grid[best[0]][best[1]]) best = [a, b];
  }
  if (!best) return false;
  const [a, b] = best;
  status[a][b] = 'secondary';
  return true;
}

/** Dijkstra over the grid's bipartite graph, for cycles through one entry. */
class CycleSearch {
  private readonly rows: number;
  private readonly columns: number;

  constructor(
    private readonly grid: readonly (readonly number[])[],
    private readonly status: readonly (readonly EntryStatus[])[],
    private readonly k: number,
  ) {
    this.rows = grid.length;
    this.columns = grid[0].length;
  }

  /**
   * The entries of the cheapest cycle through hidden entry (i, j), or null. `bounded`: respect the bounds;
   * `mayAdd`: shown nonzero entries may join (at the cost of their value), else only hidden entries.
   */
  cheapestCycle(i: number, j: number, bounded: boolean, mayAdd: boolean): [number, number][] | null {
    const { up, down } = this.slack(i, j, bounded);
    const sign = this.sign(i, j);
    // Pushing (i, j) by +1 in grid terms is the arc row→column; the cycle then returns column→…→row.
    const plus = (sign > 0 ? up : down) ? this.path(this.rows + j, i, i, j, bounded, mayAdd) : null;
    const minus = (sign > 0 ? down : up) ? this.path(i, this.rows + j, i, j, bounded, mayAdd) : null;
    if (plus && minus) return minus.cost < plus.cost ? minus.entries : plus.entries;
    return (plus ?? minus)?.entries ?? null;
  }

  /** Totals enter the grid negated, so moving an entry by +1 in grid terms moves a total by −1. */
  private sign(i: number, j: number): number {
    return i < this.rows - 1 === j < this.columns - 1 ? 1 : -1;
  }

  /** Whether the entry's true value may move up / down by one and stay within what its display reveals. */
  private slack(i: number, j: number, bounded: boolean, status = this.status[i][j]) {
    const q = this.grid[i][j];
    if (!bounded) return { up: true, down: true };
    if (status === 'primary') return { up: q + 1 <= this.k - 1, down: q - 1 >= 1 };
    return { up: true, down: q - 1 >= this.k };
  }

  /**
   * Cheapest directed path between two vertices (rows 0..R, then columns), avoiding entry (ei, ej). A row
   * vertex reaches column j over entry (row, j) when that entry may move +1 in grid terms, a column vertex
   * reaches a row when the entry may move −1.
   */
  private path(
    from: number,
    to: number,
    ei: number,
    ej: number,
    bounded: boolean,
    mayAdd: boolean,
  ): { cost: number; entries: [number, number][] } | null {
    const vertices = this.rows + this.columns;
    const dist = new Array<number>(vertices).fill(Infinity);
    const via = new Array<[number, number] | null>(vertices).fill(null);
    const done = new Array<boolean>(vertices).fill(false);
    dist[from] = 0;
    for (;;) {
      let u = -1;
      for (let v = 0; v < vertices; v++)
        if (!done[v] && dist[v] < Infinity && (u < 0 || dist[v] < dist[u])) u = v;
      if (u < 0 || u === to) break;
      done[u] = true;
      const fromRow = u < this.rows;
      const count = fromRow ? this.columns : this.rows;
      for (let n = 0; n < count; n++) {
        const [i, j] = fromRow ? [u, n] : [n, u - this.rows];
        if (i === ei && j === ej) continue;
        const cost = this.arcCost(i, j, fromRow ? 1 : -1, bounded, mayAdd);
        const v = fromRow ? this.rows + j : i;
        if (cost === null || done[v] || dist[u] + cost >= dist[v]) continue;
        dist[v] = dist[u] + cost;
        via[v] = [i, j];
      }
    }
    if (dist[to] === Infinity) return null;
    const entries: [number, number][] = [];
    for (let v = to; v !== from;) {
      const [i, j] = via[v] as [number, number];
      entries.push([i, j]);
      v = v < this.rows ? this.rows + j : i;
    }
    return { cost: dist[to], entries };
  }

  /** Cost of moving entry (i, j) by `step` (±1 in grid terms), or null when it may not move that way. */
  private arcCost(i: number, j: number, step: number, bounded: boolean, mayAdd: boolean): number | null {
    const current = this.status[i][j];
    let status = current;
    if (current === 'shown') {
      if (!mayAdd || this.grid[i][j] === 0) return null;
      status = 'secondary';
    }
    const { up, down } = this.slack(i, j, bounded, status);
    const realStep = step * this.sign(i, j);
    if (!(realStep > 0 ? up : down)) return null;
    return current === 'shown' ? this.grid[i][j] : 0;
  }
}
