/** The clock is a port so tests can move time (expiry, opening hours, idle timers). */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };
