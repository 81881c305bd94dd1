import { Injectable } from '@nestjs/common';
import {
  createSiteClock,
  deviceTapTime,
  isRepeatedRead,
  type SiteClock,
  TapReplayGuard,
} from '@werkbank/access-core';
import type { CardEvent } from '@werkbank/device-protocol';
import { ActivityRepository } from '@werkbank/persistence';
import { AppConfig } from '../../config/app-config';
import { RuntimeCounters } from './runtime-counters';

interface LastRead {
  uid: string;
  receivedAt: number;
  deviceAt: number | null;
}

/**
 * Which card reads count as taps. Own-protocol readers send message ids: a stale `at` or a seen id is refused
 * (the ids of the window survive a restart). Vendor readers send none: a held card repeats and QoS 1 may
 * redeliver, so one tap per reader and window, by the device's clock where it sends one (queued taps arrive
 * bunched after a broker outage).
 */
@Injectable()
export class TapAdmission {
  private readonly replayGuard: TapReplayGuard;
  /** The lab's wall clock (TIMEZONE), for device times sent without a zone (Tasmota's `Time`). */
  private readonly labClock: SiteClock;
  private readonly lastRead = new Map<string, LastRead>();

  constructor(
    private readonly config: AppConfig,
    private readonly counters: RuntimeCounters,
    private readonly activity: ActivityRepository,
  ) {
    this.replayGuard = new TapReplayGuard({
      maxAgeMs: config.TAP_MAX_AGE_S * 1000,
      maxSkewMs: config.TAP_MAX_SKEW_S * 1000,
    });
    this.labClock = createSiteClock(config.TIMEZONE);
  }

  /** True when the read is a new tap; otherwise it is counted as replayed, stale or duplicate. */
  admit(deviceId: string, card: CardEvent, receivedAt: number): boolean {
    if (card.msgId) {
      const deviceAt = card.at === null ? null : Date.parse(card.at);
      const freshness = this.replayGuard.check(`${deviceId}:${card.msgId}`, deviceAt, receivedAt);
      if (freshness === 'fresh') return true;
      this.counters[freshness] += 1;
      return false;
    }
    const deviceAt = deviceTapTime(card.at, card.localAt, this.labClock, receivedAt);
    if (
      isRepeatedRead(this.lastRead.get(deviceId), card.uid, receivedAt, deviceAt, this.config.TAP_DEBOUNCE_MS)
    ) {
      this.counters.duplicates += 1;
      return false;
    }
    this.lastRead.set(deviceId, { uid: card.uid, receivedAt, deviceAt });
    return true;
  }

  /** Boot, after the journal replay: the msgIds decided inside the replay window before this start. */
  async restore(now: number): Promise<void> {
    const rows = await this.activity.tapIdsSince(new Date(now - this.replayGuard.rememberMs));
    for (const row of rows) this.replayGuard.remember(`${row.deviceId}:${row.msgId}`, row.at.getTime());
  }

  evict(now: number): void {
    this.replayGuard.evict(now);
  }
}
