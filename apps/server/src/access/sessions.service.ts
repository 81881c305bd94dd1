import { Injectable } from '@nestjs/common';
import { FindOptionsWhere, IsNull, LessThan, MoreThanOrEqual, And } from 'typeorm';
import { Page } from '@werkbank/contracts';
import { ActivityRepository, UsageSessionEntity } from '@werkbank/persistence';
import { SessionQueryDto } from './access.dto';

const CSV_LIMIT = 100_000;

@Injectable()
export class SessionsService {
  constructor(private readonly activity: ActivityRepository) {}

  private where(q: SessionQueryDto): FindOptionsWhere<UsageSessionEntity> {
    const where: FindOptionsWhere<UsageSessionEntity> = {};
    if (q.siteId) where.siteId = q.siteId;
    if (q.machineId) where.machineId = q.machineId;
    if (q.openOnly) where.endedAt = IsNull();
    if (q.memberKey) where.memberKey = q.memberKey;
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if (from && to) where.startedAt = And(MoreThanOrEqual(from), LessThan(to));
    else if (from) where.startedAt = MoreThanOrEqual(from);
    else if (to) where.startedAt = LessThan(to);
    return where;
  }

  async list(q: SessionQueryDto): Promise<Page<UsageSessionEntity>> {
    const [items, total] = await this.activity.sessionPage(
      this.where(q),
      q.order === 'asc' ? 'ASC' : 'DESC',
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** Pseudonymous export (member key, not name): usage data leaves the system without identities. */
  async csv(q: SessionQueryDto): Promise<string> {
    const rows = await this.activity.sessions(this.where(q), CSV_LIMIT);
    const header = 'sessionId,siteId,machineId,memberKey,startedAt,endedAt,durationMinutes,endReason';
    const lines = rows.map((s) => {
      const minutes = s.endedAt ? ((s.endedAt.getTime() - s.startedAt.getTime()) / 60_000).toFixed(1) : '';
      return [
        s.id,
        s.siteId,
        s.machineId,
        s.memberKey,
        s.startedAt.toISOString(),
        s.endedAt?.toISOString() ?? '',
        minutes,
        s.endReason ?? '',
      ].join(',');
    });
    return `${[header, ...lines].join('\n')}\n`;
  }
}
