import { type AggregateCell, headcountCells, machineUserDays, visitorDays } from '@werkbank/reports';
import type { MachineUserDayRow, ReportCellRow, VisitorDayRow } from '@werkbank/persistence';

/**
 * Report cells (and visitor and machine user days) summed as they are produced: a million sessions give ~10 million raw cells, so they are added
 * into one map (day × site × measure × breakdown × category) instead of being collected and summed later.
 */
export class CellSums {
  private readonly sums = new Map<string, ReportCellRow>();
  private readonly visitors = new Map<string, VisitorDayRow>();
  private readonly machineUsers = new Map<string, MachineUserDayRow>();

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

  /** A member's session: their machine user day (M11), once per site, local start day and machine type. */
  addMachineUser(
    session: { siteId: string; machineTypeId: string; startedAt: number; memberKey: string },
    timeZone: string,
  ): void {
    for (const d of machineUserDays([session], timeZone))
      this.machineUsers.set(`${d.siteId} ${d.day} ${d.machineTypeId} ${d.personKey}`, d);
  }

  machineUserRows(): MachineUserDayRow[] {
    return [...this.machineUsers.values()];
  }

  rows(): ReportCellRow[] {
    return [...this.sums.values()];
  }

  visitorRows(): VisitorDayRow[] {
    return [...this.visitors.values()];
  }
}
