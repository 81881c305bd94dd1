import { Injectable, Logger } from '@nestjs/common';
import type { UsageEvent } from '@werkbank/device-protocol';
import { WerkbankAdapter } from '@werkbank/device-protocol';
import { BridgeRepository, type UsageRecord } from '@werkbank/persistence';
import { CardHasher } from '../../cards/card-hasher';
import { DeviceDirectory, type RegisteredDevice } from '../../devices/device-directory';
import { MqttBus } from '../../mqtt/mqtt-bus';
import { AccessState } from './access-state';
import { MachineSessions } from './machine-sessions';
import { OfflineHashes } from './offline-hashes';

/**
 * Stores what a bridge decided offline (evt/usage), each message exactly once: the message id and its effect
 * (an offline session, its end, or a denied tap as an access event) commit together, then the server answers
 * `cmd/ack {msgId}` and the bridge drops the event from its queue. A duplicate (QoS 1 redelivery, a replay
 * after a restart of either side) is acknowledged again and changes nothing. Messages are stored one after
 * another, in arrival order (the bridge replays in `seq` order). Not the tap path: nothing here delays a tap.
 */
/** How far ahead of the server's clock a bridge's usage may be dated (clocks differ by seconds, not hours). */
const MAX_AHEAD_MS = 5 * 60_000;
/** How old: the longest allowlist validity (ALLOWLIST_VALIDITY_HOURS, at most 90 days) plus a day to replay. */
const MAX_OFFLINE_AGE_MS = 91 * 86_400_000;

@Injectable()
export class UsageRecorder {
  private readonly logger = new Logger(UsageRecorder.name);
  private chain: Promise<void> = Promise.resolve();
  /** Since start: messages stored, duplicates ignored, and failures (left unacknowledged: the bridge retries). */
  readonly counts = { stored: 0, duplicates: 0, failed: 0, refused: 0 };

  constructor(
    private readonly repository: BridgeRepository,
    private readonly directory: DeviceDirectory,
    private readonly state: AccessState,
    private readonly hasher: CardHasher,
    private readonly offlineHashes: OfflineHashes,
    private readonly bus: MqttBus,
    private readonly sessions: MachineSessions,
  ) {}

  receive(device: RegisteredDevice, event: UsageEvent, receivedAt: number): void {
    // A failure is logged and the chain goes on: one bad message must never stop the ones after it.
    this.chain = this.chain
      .then(() => this.store(device, event, receivedAt))
      .catch((error: unknown) => {
        this.counts.failed += 1;
        this.logger.error(
          { err: error, deviceId: device.entity.id, msgId: event.msgId },
          'usage event failed',
        );
      });
  }

  /** Resolves once every message received so far is stored (tests, shutdown). */
  settle(): Promise<void> {
    return this.chain;
  }

  private async store(device: RegisteredDevice, event: UsageEvent, receivedAt: number): Promise<void> {
    let result: 'stored' | 'duplicate';
    const record = this.recordOf(device, event, receivedAt);
    try {
      result = await this.repository.storeUsage(record);
    } catch (error) {
      this.counts.failed += 1;
      this.logger.error(
        { err: error, deviceId: device.entity.id, msgId: event.msgId },
        'usage event not stored',
      );
      return;
    }
    if (result === 'stored') this.counts.stored += 1;
    else this.counts.duplicates += 1;
    // The member tapped out of the server's session while the server was away: it ends here too, once.
    if (result === 'stored' && record.effect.type === 'server_session_ended' && record.machineId)
      this.sessions.feed(record.machineId, {
        type: 'tap_out',
        at: Math.min(record.at.getTime(), receivedAt),
      });
    const adapter = this.directory.adapterOf(device);
    if (adapter instanceof WerkbankAdapter)
      this.bus.publish(adapter.encodeUsageAck(device.address, [event.msgId]));
  }

  private recordOf(device: RegisteredDevice, event: UsageEvent, receivedAt: number): UsageRecord {
    const head = {
      deviceId: device.entity.id,
      msgId: event.msgId,
      seq: event.seq,
      at: new Date(event.at),
      receivedAt: new Date(receivedAt),
      machineId: device.entity.machineId,
      siteId: device.entity.siteId,
    };
    const at = head.at.getTime();
    if (!(at <= receivedAt + MAX_AHEAD_MS && at >= receivedAt - MAX_OFFLINE_AGE_MS)) {
      // Offline decisions are made from a list valid for days, not years: a date outside that window is
      // forged or from a broken clock, and would write sessions (and report days) nobody had.
      this.counts.refused += 1;
      this.logger.warn(
        { deviceId: device.entity.id, msgId: event.msgId, at: event.at },
        'usage event dated outside the offline window refused',
      );
      return { ...head, effect: { type: 'refused' } };
    }
    if (event.machineId !== undefined && event.machineId !== device.entity.machineId) {
      // A bridge records usage of its own machines only; anything else would let it write another's records.
      this.counts.refused += 1;
      this.logger.warn(
        { deviceId: device.entity.id, msgId: event.msgId, machineId: event.machineId },
        'usage event for a machine this bridge is not bound to refused',
      );
      return { ...head, effect: { type: 'refused' } };
    }
    switch (event.type) {
      case 'session_started':
        return {
          ...head,
          effect: {
            type: event.type,
            sessionId: event.sessionId,
            memberKey: this.memberKeyOf(event.uid) ?? 'unknown',
          },
        };
      case 'session_ended':
        if (this.runsOnServer(device.entity.machineId, event.sessionId))
          return { ...head, effect: { type: 'server_session_ended' } };
        return {
          ...head,
          effect: { type: event.type, sessionId: event.sessionId, endReason: event.endReason },
        };
      case 'access_denied':
        return {
          ...head,
          effect: {
            type: event.type,
            memberKey: this.memberKeyOf(event.uid),
            cardSuffix: this.hasher.suffix(event.uid),
            reason: event.reason,
          },
        };
    }
  }

  /** Whether the session is the one the server runs on that machine (started online, ended offline). */
  private runsOnServer(machineId: string | null, sessionId: string): boolean {
    const session = machineId ? this.sessions.get(machineId)?.session : undefined;
    return session !== undefined && session.phase !== 'idle' && session.phase !== 'ended'
      ? session.session.sessionId === sessionId
      : false;
  }

  /** The member the card belongs to now; the bridge saw the raw UID, so its offline hash is checked too. */
  private memberKeyOf(uid: string): string | null {
    const uidHash = this.hasher.hash(uid);
    const card = this.state.snapshot.cards.get(uidHash);
    if (card === undefined) return null;
    this.offlineHashes.noteTap(uidHash, uid);
    return card.member?.memberKey ?? null;
  }
}
