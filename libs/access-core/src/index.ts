export * from './calendar.util';
export * from './decide';
export * from './opening-hours.util';
export * from './policy-snapshot';
export * from './offline-snapshot';
export * from './session-machine';
export {
  addDaysToDate,
  createSiteClock,
  endOfLocalDay,
  intlUtcOffset,
  localDateOf,
  localToUtc,
  startOfLocalDay,
  utcOffsetAt,
} from './site-clock.util';
export type { SiteClock } from './site-clock.util';
export * from './training-history.util';
export * from './reject-log-limiter';
export * from './entrance';
export * from './tap-time';
export * from './tap-replay-guard';
export * from './recurrence.util';
export * from './visit-count';
export * from './space-state.util';
