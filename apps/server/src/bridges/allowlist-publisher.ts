import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeviceProtocol } from '@werkbank/contracts';
import { werkbankTopic, type AllowlistDeltaBody, type AllowlistFullBody } from '@werkbank/device-protocol';
import { BridgeRepository, type BridgeAllowlistEntity } from '@werkbank/persistence';
import { AccessState } from '../access/runtime/access-state';
import { ChangeFeed, type ChangeKind } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { DeviceDirectory } from '../devices/device-directory';
import { MqttBus } from '../mqtt/mqtt-bus';
import {
  buildAllowlistContent,
  grantsMoreThan,
  revocationCount,
  revocationsSince,
  type AllowlistContent,
} from './allowlist-body.util';
import { sealAllowlistPayload } from './allowlist-envelope';
import { BridgeKeys } from '../cards/bridge-keys';
import { OfflineHashes } from '../access/runtime/offline-hashes';

/** A delta with more items than this is replaced by a new full list (design: issue 16). */
export const MAX_DELTA_REVOCATIONS = 200;
const HOUR_MS = 3_600_000;
const REISSUE_CHECK_MS = 60_000;

/** Every change the snapshot follows may change a list. */
const CHANGE_KINDS: readonly ChangeKind[] = [
  'card',
  'cardRemoved',
  'member',
  'members',
  'memberRemoved',
  'machine',
  'machineRemoved',
  'site',
  'qualification',
  'training',
  'staff',
  'device',
  'deviceRemoved',
  'booking',
  'bookingRemoved',
];

interface BridgeList {
  deviceId: string;
  address: string;
  machineIds: string[];
  counter: BridgeAllowlistEntity;
  /** The full list published by this process (null after a restart until the first one). */
  base: AllowlistContent | null;
  /** The revocations of the delta last published on top of `base` (JSON), to publish each state once. */
  lastDelta: string | null;
  fullTimer: NodeJS.Timeout | null;
}

/**
 * Publishes each bridge's signed allowlist, retained: `…/allowlist` (full) and `…/allowlist/delta`
 * (revocations since that full list, cumulative). A bridge is a device of the own protocol bound to a machine.
 * After every change the snapshot applied, each bridge's list is rebuilt and compared with the full list it
 * holds: rights taken away go out at once as a delta; anything else (or a delta past 200 items) becomes a new
 * full list after ALLOWLIST_DEBOUNCE_MS. Full lists are re-issued every ALLOWLIST_REISSUE_HOURS and at boot.
 * Every publication takes the bridge's next version, persisted before it is sent.
 */
