import { Injectable, Logger } from '@nestjs/common';
import {
  claimBooking,
  type DecideOptions,
  dueNoShows,
  endedBookings,
  removeBooking,
} from '@werkbank/access-core';
import { BookingsRepository } from '@werkbank/persistence';
import { AppConfig } from '../../config/app-config';
import { AccessState } from './access-state';
import { RuntimeCounters } from './runtime-counters';

/**
 * Bookings at runtime: decide() reads them from the snapshot; this part records that a holder claimed their
 * slot, releases the slots of no-shows once the grace has passed, and drops ended slots from memory. The
 * snapshot changes first (the next tap sees it), the database follows; a write that fails is retried by the
 * next boot, which reloads what is still active and releases it again (idempotent).
 */
@Injectable()
export class MachineBookings {
  private readonly logger = new Logger(MachineBookings.name);
  /** What decide() needs to know about bookings, built once. */
  readonly decideOptions: DecideOptions;
  private readonly graceMs: number;

  constructor(
    private readonly state: AccessState,
    private readonly bookings: BookingsRepository,
    private readonly counters: RuntimeCounters,
    config: AppConfig,
  ) {
    this.graceMs = config.BOOKING_NO_SHOW_GRACE_MIN * 60_000;
    this.decideOptions = { noShowGraceMs: this.graceMs };
  }

  /** The holder started a session in their slot. */
  claim(bookingId: string, at: number): void {
    const booking = this.state.snapshot.bookings.get(bookingId);
    if (booking === undefined || booking.claimedAt !== null) return;
    claimBooking(this.state.snapshot, bookingId, at);
    this.bookings
      .markClaimed(bookingId, new Date(at))
      .catch((err: unknown) =>
        this.logger.error({ err, bookingId }, 'could not record a booking as claimed'),
      );
  }

  tick(now: number): void {
    const snapshot = this.state.snapshot;
    if (snapshot.bookings.size === 0) return;
    const missed = dueNoShows(snapshot, now, this.graceMs);
    for (const booking of missed) removeBooking(snapshot, booking.bookingId);
    for (const booking of endedBookings(snapshot, now)) removeBooking(snapshot, booking.bookingId);
    if (missed.length === 0) return;
    const ids = missed.map((b) => b.bookingId);
    this.bookings
      .releaseNoShows(ids, new Date(now))
      .then((released) => {
        this.counters.noShows += released.length;
        for (const id of released) this.logger.log({ bookingId: id }, 'booking released: no-show');
      })
      .catch((err: unknown) => this.logger.error({ err, ids }, 'could not release no-show bookings'));
  }
}
