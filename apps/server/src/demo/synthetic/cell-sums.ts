import { type AggregateCell, headcountCells, visitorDays } from '@werkbank/reports';
import type { ReportCellRow, VisitorDayRow } from '@werkbank/persistence';

/**
 * Report cells (and visitor days) summed as they are produced: a million sessions give ~10 million raw cells, so they are added
 * into one map (day × site × measure × breakdown × category) instead of being collected and summed later.
 */
export class CellSums {
  private readonly sums = new Map<string, ReportCellRow>();
  private readonly visitors = new Map<string, VisitorDayRow>();

  add(cells: readonly AggregateCell[]): void {
    for (const c of cells) {
      const breakdown = c.breakdown ?? '';
      const category = c.category ?? '';
      const key = `${c.day}\u0000${c.siteId}\u0000${c.measure}\u0000${breakdown}\u0000${category}`;
      const known = this.sums.get(key);
      if (known) known.value += c.value;
      else
        this.sums.set(key, {
          day: c.day,
          siteId: c.siteId,
          measure: c.measure,
          breakdown,
          category,
          value: c.value,
        });
    }
  }

  addHeadcount(headcount: { siteId: string; day: string; count: number }): void {
    this.add(headcountCells(headcount));
  }

  /** A member's check-in: their visitor day (the distinct counts' mark), once per site and local day. */
  addVisitor(visit: { siteId: string; at: number; memberKey: string }, timeZone: string): void {
    for (const d of visitorDays([visit], timeZone))
      this.visitors.set(`${d.siteId} ${d.day} ${d.personKey}`, d);
  }

  rows(): ReportCellRow[] {
    return [...this.sums.values()];
  }

  visitorRows(): VisitorDayRow[] {
    return [...this.visitors.values()];
  }
}
