import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DailyVisits, decideEntrance, localDateOf } from '@werkbank/access-core';
import type { CardEvent, FeedbackCommand } from '@werkbank/device-protocol';
import { ActivityRepository } from '@werkbank/persistence';
import { AppConfig } from '../../config/app-config';
import type { RegisteredDevice } from '../../devices/device-directory';
import { ActivityJournal } from '../activity-journal';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { denialFeedback, entranceFeedback } from './feedback-texts';
import { LiveTaps } from './live-taps';
import { StaffPresence } from './staff-presence';

/**
 * Entrance readers: members check in (one visit per member, site and local day); staff members toggle their
 * presence at the site. A card that may not act (blocked, suspended, guest pass expired) is denied with the
 * reason and counts no visit.
 */
@Injectable()
export class EntranceTaps {
  /** Who checked in today at each site (survives a restart through `restore`). */
  private readonly visitsToday = new DailyVisits();

  constructor(
    private readonly state: AccessState,
    private readonly presence: StaffPresence,
    private readonly journal: ActivityJournal,
    private readonly commands: DeviceCommands,
    private readonly liveTaps: LiveTaps,
    private readonly activity: ActivityRepository,
    private readonly config: AppConfig,
  ) {}

  handle(device: RegisteredDevice, uidHash: string, card: CardEvent, at: number): void {
    const siteId = device.entity.siteId;
    const decision = decideEntrance(this.state.snapshot, { uidHash, siteId }, at);
    const lang = this.config.DEVICE_LANGUAGE;
    let feedback: FeedbackCommand;
    if (decision.outcome === 'denied') feedback = denialFeedback(decision.reason, lang);
    else {
      const { site, member } = decision;
      const staffId = this.presence.staffOfMember(member.memberId);
      if (staffId) {
        const present = this.presence.toggleByTap(siteId, staffId, device.entity.id, at);
        feedback = entranceFeedback(present ? 'on_duty' : 'off_duty', lang);
      } else if (this.visitsToday.checkIn(site.siteId, member.memberKey, localDateOf(at, site.timezone))) {
        this.journal.record({
          t: 'visit',
          row: {
            id: randomUUID(),
            siteId: site.siteId,
            memberKey: member.memberKey,
            at: new Date(at).toISOString(),
            source: 'entrance_tap',
          },
        });
        feedback = entranceFeedback('welcome', lang);
      } else feedback = entranceFeedback('already_checked_in', lang);
    }
    this.commands.feedback(device, feedback);
    const member = decision.member ?? null;
    this.liveTaps.show(device, card, at, {
      machineId: null,
      outcome: feedback.result,
      reason: feedback.reason,
      memberKey: member?.memberKey ?? null,
      memberId: member?.memberId ?? null,
      sessionId: null,
    });
  }

  /** Boot: today's visits, so a member who checked in before a restart is not counted again. */
  async restore(now: number): Promise<void> {
    // 48 h back covers today's local day in every zone; DailyVisits keeps only the latest day per site.
    for (const row of await this.activity.visitsSince(new Date(now - 48 * 3600_000))) {
      // Anonymous visitors and a mobile lab's stops are not what the entrance reader tells apart.
      if (!row.memberKey || row.deploymentId) continue;
      this.noteCheckIn(row.siteId, row.memberKey, row.at.getTime());
    }
  }

  /** A member checked in at the site (also at the front desk): the reader greets them as already checked in. */
  noteCheckIn(siteId: string, memberKey: string, at: number): void {
    const site = this.state.snapshot.sites.get(siteId);
    if (site) this.visitsToday.checkIn(siteId, memberKey, localDateOf(at, site.timezone));
  }

  /** A site was removed: its check-ins of today go with it. */
  forgetSite(siteId: string): void {
    this.visitsToday.forgetSite(siteId);
  }
}
