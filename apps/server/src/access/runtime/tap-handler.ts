import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AccessDecision, decide, type SessionEvent } from '@werkbank/access-core';
import { DeviceRole } from '@werkbank/contracts';
import type { CardEvent } from '@werkbank/device-protocol';
import { CardHasher } from '../../cards/card-hasher';
import { AppConfig } from '../../config/app-config';
import type { RegisteredDevice } from '../../devices/device-directory';
import { ActivityJournal } from '../activity-journal';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { EnrollmentWatch } from './enrollment-watch';
import { EntranceTaps } from './entrance-taps';
import { EventReaderTaps } from './event-reader-taps';
import { machineTapFeedback } from './feedback-texts';
import { LiveTaps } from './live-taps';
import { MachineBookings } from './machine-bookings';
import { MachineSessions } from './machine-sessions';
import { OfflineHashes } from './offline-hashes';
import { RuntimeCounters } from './runtime-counters';
import { TapAdmission } from './tap-admission';

/**
 * A card at a reader, from read to reply: admission (replays, repeats), enrollment of unknown cards, then the
 * entrance, an event's door or the machine. A machine tap is decided in memory, journaled before the relay switches, fed to
 * the machine's session, answered at the reader and shown on the board, in that order.
 */
@Injectable()
export class TapHandler {
  constructor(
    private readonly state: AccessState,
    private readonly admission: TapAdmission,
    private readonly enrollment: EnrollmentWatch,
    private readonly entrance: EntranceTaps,
    private readonly eventDoor: EventReaderTaps,
    private readonly sessions: MachineSessions,
    private readonly commands: DeviceCommands,
    private readonly journal: ActivityJournal,
    private readonly liveTaps: LiveTaps,
    private readonly hasher: CardHasher,
    private readonly counters: RuntimeCounters,
    private readonly bookings: MachineBookings,
    private readonly config: AppConfig,
    private readonly offlineHashes: OfflineHashes,
  ) {}

  onCard(device: RegisteredDevice, card: CardEvent, receivedAt: number): void {
    if (!this.admission.admit(device.entity.id, card, receivedAt)) return;
    this.counters.taps += 1;
    const uidHash = this.hasher.hash(card.uid);
    if (!this.state.snapshot.cards.has(uidHash)) this.enrollment.offer(device.entity.id, card, receivedAt);
    else this.offlineHashes.noteTap(uidHash, card.uid);
    if (device.entity.role === DeviceRole.EntranceReader)
      this.entrance.handle(device, uidHash, card, receivedAt);
    else if (device.entity.role === DeviceRole.EventReader)
      void this.eventDoor.handle(device, uidHash, card, receivedAt);
    else this.onMachineTap(device, uidHash, card, receivedAt);
  }

  private onMachineTap(device: RegisteredDevice, uidHash: string, card: CardEvent, receivedAt: number): void {
    // A bridge naming another machine than the device's is refused (UNKNOWN_MACHINE): it may not switch a machine
    // it is not bound to. The server binds one machine per device (see docs/protocol.md, bridges).
    const bound = device.entity.machineId ?? '';
    const machineId = card.machineId === undefined || card.machineId === bound ? bound : '';
    const decision = decide(
      this.state.snapshot,
      { uidHash, machineId },
      receivedAt,
      this.bookings.decideOptions,
    );
    const known = this.sessions.get(machineId) !== undefined;
    let sessionId: string | null = null;
    if (decision.outcome === 'allowed' && known) {
      sessionId = randomUUID();
      this.record(device, card, decision, machineId, sessionId, receivedAt);
      this.sessions.feed(machineId, sessionStart(decision, sessionId, receivedAt));
      if (decision.bookingId !== null) this.bookings.claim(decision.bookingId, receivedAt);
      this.counters.allowed += 1;
    } else if (decision.outcome === 'tap_out' && known) {
      sessionId = decision.sessionId;
      this.record(device, card, decision, machineId, sessionId, receivedAt);
      this.sessions.feed(machineId, { type: 'tap_out', at: receivedAt });
    } else {
      this.record(device, card, decision, known ? machineId : null, null, receivedAt);
      this.counters.denied += 1;
    }
    this.commands.feedback(device, machineTapFeedback(decision, this.config.DEVICE_LANGUAGE));
    this.liveTaps.show(device, card, receivedAt, {
      machineId: known ? machineId : null,
      outcome: decision.outcome,
      reason: decision.outcome === 'denied' ? decision.reason : null,
      memberKey: decision.memberKey,
      memberId: decision.memberId,
      sessionId,
    });
  }

  private record(
    device: RegisteredDevice,
    card: CardEvent,
    decision: AccessDecision,
    machineId: string | null,
    sessionId: string | null,
    at: number,
  ): void {
    this.journal.record({
      t: 'access',
      row: {
        id: randomUUID(),
        at: new Date(at).toISOString(),
        deviceId: device.entity.id,
        msgId: card.msgId,
        machineId,
        siteId: device.entity.siteId,
        memberKey: decision.memberKey,
        cardSuffix: this.hasher.suffix(card.uid),
        outcome: decision.outcome,
        reason: decision.outcome === 'denied' ? decision.reason : null,
        sessionId,
      },
    });
  }
}

/** An allowed tap starts a session, or takes over the one running (a trainer stepping in, say). */
function sessionStart(
  decision: Extract<AccessDecision, { outcome: 'allowed' }>,
  sessionId: string,
  at: number,
): SessionEvent {
  const { memberId, endsAt } = decision;
  return decision.takeoverOfSessionId
    ? { type: 'takeover', newSessionId: sessionId, memberId, at, endsAt }
    : { type: 'started', sessionId, memberId, at, endsAt };
}
