import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { StaffRepository } from '@werkbank/persistence';
import { Clock, CLOCK } from '../common/clock';

/** How often expired staff sessions are deleted (they are refused from the moment they expire anyway). */
export const SESSION_SWEEP_MS = 60 * 60 * 1000;

/**
 * Deletes expired staff sessions at start and then every hour: a session row names an account and when it
 * logged in, which is personal data with no purpose once the session is over (GDPR Art. 5(1)(e)).
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionSweeper.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly staff: StaffRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    this.timer = setInterval(() => void this.sweep(), SESSION_SWEEP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Deletes every session that expired before now; never throws (a failed sweep is retried next hour). */
  async sweep(): Promise<void> {
    try {
      await this.staff.deleteExpiredSessions(this.clock.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'deleting expired staff sessions failed; retrying in an hour');
    }
  }
}
