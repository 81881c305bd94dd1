import { Injectable } from '@nestjs/common';
import {
  And,
  Between,
  DataSource,
  EntityManager,
  FindOptionsWhere,
  In,
  IsNull,
  LessThan,
  MoreThanOrEqual,
} from 'typeorm';
import { DeploymentEntity, VisitEntity, VisitHeadcountEntity } from '../entities';
import { markReportDays } from './report-cells.repository';

/** Where visits are counted: a site (its deployments included, or only the site itself), or one deployment. */
export interface VisitScope {
  siteId: string;
  /** A deployment id: only its visits; null: only the site's own (no deployment); undefined: all of the site. */
  deploymentId?: string | null;
}

function scopeWhere<T extends { siteId: string; deploymentId: string | null }>(
  scope: VisitScope,
): FindOptionsWhere<T> {
  const where = { siteId: scope.siteId } as FindOptionsWhere<T>;
  if (scope.deploymentId === null) Object.assign(where, { deploymentId: IsNull() });
  else if (scope.deploymentId !== undefined) Object.assign(where, { deploymentId: scope.deploymentId });
  return where;
}

/**
 * Visits staff record (check-ins at the front desk, headcounts) and the reads the daily summary makes.
 * Entrance taps are written by the activity journal; both land in `visits`.
 */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

@Injectable()
export class VisitsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private visits(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(VisitEntity);
  }

  private headcounts(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(VisitHeadcountEntity);
  }

  findDeployment(id: string, em?: EntityManager): Promise<DeploymentEntity | null> {
    return (em ?? this.dataSource.manager).getRepository(DeploymentEntity).findOneBy({ id });
  }

  async insertVisit(fields: Omit<VisitEntity, 'id' | 'assignId'>, em: EntityManager): Promise<VisitEntity> {
    const repo = this.visits(em);
    const visit = await repo.save(repo.create(fields));
    await markReportDays(em, [{ siteId: visit.siteId, utcDay: utcDay(visit.at) }]);
    return visit;
  }

  findVisit(id: string, em?: EntityManager): Promise<VisitEntity | null> {
    return this.visits(em).findOneBy({ id });
  }

  async removeVisit(visit: VisitEntity, em: EntityManager): Promise<void> {
    await this.visits(em).delete({ id: visit.id });
    await markReportDays(em, [{ siteId: visit.siteId, utcDay: utcDay(visit.at) }]);
  }

  async insertHeadcount(
    fields: Pick<VisitHeadcountEntity, 'siteId' | 'deploymentId' | 'day' | 'count' | 'note' | 'recordedBy'>,
    em: EntityManager,
  ): Promise<VisitHeadcountEntity> {
    const repo = this.headcounts(em);
    const headcount = await repo.save(repo.create(fields));
    // The UTC date of the same name overlaps the local day in every zone, so the roll-up rebuilds it.
    await markReportDays(em, [{ siteId: headcount.siteId, utcDay: headcount.day }]);
    return headcount;
  }

  findHeadcount(id: string, em?: EntityManager): Promise<VisitHeadcountEntity | null> {
    return this.headcounts(em).findOneBy({ id });
  }

  async removeHeadcount(headcount: VisitHeadcountEntity, em: EntityManager): Promise<void> {
    await this.headcounts(em).delete({ id: headcount.id });
    await markReportDays(em, [{ siteId: headcount.siteId, utcDay: headcount.day }]);
  }

  /** Check-ins of the scope in [from, to), oldest first, at most `take`. */
  visitsBetween(scope: VisitScope, from: Date, to: Date, take: number): Promise<VisitEntity[]> {
    return this.visits().find({
      where: { ...scopeWhere<VisitEntity>(scope), at: And(MoreThanOrEqual(from), LessThan(to)) },
      order: { at: 'ASC', id: 'ASC' },
      take,
    });
  }

  /** Headcounts of the scope for the local days from … to (inclusive), oldest day first. */
  headcountsBetween(scope: VisitScope, fromDay: string, toDay: string): Promise<VisitHeadcountEntity[]> {
    return this.headcounts().find({
      where: { ...scopeWhere<VisitHeadcountEntity>(scope), day: Between(fromDay, toDay) },
      order: { day: 'ASC', createdAt: 'ASC' },
    });
  }

  /** Each member's first check-in ever in the scope (M3: new members), for the keys asked about. */
  async firstVisitAt(scope: VisitScope, memberKeys: string[]): Promise<Map<string, number>> {
    const firsts = new Map<string, number>();
    for (let i = 0; i < memberKeys.length; i += 500) {
      const chunk = memberKeys.slice(i, i + 500);
      const rows = await this.visits()
        .createQueryBuilder('v')
        .select('v.memberKey', 'memberKey')
        .addSelect('MIN(v.at)', 'first')
        .where({ ...scopeWhere<VisitEntity>(scope), memberKey: In(chunk) })
        .groupBy('v.memberKey')
        .getRawMany<{ memberKey: string; first: string | Date }>();
      for (const row of rows) firsts.set(row.memberKey, toEpoch(row.first));
    }
    return firsts;
  }
}

/** SQLite returns MIN() of a datetime column as text in UTC ('YYYY-MM-DD HH:MM:SS.SSS'); PostgreSQL as a Date. */
function toEpoch(value: string | Date): number {
  if (value instanceof Date) return value.getTime();
  return Date.parse(value.includes('T') ? value : `${value.replace(' ', 'T')}Z`);
}
