import { Inject, Injectable, Logger } from '@nestjs/common';
import { SessionEndReason } from '@werkbank/contracts';
import { ActivityRepository } from '@werkbank/persistence';
import { Clock, CLOCK } from '../../common/clock';
import { ActivityJournal } from '../activity-journal';
import { AccessState } from './access-state';
import { MachineSessions } from './machine-sessions';

/**
 * After a restart, sessions open in the database belong to their machines again; the relays' reports (asked for
 * at boot) then settle them. A session whose machine or member is gone is closed as reconciled.
 */
@Injectable()
export class SessionRestore {
  private readonly logger = new Logger(SessionRestore.name);

  constructor(
    private readonly state: AccessState,
    private readonly sessions: MachineSessions,
    private readonly journal: ActivityJournal,
    private readonly activity: ActivityRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async restore(): Promise<number> {
    const open = await this.activity.openSessions();
    const memberOfKey = new Map(
      [...this.state.snapshot.members.values()].map((m) => [m.memberKey, m.memberId]),
    );
    let restored = 0;
    for (const s of open) {
      const memberId = memberOfKey.get(s.memberKey);
      const running = memberId && {
        sessionId: s.id,
        memberId,
        startedAt: s.startedAt.getTime(),
        endsAt: s.endsAt ? s.endsAt.getTime() : null,
      };
      if (running && this.sessions.restore(s.machineId, running, s.memberKey)) {
        restored += 1;
        continue;
      }
      this.journal.record({
        t: 'session_end',
        id: s.id,
        endedAt: this.clock.now().toISOString(),
        endReason: SessionEndReason.Reconciled,
      });
    }
    if (restored > 0) this.logger.log(`restored ${restored} open sessions; waiting for the relays to report`);
    return restored;
  }
}
