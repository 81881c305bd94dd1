import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import {
  AuditAction,
  DomainRule,
  ErrorCode,
  StaffRole,
  type VolunteerHours,
  type VolunteerHoursPage,
} from '@werkbank/contracts';
import {
  MembersRepository,
  SitesRepository,
  StaffRepository,
  VolunteerHoursEntity,
  VolunteerHoursRepository,
  VolunteerPerson,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import {
  CreateVolunteerHoursDto,
  UpdateVolunteerHoursDto,
  VolunteerHoursQueryDto,
} from './volunteer-hours.dto';

const MAX_QUARTERS_PER_DAY = 96;

function ownOnly(field: string): DomainError {
  return new DomainError(ErrorCode.Forbidden, 'A trainer logs and changes their own volunteer hours only.', [
    { field, problem: 'not your own hours', rule: DomainRule.OwnEntriesOnly },
  ]);
}

/** Hours → quarter hours, refusing what is not a positive quarter-hour step up to 24. */
export function toQuarterHours(hours: number): number {
  const quarters = hours * 4;
  if (!Number.isInteger(quarters) || quarters < 1 || quarters > MAX_QUARTERS_PER_DAY)
    throw DomainError.invalid(
      'hours',
      'in quarter-hour steps (0.25), more than 0 and at most 24',
      DomainRule.QuarterHours,
    );
  return quarters;
}

/**
 * Volunteer timesheets (M17). Staff and admins log and correct hours for anyone (members or staff accounts);
 * a trainer only for themselves (their staff account), and sees only their own.
 */
@Injectable()
export class VolunteerHoursService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hours: VolunteerHoursRepository,
    private readonly members: MembersRepository,
    private readonly staff: StaffRepository,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(actor: StaffPrincipal, q: VolunteerHoursQueryDto): Promise<VolunteerHoursPage> {
    const filter = { ...q };
    if (actor.role === StaffRole.Trainer) {
      if (q.memberId) throw ownOnly('memberId');
      if (q.staffId && q.staffId !== actor.id) throw ownOnly('staffId');
      filter.staffId = actor.id;
    }
    const { items, total, quarterHours } = await this.hours.findPage(filter);
    return {
      items: await this.views(items),
      total,
      page: q.page,
      pageSize: q.pageSize,
      hours: quarterHours / 4,
    };
  }

  async create(actor: StaffPrincipal, dto: CreateVolunteerHoursDto): Promise<VolunteerHours> {
    if (dto.memberId && dto.staffId)
      throw DomainError.invalid('memberId', 'give memberId or staffId, not both', DomainRule.OneOf, {
        otherField: 'staffId',
      });
    const person: VolunteerPerson = dto.memberId
      ? { memberId: dto.memberId, staffId: null }
      : { memberId: null, staffId: dto.staffId ?? actor.id };
    if (actor.role === StaffRole.Trainer) {
      if (person.memberId) throw ownOnly('memberId');
      if (person.staffId !== actor.id) throw ownOnly('staffId');
    }
    const quarterHours = toQuarterHours(dto.hours);
    const entry = await this.dataSource.transaction(async (em) => {
      if (person.memberId && !(await this.members.findById(person.memberId, em)))
        throw DomainError.invalid('memberId', 'no such member', DomainRule.NotFound);
      if (person.staffId && !(await this.staff.findById(person.staffId, em)))
        throw DomainError.invalid('staffId', 'no such staff account', DomainRule.NotFound);
      await this.assertDay(em, dto.siteId, dto.date, person, quarterHours, null);
      const created = await this.hours.insert(
        {
          ...person,
          siteId: dto.siteId,
          date: dto.date,
          quarterHours,
          activity: dto.activity.trim(),
          recordedBy: actor.id,
        },
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'volunteer_hours', created.id, null, created, em);
      return created;
    });
    return (await this.views([entry]))[0];
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateVolunteerHoursDto): Promise<VolunteerHours> {
    const entry = await this.dataSource.transaction(async (em) => {
      const current = await this.own(actor, id, em);
      const before = { ...current };
      if (dto.hours !== undefined) current.quarterHours = toQuarterHours(dto.hours);
      if (dto.siteId !== undefined) current.siteId = dto.siteId;
      if (dto.date !== undefined) current.date = dto.date;
      if (dto.activity !== undefined) current.activity = dto.activity.trim();
      const person = (
        current.memberId
          ? { memberId: current.memberId, staffId: null }
          : { memberId: null, staffId: current.staffId }
      ) as VolunteerPerson;
      await this.assertDay(em, current.siteId, current.date, person, current.quarterHours, current.id);
      await this.hours.save(current, em);
      await this.audit.record(actor, AuditAction.Update, 'volunteer_hours', id, before, current, em);
      return current;
    });
    return (await this.views([entry]))[0];
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const entry = await this.own(actor, id, em);
      await this.hours.remove(entry, em);
      await this.audit.record(actor, AuditAction.Delete, 'volunteer_hours', id, entry, null, em);
    });
  }

  /** The entry, if the actor may change it: staff and admins any, a trainer their own. */
  private async own(actor: StaffPrincipal, id: string, em: EntityManager): Promise<VolunteerHoursEntity> {
    const entry = await this.hours.findById(id, em);
    if (!entry) throw DomainError.notFound('Volunteer hours', id);
    if (actor.role === StaffRole.Trainer && entry.staffId !== actor.id) throw ownOnly('id');
    return entry;
  }

  /** The site exists, the date is not after its today, and the person's day holds at most 24 hours. */
  private async assertDay(
    em: EntityManager,
    siteId: string,
    date: string,
    person: VolunteerPerson,
    quarterHours: number,
    excludeId: string | null,
  ): Promise<void> {
    const site = await this.sites.findByIdWithHours(siteId, em);
    if (!site) throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    if (date > localDateOf(this.clock.now().getTime(), site.timezone))
      throw DomainError.invalid('date', 'must not be in the future', DomainRule.NotInFuture);
    const already = await this.hours.quarterHoursOn(person, date, excludeId, em);
    if (already + quarterHours > MAX_QUARTERS_PER_DAY)
      throw DomainError.invalid(
        'hours',
        `at most 24 hours per person and day (${already / 4} logged on ${date} already)`,
        DomainRule.HoursPerDay,
        { limit: 24, logged: already / 4 },
      );
  }

  private async views(entries: VolunteerHoursEntity[]): Promise<VolunteerHours[]> {
    const staffIds = [...new Set(entries.flatMap((e) => (e.staffId ? [e.staffId] : [])))];
    const memberIds = [...new Set(entries.flatMap((e) => (e.memberId ? [e.memberId] : [])))];
    const staff = new Map((await this.staff.findByIds(staffIds)).map((s) => [s.id, s.displayName]));
    const members = new Map(
      (memberIds.length ? await this.members.findByIds(memberIds) : []).map((m) => [
        m.id,
        `${m.firstName} ${m.lastName}`,
      ]),
    );
    return entries.map((e) => ({
      id: e.id,
      memberId: e.memberId,
      staffId: e.staffId,
      personName: (e.staffId ? staff.get(e.staffId) : e.memberId ? members.get(e.memberId) : null) ?? null,
      siteId: e.siteId,
      date: e.date,
      hours: e.quarterHours / 4,
      activity: e.activity,
      recordedBy: e.recordedBy,
      createdAt: e.createdAt.toISOString(),
      updatedAt: e.updatedAt.toISOString(),
    }));
  }
}
