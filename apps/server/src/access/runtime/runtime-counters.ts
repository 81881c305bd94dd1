import { Injectable } from '@nestjs/common';

/** What the runtime has seen since start, for `/api/access/stats` (plain numbers: the hot path only adds). */
@Injectable()
export class RuntimeCounters {
  messages = 0;
  malformed = 0;
  unroutable = 0;
  duplicates = 0;
  /** Own-protocol taps whose msgId was seen inside TAP_MAX_AGE_S (also before a restart). */
  replayed = 0;
  /** Own-protocol taps whose `at` is outside [now - TAP_MAX_AGE_S, now + TAP_MAX_SKEW_S]. */
  stale = 0;
  taps = 0;
  allowed = 0;
  denied = 0;
  /** Bookings released because their holder did not come within the grace. */
  noShows = 0;
}
