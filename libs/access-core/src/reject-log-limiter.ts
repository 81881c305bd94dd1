/**
 * Bounds how many log lines rejected device input may cause. Every reject is still counted by the caller;
 * this only decides which ones are written. Per key (a device id): the first `linesPerWindow` rejects of a
 * window are logged, the rest are counted and reported as one summary line when the window is over, so a
 * device flooding malformed messages costs at most `linesPerWindow + 1` lines per window. Pure: time is an
 * argument; memory is bounded by `maxKeys` (idle keys are dropped once their summary is out).
 */

export interface RejectLogLimiterOptions {
  /** Lines logged per key and window before suppression starts. Default 5. */
  linesPerWindow?: number;
  /** Window length in ms. Default 60 000. */
  windowMs?: number;
  /** Keys tracked at most; beyond that, new keys share one overflow key. Default 10 000. */
  maxKeys?: number;
}

export interface RejectLogSummary {
  key: string;
  /** Rejects in the window that were not logged one by one. */
  suppressed: number;
  windowMs: number;
}

interface KeyWindow {
  startedAt: number;
  logged: number;
  suppressed: number;
}

export const REJECT_LOG_OVERFLOW_KEY = '(other)';

export class RejectLogLimiter {
  private readonly linesPerWindow: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly windows = new Map<string, KeyWindow>();

  constructor(options: RejectLogLimiterOptions = {}) {
    this.linesPerWindow = options.linesPerWindow ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
  }

  /**
   * One reject for `key` at `nowMs`. `log`: write this one. `summary`: the key's previous window ended with
   * suppressed rejects; write it first.
   */
  admit(key: string, nowMs: number): { log: boolean; summary: RejectLogSummary | null } {
    let window = this.windows.get(key);
    if (window === undefined && this.windows.size >= this.maxKeys) {
      key = REJECT_LOG_OVERFLOW_KEY;
      window = this.windows.get(key);
    }
    let summary: RejectLogSummary | null = null;
    if (window !== undefined && nowMs - window.startedAt >= this.windowMs) {
      summary = this.summaryOf(key, window);
      window = undefined;
    }
    if (window === undefined) {
      window = { startedAt: nowMs, logged: 0, suppressed: 0 };
      this.windows.set(key, window);
    }
    if (window.logged < this.linesPerWindow) {
      window.logged += 1;
      return { log: true, summary };
    }
    window.suppressed += 1;
    return { log: false, summary };
  }

  /** Ends every window that is over: returns their summaries (only those with suppressed rejects). */
  drain(nowMs: number): RejectLogSummary[] {
    const summaries: RejectLogSummary[] = [];
    for (const [key, window] of this.windows) {
      if (nowMs - window.startedAt < this.windowMs) continue;
      const summary = this.summaryOf(key, window);
      if (summary !== null) summaries.push(summary);
      this.windows.delete(key);
    }
    return summaries;
  }

  private summaryOf(key: string, window: KeyWindow): RejectLogSummary | null {
    return window.suppressed === 0 ? null : { key, suppressed: window.suppressed, windowMs: this.windowMs };
  }
}
