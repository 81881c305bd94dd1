import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import type { AccessOutcome, DenyReason, SessionEndReason } from '@werkbank/contracts';
import {
  AccessEventEntity,
  BridgeAllowlistEntity,
  CardEntity,
  DeviceUsageMessageEntity,
  UsageSessionEntity,
} from '../entities';
import { markReportDays } from './report-cells.repository';

/** What one evt/usage message does to the database, once (the bridge's device and message ids key it). */
export interface UsageRecord {
  deviceId: string;
  msgId: string;
  seq: number;
  at: Date;
  receivedAt: Date;
  machineId: string | null;
  siteId: string;
  effect:
    | { type: 'session_started'; sessionId: string; memberKey: string }
    | { type: 'session_ended'; sessionId: string; endReason: SessionEndReason }
    | { type: 'access_denied'; memberKey: string | null; cardSuffix: string; reason: DenyReason }
    /**
     * Kept as seen (a replay is recognised) but without effect here: a machine not behind that bridge, or the
     * end of a session the server runs (the runtime ends it and journals the end).
     */
    | { type: 'refused' }
    | { type: 'server_session_ended' };
}

const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The server side of the firmware bridges: offline card hashes, allowlist counters, replayed usage. */
@Injectable()
export class BridgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async offlineHashes(): Promise<{ uidHash: string; offlineHash: string }[]> {
    const rows = await this.dataSource.getRepository(CardEntity).find({
      select: { uidHash: true, offlineHash: true },
      where: { offlineHash: Not(IsNull()) },
    });
    return rows.map((r) => ({ uidHash: r.uidHash, offlineHash: r.offlineHash as string }));
  }

  async offlineHashOfCard(id: string): Promise<{ uidHash: string; offlineHash: string | null } | null> {
    const row = await this.dataSource
      .getRepository(CardEntity)
      .findOne({ select: { uidHash: true, offlineHash: true }, where: { id } });
    return row ? { uidHash: row.uidHash, offlineHash: row.offlineHash } : null;
  }

  /** One transaction for a batch (the taps of a second), so filling in hashes costs one commit. */
  async setOfflineHashes(updates: readonly { uidHash: string; offlineHash: string }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.dataSource.transaction(async (em) => {
      for (const u of updates)
        await em.update(CardEntity, { uidHash: u.uidHash }, { offlineHash: u.offlineHash });
    });
  }

  allowlistCounters(): Promise<BridgeAllowlistEntity[]> {
    return this.dataSource.getRepository(BridgeAllowlistEntity).find();
  }

  async saveAllowlistCounter(row: BridgeAllowlistEntity): Promise<void> {
    await this.dataSource.getRepository(BridgeAllowlistEntity).save(row);
  }

  async removeAllowlistCounters(deviceIds: readonly string[]): Promise<void> {
    if (deviceIds.length > 0)
      await this.dataSource.getRepository(BridgeAllowlistEntity).delete({ deviceId: In([...deviceIds]) });
  }

  /**
   * Stores a usage message and its effect in one transaction, or nothing when its (deviceId, msgId) is stored
   * already: `duplicate` then (a QoS 1 redelivery, a replay after either side restarted).
   */
  storeUsage(record: UsageRecord): Promise<'stored' | 'duplicate'> {
    return this.dataSource.transaction(async (em) => {
      const seen = await em
        .getRepository(DeviceUsageMessageEntity)
        .exists({ where: { deviceId: record.deviceId, msgId: record.msgId } });
      if (seen) return 'duplicate';
      await em.getRepository(DeviceUsageMessageEntity).insert({
        id: randomUUID(),
        deviceId: record.deviceId,
        msgId: record.msgId,
        seq: record.seq,
        type: record.effect.type,
        at: record.at,
        receivedAt: record.receivedAt,
      });
      await applyUsage(em, record);
      return 'stored';
    });
  }
}

async function applyUsage(em: EntityManager, record: UsageRecord): Promise<void> {
  const { effect, machineId, siteId, at } = record;
  switch (effect.type) {
    case 'refused':
    case 'server_session_ended':
      return;
    case 'session_started': {
      if (machineId === null) return;
      // One offline session per bridge session id, whatever the message ids say.
      const known = await em.getRepository(UsageSessionEntity).exists({
        where: { machineId, externalId: effect.sessionId, offline: true },
      });
      if (known) return;
      await em.getRepository(UsageSessionEntity).insert({
        id: randomUUID(),
        machineId,
        siteId,
        memberKey: effect.memberKey,
        startedAt: at,
        endsAt: null,
        endedAt: null,
        endReason: null,
        takeoverOf: null,
        offline: true,
        externalId: effect.sessionId,
      });
      await markReportDays(em, [{ siteId, utcDay: utcDay(at) }]);
      return;
    }
    case 'session_ended': {
      if (machineId === null) return;
      const session = await em.getRepository(UsageSessionEntity).findOne({
        where: { machineId, externalId: effect.sessionId, offline: true },
        select: { id: true, startedAt: true, endedAt: true },
      });
      if (!session || session.endedAt !== null) return;
      // An end before its start (a clock set back while offline) is a session of no length, never negative.
      const endedAt = at < session.startedAt ? session.startedAt : at;
      await em.update(UsageSessionEntity, { id: session.id }, { endedAt, endReason: effect.endReason });
      const marks = [];
      for (let day = utcDay(session.startedAt); day <= utcDay(endedAt); day = nextDay(day))
        marks.push({ siteId, utcDay: day });
      await markReportDays(em, marks);
      return;
    }
    case 'access_denied': {
      await em
        .createQueryBuilder()
        .insert()
        .into(AccessEventEntity)
        .values({
          id: randomUUID(),
          at,
          deviceId: record.deviceId,
          msgId: record.msgId,
          machineId,
          siteId,
          memberKey: effect.memberKey,
          cardSuffix: effect.cardSuffix,
          outcome: 'denied' satisfies AccessOutcome,
          reason: effect.reason,
          sessionId: null,
        })
        .orIgnore()
        .updateEntity(false)
        .execute();
      await markReportDays(em, [{ siteId, utcDay: utcDay(at) }]);
      return;
    }
  }
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