@Injectable()
export class AllowlistPublisher {
  private readonly logger = new Logger(AllowlistPublisher.name);
  private readonly lists = new Map<string, BridgeList>();
  private counters = new Map<string, BridgeAllowlistEntity>();
  /** One evaluation at a time, and one queued behind it at most (changes arriving meanwhile share it). */
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly changes: ChangeFeed,
    private readonly state: AccessState,
    private readonly directory: DeviceDirectory,
    private readonly hashes: OfflineHashes,
    private readonly repository: BridgeRepository,
    private readonly keys: BridgeKeys,
    private readonly bus: MqttBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** After the snapshot sync listens (its listeners run first, so a list sees the patched snapshot). */
  async start(): Promise<void> {
    await this.hashes.load();
    this.counters = new Map((await this.repository.allowlistCounters()).map((c) => [c.deviceId, c]));
    this.changes.on('card', ({ id }) => this.hashes.reloadCard(id).then(() => this.evaluate()));
    this.changes.on('cardRemoved', ({ uidHash }) => {
      this.hashes.forget(uidHash);
      return this.evaluate();
    });
    for (const kind of CHANGE_KINDS)
      if (kind !== 'card' && kind !== 'cardRemoved') this.changes.on(kind, () => this.evaluate());
    this.hashes.onChanged(() => void this.evaluate());
    this.timer = setInterval(() => void this.evaluate(), REISSUE_CHECK_MS);
    this.timer.unref();
    await this.evaluate();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const list of this.lists.values()) if (list.fullTimer) clearTimeout(list.fullTimer);
    return this.chain;
  }

  /** The version and issue time a bridge's list has now (Devices page). */
  published(deviceId: string): { version: number; fullVersion: number; fullIssuedAt: string } | null {
    const c = this.lists.get(deviceId)?.counter ?? this.counters.get(deviceId);
    return c
      ? { version: c.version, fullVersion: c.fullVersion, fullIssuedAt: c.fullIssuedAt.toISOString() }
      : null;
  }

  /** Resolves once the lists reflect the state at the call (a change's request waits for its delta). */
  evaluate(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain.then(async () => {
      this.queued = false;
      if (this.stopped) return;
      try {
        await this.evaluateAll();
      } catch (error) {
        this.logger.error({ err: error }, 'allowlist publication failed');
      }
    });
    return this.chain;
  }

  private async evaluateAll(): Promise<void> {
    const bridges = this.bridges();
    for (const [deviceId, list] of this.lists) if (!bridges.has(deviceId)) await this.retire(list);
    for (const [deviceId, bridge] of bridges) {
      let list = this.lists.get(deviceId);
      if (list === undefined || list.address !== bridge.address) {
        if (list) await this.retire(list);
        list = { ...bridge, counter: this.counterOf(deviceId), base: null, lastDelta: null, fullTimer: null };
        this.lists.set(deviceId, list);
      }
      list.machineIds = bridge.machineIds;
      await this.evaluateOne(list);
    }
  }

  private async evaluateOne(list: BridgeList): Promise<void> {
    const now = this.clock.now().getTime();
    const due = list.counter.fullIssuedAt.getTime() + this.config.ALLOWLIST_REISSUE_HOURS * HOUR_MS;
    if (list.base === null || now >= due) return this.publishFull(list, now);
    const current = this.build(list, now, Date.parse(list.base.expiresAt));
    const revocations = revocationsSince(list.base, current);
    if (revocationCount(revocations) > MAX_DELTA_REVOCATIONS) return this.scheduleFull(list);
    const key = JSON.stringify(revocations);
    if (revocationCount(revocations) > 0 && key !== list.lastDelta) {
      const counter = await this.nextVersion(list, false, now);
      const delta: AllowlistDeltaBody = {
        kind: 'delta',
        bridgeId: list.address,
        version: counter.version,
        baseVersion: counter.fullVersion,
        issuedAt: new Date(now).toISOString(),
        expiresAt: list.base.expiresAt,
        ...revocations,
      };
      this.publish(list, 'allowlist/delta', sealAllowlistPayload(delta, this.keys));
      list.lastDelta = key;
    }
    if (grantsMoreThan(list.base, current, now)) this.scheduleFull(list);
  }

  private scheduleFull(list: BridgeList): void {
    if (list.fullTimer !== null) return;
    list.fullTimer = setTimeout(() => {
      list.fullTimer = null;
      this.chain = this.chain.then(async () => {
        // Stopped, or the bridge was removed or renamed meanwhile: nothing to publish for this one.
        if (this.stopped || this.lists.get(list.deviceId) !== list) return;
        try {
          await this.publishFull(list, this.clock.now().getTime());
        } catch (error) {
          this.logger.error({ err: error, deviceId: list.deviceId }, 'allowlist publication failed');
        }
      });
    }, this.config.ALLOWLIST_DEBOUNCE_MS);
    list.fullTimer.unref();
  }

  private async publishFull(list: BridgeList, now: number): Promise<void> {
    if (list.fullTimer !== null) clearTimeout(list.fullTimer);
    list.fullTimer = null;
    const content = this.build(list, now, now + this.config.ALLOWLIST_VALIDITY_HOURS * HOUR_MS);
    const counter = await this.nextVersion(list, true, now);
    const body: AllowlistFullBody = { ...content, version: counter.version };
    this.publish(list, 'allowlist', sealAllowlistPayload(body, this.keys));
    // The previous delta belongs to the previous full list: cleared, so no bridge tries to apply it.
    this.publish(list, 'allowlist/delta', '');
    list.base = content;
    list.lastDelta = null;
  }

  private build(list: BridgeList, now: number, expiresAt: number): AllowlistContent {
    return buildAllowlistContent(this.state.snapshot, {
      bridgeId: list.address,
      machineIds: list.machineIds,
      now,
      expiresAt,
      offlineHashOf: (uidHash) => this.hashes.get(uidHash),
    });
  }

  /** Persisted before the list is sent: a version is never used twice, also across a crash. */
  private async nextVersion(list: BridgeList, full: boolean, now: number): Promise<BridgeAllowlistEntity> {
    const c = list.counter;
    const next: BridgeAllowlistEntity = {
      deviceId: c.deviceId,
      version: c.version + 1,
      fullVersion: full ? c.version + 1 : c.fullVersion,
      fullIssuedAt: full ? new Date(now) : c.fullIssuedAt,
    };
    await this.repository.saveAllowlistCounter(next);
    list.counter = next;
    this.counters.set(next.deviceId, next);
    return next;
  }

  private publish(list: BridgeList, channel: 'allowlist' | 'allowlist/delta', payload: string): void {
    const topic = werkbankTopic(this.config.MQTT_PREFIX, list.address, channel);
    this.bus.publish({ topic, payload, qos: 1, retain: true });
  }

  /** A bridge removed or renamed: its retained lists are cleared (an empty retained payload). */
  private async retire(list: BridgeList): Promise<void> {
    if (list.fullTimer) clearTimeout(list.fullTimer);
    this.publish(list, 'allowlist', '');
    this.publish(list, 'allowlist/delta', '');
    this.lists.delete(list.deviceId);
    if (!this.directory.get(list.deviceId)) {
      this.counters.delete(list.deviceId);
      await this.repository.removeAllowlistCounters([list.deviceId]);
    }
  }

  private counterOf(deviceId: string): BridgeAllowlistEntity {
    return this.counters.get(deviceId) ?? { deviceId, version: 0, fullVersion: 0, fullIssuedAt: new Date(0) };
  }

  /** Devices of the own protocol bound to a machine, with the machines behind each. */
  private bridges(): Map<string, { deviceId: string; address: string; machineIds: string[] }> {
    const bridges = new Map<string, { deviceId: string; address: string; machineIds: string[] }>();
    for (const d of this.directory.all()) {
      if (d.entity.protocol !== DeviceProtocol.Werkbank || !d.entity.machineId) continue;
      bridges.set(d.entity.id, {
        deviceId: d.entity.id,
        address: d.entity.address,
        machineIds: [d.entity.machineId],
      });
    }
    return bridges;
  }
}
