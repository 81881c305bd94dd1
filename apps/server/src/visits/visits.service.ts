import { Inject, Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, LessThan, MoreThanOrEqual, And } from 'typeorm';
import { AgeBand, AuditAction, DomainRule, ErrorCode, Gender, Page } from '@werkbank/contracts';
import {
  ActivityRepository,
  MembersRepository,
  ReportCellsRepository,
  VisitEntity,
  VisitHeadcountEntity,
  VisitsRepository,
} from '@werkbank/persistence';
import { localDateOf } from '@werkbank/access-core';
import { EntranceTaps } from '../access/runtime/entrance-taps';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { VisitPlaces, todayAt } from './visit-places';
import { CheckInDto, HeadcountDto, VisitListQueryDto } from './visits.dto';

/** Staff check-ins (a member or an anonymous visitor), headcounts, corrections, and the visit list. */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitsRepository,
    private readonly activity: ActivityRepository,
    private readonly members: MembersRepository,
    private readonly places: VisitPlaces,
    private readonly entrance: EntranceTaps,
    private readonly audit: AuditService,
    private readonly reportCells: ReportCellsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A day before the site's retention seal is final in the reports (its raw rows are gone and the roll-up
   * never rebuilds it): a headcount there would count nowhere, so it is refused, naming the first open day.
   */
  private async assertOpen(siteId: string, day: string, field: string): Promise<void> {
    const sealedBefore = (await this.reportCells.seals()).get(siteId);
    if (sealedBefore && day < sealedBefore)
      throw DomainError.invalid(
        field,
        `lies before the retention period; the report for it is final (first open day ${sealedBefore})`,
        DomainRule.OutOfRange,
        { min: sealedBefore },
      );
  }

  async list(q: VisitListQueryDto): Promise<Page<VisitEntity>> {
    const where: FindOptionsWhere<VisitEntity> = {};
    if (q.siteId) where.siteId = q.siteId;
    if (q.deploymentId) where.deploymentId = q.deploymentId;
    if (q.memberKey) where.memberKey = q.memberKey;
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if (from && to) where.at = And(MoreThanOrEqual(from), LessThan(to));
    else if (from) where.at = MoreThanOrEqual(from);
    else if (to) where.at = LessThan(to);
    const [items, total] = await this.activity.visitPage(
      where,
      q.order === 'asc' ? 'ASC' : 'DESC',
      (q.page - 1) * q.pageSize,
      q.pageSize,
    );
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * Every manual check-in is an entry (M1), also a member's second one that day; the member still counts as
   * one person per site and day (M2). The entrance reader then greets the member as already checked in.
   */
  async checkIn(actor: StaffPrincipal, dto: CheckInDto): Promise<VisitEntity> {
    const anonymous = dto.anonymous === true;
    if (anonymous === (dto.memberId !== undefined))
      throw DomainError.invalid('memberId', 'give memberId or anonymous: true', DomainRule.OneOf, {
        otherField: 'anonymous',
      });
    if (!anonymous) {
      for (const field of ['ageBand', 'gender'] as const)
        if (dto[field] !== undefined)
          throw DomainError.invalid(
            field,
            "only anonymous visitors state it here (a member's is on the member)",
            DomainRule.AnonymousOnly,
          );
    }
    const now = this.clock.now();
    const visit = await this.dataSource.transaction(async (em) => {
      const { site, deployment } = await this.places.resolve(dto, todayAt(now), em);
      let memberKey: string | null = null;
      if (dto.memberId) {
        const member = await this.members.findById(dto.memberId, em);
        if (!member) throw DomainError.invalid('memberId', 'no such member', DomainRule.NotFound);
        memberKey = member.memberKey;
      }
      const row = await this.visits.insertVisit(
        {
          siteId: site.id,
          deploymentId: deployment?.id ?? null,
          memberKey,
          at: now,
          source: 'manual',
          ageBand: anonymous ? (dto.ageBand ?? AgeBand.NotStated) : null,
          gender: anonymous ? (dto.gender ?? Gender.NotStated) : null,
        },
        em,
      );
      await this.audit.record(
        actor,
        AuditAction.CheckIn,
        'visit',
        row.id,
        null,
        { ...row, memberId: dto.memberId ?? null },
        em,
      );
      return row;
    });
    if (visit.memberKey !== null && visit.deploymentId === null)
      this.entrance.noteCheckIn(visit.siteId, visit.memberKey, visit.at.getTime());
    return visit;
  }

  /** A mistaken manual check-in; entrance taps stay (they are the access trail, and the reader counted them). */
  async removeVisit(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const visit = await this.visits.findVisit(id, em);
      if (!visit) throw DomainError.notFound('Visit', id);
      if (visit.source !== 'manual')
        throw new DomainError(ErrorCode.Conflict, 'Only a check-in made at the front desk can be deleted.', [
          { field: 'id', problem: 'an entrance tap is not deleted', rule: DomainRule.ManualOnly },
        ]);
      await this.visits.removeVisit(visit, em);
      await this.audit.record(actor, AuditAction.Delete, 'visit', id, visit, null, em);
    });
  }

  async headcount(actor: StaffPrincipal, dto: HeadcountDto): Promise<VisitHeadcountEntity> {
    if (dto.day !== undefined && dto.at !== undefined)
      throw DomainError.invalid('at', 'give day or at, not both', DomainRule.OneOf, { otherField: 'day' });
    const now = this.clock.now();
    if (dto.at !== undefined && Date.parse(dto.at) > now.getTime())
      throw DomainError.invalid('at', 'must not be in the future', DomainRule.NotInFuture);
    return this.dataSource.transaction(async (em) => {
      const { site, deployment, day } = await this.places.resolve(
        dto,
        (s) => dto.day ?? localDateOf(dto.at ? Date.parse(dto.at) : now.getTime(), s.timezone),
        em,
      );
      if (day > localDateOf(now.getTime(), site.timezone))
        throw DomainError.invalid('day', 'must not be in the future', DomainRule.NotInFuture);
      await this.assertOpen(site.id, day, dto.day !== undefined ? 'day' : 'at');
      const row = await this.visits.insertHeadcount(
        {
          siteId: site.id,
          deploymentId: deployment?.id ?? null,
          day,
          count: dto.count,
          note: dto.note?.trim() || null,
          recordedBy: actor.id,
        },
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'visit_headcount', row.id, null, row, em);
      return row;
    });
  }

  async removeHeadcount(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const row = await this.visits.findHeadcount(id, em);
      if (!row) throw DomainError.notFound('Headcount', id);
      await this.assertOpen(row.siteId, row.day, 'id');
      await this.visits.removeHeadcount(row, em);
      await this.audit.record(actor, AuditAction.Delete, 'visit_headcount', id, row, null, em);
    });
  }
}
