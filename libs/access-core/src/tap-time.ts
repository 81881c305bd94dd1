import { localToUtc, utcOffsetAt, type SiteClock } from './site-clock.util';

/** A device clock further than this from the server's is taken as wrong (never set, a dead RTC battery). */
export const DEVICE_CLOCK_PLAUSIBLE_MS = 24 * 3600_000;

/**
 * When the device says a tap happened (epoch ms), or null when it did not say or its clock is implausible
 * (more than DEVICE_CLOCK_PLAUSIBLE_MS from `receivedAt`): then the arrival time is all we have.
 * `at` carries a zone offset; `localAt` is wall time without one (Tasmota's default `Time`), read in the lab's
 * zone (`labClock`); in a repeated hour after a DST fall-back the occurrence at the current offset is taken.
 */
export function deviceTapTime(
  at: string | null,
  localAt: string | undefined,
  labClock: SiteClock,
  receivedAt: number,
): number | null {
  let deviceMs: number;
  if (at !== null) deviceMs = Date.parse(at);
  else if (localAt !== undefined) {
    const localMs = Date.parse(`${localAt}Z`);
    if (Number.isNaN(localMs)) return null;
    deviceMs = localToUtc(labClock, localMs, utcOffsetAt(labClock, receivedAt));
  } else return null;
  if (Number.isNaN(deviceMs) || Math.abs(deviceMs - receivedAt) > DEVICE_CLOCK_PLAUSIBLE_MS) return null;
  return deviceMs;
}

/**
 * Whether a vendor reader's card read repeats the previous one (a held card, a QoS 1 redelivery): the same UID
 * within `debounceMs`. Compared by the device's own times when both reads carry one, so taps a reader queued
 * during a broker outage and delivers bunched after the reconnect stay apart; by arrival time otherwise.
 */
export function isRepeatedRead(
  previous: { uid: string; receivedAt: number; deviceAt: number | null } | undefined,
  uid: string,
  receivedAt: number,
  deviceAt: number | null,
  debounceMs: number,
): boolean {
  if (previous === undefined || previous.uid !== uid) return false;
  const elapsed =
    deviceAt !== null && previous.deviceAt !== null
      ? deviceAt - previous.deviceAt
      : receivedAt - previous.receivedAt;
  return Math.abs(elapsed) < debounceMs; // device times can run backwards across queued reads
}
