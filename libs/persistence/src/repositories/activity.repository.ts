import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, MoreThanOrEqual } from 'typeorm';
import { AccessEventEntity, UsageSessionEntity, VisitEntity } from '../entities';

/** What the access runtime reads back of its own activity at boot (writes go through the journal). */
@Injectable()
export class ActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Own-protocol taps (device and message id) decided since `since`, oldest first. */
  async tapIdsSince(since: Date): Promise<{ deviceId: string; msgId: string; at: Date }[]> {
    const rows = await this.dataSource
      .getRepository(AccessEventEntity)
      .createQueryBuilder('e')
      .select(['e.deviceId', 'e.msgId', 'e.at'])
      .where('e.at >= :since AND e.msgId IS NOT NULL', { since })
      .orderBy('e.at', 'ASC')
      .getMany();
    return rows.map((r) => ({ deviceId: r.deviceId, msgId: r.msgId as string, at: r.at }));
  }

  visitsSince(since: Date): Promise<VisitEntity[]> {
    return this.dataSource
      .getRepository(VisitEntity)
      .find({ where: { at: MoreThanOrEqual(since) }, order: { at: 'ASC' } });
  }

  openSessions(): Promise<UsageSessionEntity[]> {
    return this.dataSource.getRepository(UsageSessionEntity).find({ where: { endedAt: IsNull() } });
  }
}
