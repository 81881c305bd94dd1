/**
 * The metered load behind a virtual relay: what the plug's meter reports.
 *   relay off                   options.standbyWatts (default 0.5 W)
 *   relay on                    options.idleWatts, else options.loadWatts (default 100 W)
 *   relay on, print simulated   options.printWatts, else loadWatts when idleWatts is set, else 2 × loadWatts
 * So `{loadWatts: 120}` draws 120 W when on and 240 W printing, and `{loadWatts: 120, idleWatts: 8}` models a
 * printer that idles at 8 W (below a machine's idle-power threshold) and draws 120 W while printing.
 * Energy is integrated over time for the counters the firmware reports (Tasmota Total, Shelly aenergy).
 */
export class LoadModel {
  private relayOn = false;
  private printJob = false;
  private energyWh = 0;
  private lastAt: number;
  readonly idleWatts: number;
  readonly printWatts: number;
  readonly standbyWatts: number;

  constructor(
    options: Readonly<Record<string, string>>,
    private readonly now: () => Date,
  ) {
    const num = (key: string, fallback: number): number => {
      const raw = options[key];
      const value = raw === undefined ? NaN : Number(raw);
      return Number.isFinite(value) && value >= 0 ? value : fallback;
    };
    const load = num('loadWatts', 100);
    const hasIdle = options['idleWatts'] !== undefined;
    this.idleWatts = num('idleWatts', load);
    this.printWatts = num('printWatts', hasIdle ? load : load * 2);
    this.standbyWatts = num('standbyWatts', 0.5);
    this.lastAt = now().getTime();
  }

  get on(): boolean {
    return this.relayOn;
  }

  get printing(): boolean {
    return this.printJob;
  }

  watts(): number {
    if (!this.relayOn) return this.standbyWatts;
    return this.printJob ? this.printWatts : this.idleWatts;
  }

  /** Switches the relay; returns whether the output changed. Cutting the power ends a print job. */
  set(on: boolean): boolean {
    this.accumulate();
    const changed = this.relayOn !== on;
    this.relayOn = on;
    if (!on) this.printJob = false;
    return changed;
  }

  /** Starts/ends a print job; a job needs the relay on. Returns whether the draw changed. */
  setPrinting(printing: boolean): boolean {
    this.accumulate();
    const next = printing && this.relayOn;
    const changed = next !== this.printJob;
    this.printJob = next;
    return changed;
  }

  /** Wh since start. */
  energy(): number {
    this.accumulate();
    return this.energyWh;
  }

  private accumulate(): void {
    const now = this.now().getTime();
    const hours = Math.max(0, now - this.lastAt) / 3_600_000;
    this.energyWh += this.watts() * hours;
    this.lastAt = now;
  }
}
