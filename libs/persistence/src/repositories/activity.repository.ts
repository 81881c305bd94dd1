import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsOrderValue, FindOptionsWhere, IsNull, MoreThanOrEqual } from 'typeorm';
import { AccessEventEntity, UsageSessionEntity, VisitEntity } from '../entities';

/**
 * The activity the access runtime wrote (access events, sessions, visits): what it reads back at boot, and the
 * lists and exports staff read. Writes go through the activity journal only.
 */
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
    return this.dataSource
      .getRepository(UsageSessionEntity)
      .find({ where: { endedAt: IsNull(), offline: false } });
  }

  /** Newest first by (at, id); `where` may be a list of alternatives (keyset paging). */
  accessEvents(
    where: FindOptionsWhere<AccessEventEntity> | FindOptionsWhere<AccessEventEntity>[],
    take: number,
  ): Promise<AccessEventEntity[]> {
    return this.dataSource
      .getRepository(AccessEventEntity)
      .find({ where, order: { at: 'DESC', id: 'DESC' }, take });
  }

  sessionPage(
    where: FindOptionsWhere<UsageSessionEntity>,
    order: FindOptionsOrderValue,
    skip: number,
    take: number,
  ): Promise<[UsageSessionEntity[], number]> {
    return this.dataSource
      .getRepository(UsageSessionEntity)
      .findAndCount({ where, order: { startedAt: order, id: 'ASC' }, skip, take });
  }

  /** Oldest first, at most `take` (exports). */
  sessions(where: FindOptionsWhere<UsageSessionEntity>, take: number): Promise<UsageSessionEntity[]> {
    return this.dataSource
      .getRepository(UsageSessionEntity)
      .find({ where, order: { startedAt: 'ASC', id: 'ASC' }, take });
  }

  visitPage(
    where: FindOptionsWhere<VisitEntity>,
    order: FindOptionsOrderValue,
    skip: number,
    take: number,
  ): Promise<[VisitEntity[], number]> {
    return this.dataSource
      .getRepository(VisitEntity)
      .findAndCount({ where, order: { at: order, id: 'ASC' }, skip, take });
  }
}
