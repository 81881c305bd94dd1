/**
 * Refuses stale and replayed own-protocol taps. A tap carries its message id and (usually) the device's time:
 *   - older than `maxAgeMs`, or later than now + `maxSkewMs`: stale (a recording played back later, or a
 *     device clock that is off);
 *   - an id seen inside the window: replayed (also after a restart: the caller loads the window's ids at boot).
 * An id only needs remembering while a copy of it could still pass the age check, i.e. until
 * arrival + maxAge + maxSkew (its `at` is at most arrival + maxSkew). Arrival times only grow, so the ids are
 * evicted from the front in arrival order: bounded by the taps of one window, never cleared wholesale.
 * Pure: time is an argument.
 */

export type TapFreshness = 'fresh' | 'stale' | 'replayed';

export interface TapReplayGuardOptions {
  maxAgeMs: number;
  maxSkewMs: number;
}

export class TapReplayGuard {
  readonly maxAgeMs: number;
  readonly maxSkewMs: number;
  /** key → until when it must be remembered; insertion (= arrival) order. */
  private readonly seen = new Map<string, number>();

  constructor(options: TapReplayGuardOptions) {
    this.maxAgeMs = options.maxAgeMs;
    this.maxSkewMs = options.maxSkewMs;
  }

  /** How far back ids must be loaded at boot to cover the window. */
  get rememberMs(): number {
    return this.maxAgeMs + this.maxSkewMs;
  }

  /**
   * Checks one tap and, when fresh, remembers its key. `deviceAtMs`: the device's time of the tap, null when it
   * sent none (then only the id is checked).
   */
  check(key: string, deviceAtMs: number | null, arrivedAtMs: number): TapFreshness {
    if (deviceAtMs !== null) {
      if (Number.isNaN(deviceAtMs)) return 'stale';
      if (arrivedAtMs - deviceAtMs > this.maxAgeMs || deviceAtMs - arrivedAtMs > this.maxSkewMs)
        return 'stale';
    }
    const until = this.seen.get(key);
    if (until !== undefined && until > arrivedAtMs) return 'replayed';
    this.remember(key, arrivedAtMs);
    return 'fresh';
  }

  /** A tap decided before (loaded at boot, oldest first). */
  remember(key: string, arrivedAtMs: number): void {
    this.seen.delete(key); // keep the arrival order for the eviction
    this.seen.set(key, arrivedAtMs + this.rememberMs);
  }

  /** Forgets ids no copy of which could pass the age check any more. */
  evict(nowMs: number): void {
    for (const [key, until] of this.seen) {
      if (until > nowMs) return;
      this.seen.delete(key);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
