/**
 * Counts how often an account's broker session is taken over by a new connection under the same account.
 * Client ids are bound to accounts, so a takeover needs the account's password: a device that reconnects after
 * a dropped link takes over its own stale session now and then, but a steady stream of takeovers means the
 * credentials are in use on a second device (stolen or copied) and the two knock each other off.
 */
export interface TakeoverAlarm {
  username: string;
  /** Takeovers of this account within the window. */
  recent: number;
  windowMs: number;
}

export class SessionTakeovers {
  private readonly recent = new Map<string, number[]>();
  private readonly totals = new Map<string, number>();
  /** When each account last raised an alarm: one alarm per account and window. */
  private readonly alarmedAt = new Map<string, number>();
  total = 0;

  constructor(
    private readonly options: { alarmAt: number; windowMs: number; maxAccounts: number } = {
      alarmAt: 3,
      windowMs: 60_000,
      maxAccounts: 10_000,
    },
  ) {}

  /** Records one takeover; returns an alarm when the account crossed the threshold within the window. */
  record(username: string, nowMs: number): TakeoverAlarm | null {
    this.total += 1;
    if (!this.totals.has(username) && this.totals.size >= this.options.maxAccounts) return null;
    this.totals.set(username, (this.totals.get(username) ?? 0) + 1);
    const since = nowMs - this.options.windowMs;
    const times = (this.recent.get(username) ?? []).filter((t) => t > since);
    times.push(nowMs);
    this.recent.set(username, times);
    if (times.length < this.options.alarmAt) return null;
    const last = this.alarmedAt.get(username);
    if (last !== undefined && last > since) return null;
    this.alarmedAt.set(username, nowMs);
    return { username, recent: times.length, windowMs: this.options.windowMs };
  }

  /** Takeovers of one account since start. */
  of(username: string): number {
    return this.totals.get(username) ?? 0;
  }

  /** Accounts with takeovers, most first (for the stats page). */
  top(limit = 20): { username: string; takeovers: number }[] {
    return [...this.totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([username, takeovers]) => ({ username, takeovers }));
  }

  forget(username: string): void {
    this.recent.delete(username);
    this.totals.delete(username);
    this.alarmedAt.delete(username);
  }
}
