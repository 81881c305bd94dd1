import { Injectable, Logger } from '@nestjs/common';
import { decideEntrance } from '@werkbank/access-core';
import { DenyReason } from '@werkbank/contracts';
import type { CardEvent, FeedbackCommand } from '@werkbank/device-protocol';
import { EventsRepository } from '@werkbank/persistence';
import { DomainError } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import type { RegisteredDevice } from '../../devices/device-directory';
import { EventAttendanceService } from '../../events/event-attendance.service';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { attendanceFeedback, denialFeedback, deskFeedback } from './feedback-texts';
import { LiveTaps } from './live-taps';

/** The door of an event opens this long before its start (people arrive early; docs/events.md). */
export const EVENT_DOORS_OPEN_MS = 30 * 60_000;

/**
 * Event readers: a card at the door of the event room ticks the member's registration (or adds a card row) at
 * the site's event open now. The card is judged as at the entrance (blocked, suspended or expired cards are
 * denied with the reason). Not the machine hot path: the event is looked up and the row written before the
 * reader answers, a few milliseconds.
 */
@Injectable()
export class EventReaderTaps {
  private readonly logger = new Logger(EventReaderTaps.name);

  constructor(
    private readonly state: AccessState,
    private readonly commands: DeviceCommands,
    private readonly liveTaps: LiveTaps,
    private readonly events: EventsRepository,
    private readonly attendance: EventAttendanceService,
    private readonly config: AppConfig,
  ) {}

  /** Answers the reader once attendance is written; never rejects (a failure is logged and answered). */
  async handle(device: RegisteredDevice, uidHash: string, card: CardEvent, at: number): Promise<void> {
    const decision = decideEntrance(this.state.snapshot, { uidHash, siteId: device.entity.siteId }, at);
    const member = decision.member ?? null;
    const feedback =
      decision.outcome === 'denied'
        ? denialFeedback(decision.reason, this.config.DEVICE_LANGUAGE)
        : await this.attend(device.entity.siteId, decision.member.memberId, at);
    this.commands.feedback(device, feedback);
    this.liveTaps.show(device, card, at, {
      machineId: null,
      outcome: feedback.result,
      reason: feedback.reason,
      memberKey: member?.memberKey ?? null,
      memberId: member?.memberId ?? null,
      sessionId: null,
    });
  }

  private async attend(siteId: string, memberId: string, at: number): Promise<FeedbackCommand> {
    const lang = this.config.DEVICE_LANGUAGE;
    try {
      const [event] = await this.events.findOpenAt(siteId, new Date(at), EVENT_DOORS_OPEN_MS);
      if (!event) return denialFeedback(DenyReason.NoEventNow, lang);
      await this.attendance.recordCardAttendance(event.id, memberId, null);
      return attendanceFeedback(lang);
    } catch (error) {
      // Cancelled between the lookup and the write: as if there were no event.
      if (error instanceof DomainError) return denialFeedback(DenyReason.NoEventNow, lang);
      this.logger.error({ err: error, siteId }, 'recording attendance from an event reader failed');
      return deskFeedback(lang);
    }
  }
}
