import { Inject, Injectable } from '@nestjs/common';
import { DomainRule, isReader } from '@werkbank/contracts';
import type { CardEvent } from '@werkbank/device-protocol';
import { Clock, CLOCK } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { DeviceDirectory } from '../../devices/device-directory';
import { LiveHub } from '../live-hub';

const ENROLLMENT_TTL_MS = 120_000;

/** "Tap the new card now": a staff socket waits at one reader; the next unknown card there goes to that socket. */
@Injectable()
export class EnrollmentWatch {
  private readonly waiting = new Map<string, { socketId: string; until: number }>();

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly live: LiveHub,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(deviceId: string, socketId: string, ttlMs = ENROLLMENT_TTL_MS): void {
    const role = this.directory.get(deviceId)?.entity.role;
    if (!isReader(role)) {
      throw DomainError.invalid('deviceId', 'not a registered reader', DomainRule.NotAReader);
    }
    this.waiting.set(deviceId, { socketId, until: this.clock.now().getTime() + ttlMs });
  }

  stop(deviceId: string, socketId: string): void {
    if (this.waiting.get(deviceId)?.socketId === socketId) this.waiting.delete(deviceId);
  }

  /** An unknown card was read: hand it to the socket waiting at this reader, once. */
  offer(deviceId: string, card: CardEvent, at: number): void {
    const waiting = this.waiting.get(deviceId);
    if (!waiting) return;
    this.waiting.delete(deviceId);
    if (waiting.until < at) return;
    this.live.enrollment(waiting.socketId, {
      deviceId,
      uid: card.uid,
      technology: card.technology,
      at: new Date(at).toISOString(),
    });
  }
}
