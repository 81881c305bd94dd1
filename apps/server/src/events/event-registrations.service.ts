import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditAction,
  DomainRule,
  RegistrationSource,
  RegistrationStatus,
  type AttendanceSheet,
  type Registration,
} from '@werkbank/contracts';
import {
  EventEntity,
  EventRegistrationEntity,
  EventsRepository,
  MembersRepository,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { EventRules } from './event-rules';
import { CreateRegistrationDto } from './events.dto';

/** Who is in a row: a member (count 1), or a label with a count. 400 naming the field otherwise. */
export function rowIdentity(dto: CreateRegistrationDto): {
  memberId: string | null;
  label: string | null;
  count: number;
} {
  if ((dto.memberId === undefined) === (dto.label === undefined))
    throw DomainError.invalid(
      'memberId',
      'give either memberId or label (with count)',
      DomainRule.ExactlyOne,
      {
        otherField: 'label',
      },
    );
  if (dto.memberId !== undefined) {
    if (dto.count !== undefined && dto.count !== 1)
      throw DomainError.invalid('count', 'a member counts 1', DomainRule.ExactlyOne);
    return { memberId: dto.memberId, label: null, count: 1 };
  }
  return { memberId: null, label: dto.label ?? null, count: dto.count ?? 1 };
}

/** Registrations and the waiting list. */
@Injectable()
export class EventRegistrationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly members: MembersRepository,
    private readonly rules: EventRules,
    private readonly audit: AuditService,
  ) {}

  async sheet(eventId: string): Promise<AttendanceSheet> {
    const event = await this.rules.getEvent(eventId);
    const [view, registrations] = await Promise.all([this.rules.view(event), this.list(eventId)]);
    return { event: view, registrations };
  }

  async list(eventId: string, em?: EntityManager): Promise<Registration[]> {
    const rows = await this.events.findRegistrations(eventId, em);
    return this.views(rows, em);
  }

  async views(rows: EventRegistrationEntity[], em?: EntityManager): Promise<Registration[]> {
    const ids = [...new Set(rows.map((r) => r.memberId).filter((id): id is string => id !== null))];
    const names = new Map(
      (ids.length ? await this.members.findByIds(ids, em) : []).map((m) => [
        m.id,
        `${m.firstName} ${m.lastName}`,
      ]),
    );
    return rows.map((r) => toRegistrationView(r, r.memberId ? (names.get(r.memberId) ?? null) : null));
  }

  /**
   * A member or a group. It gets seats when all of it fits (a class of 24 is never split), otherwise it
   * waits whole.
   */
  async register(actor: StaffPrincipal, eventId: string, dto: CreateRegistrationDto): Promise<Registration> {
    const who = rowIdentity(dto);
    const row = await this.dataSource.transaction(async (em) => {
      const event = await this.lockedEvent(eventId, em);
      this.rules.assertNotCancelled(event);
      if (who.memberId) await this.assertMember(eventId, who.memberId, em);
      const registered = (await this.events.countsOf([eventId], em)).get(eventId)?.registered ?? 0;
      const fits = event.capacity === null || registered + who.count <= event.capacity;
      const created = await this.events.saveRegistration(
        this.events.createRegistration(
          {
            eventId,
            ...who,
            status: fits ? RegistrationStatus.Confirmed : RegistrationStatus.Waitlisted,
            source: RegistrationSource.Registration,
            position: await this.events.nextPosition(eventId, em),
            attended: false,
            attendedAt: null,
            qualifiedLevel: null,
          },
          em,
        ),
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'event_registration', created.id, null, created, em);
      return created;
    });
    return (await this.views([row]))[0];
  }

  /** Withdraws a registration; freed seats go to the waiting list in order. Idempotent. */
  async cancel(actor: StaffPrincipal, eventId: string, registrationId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const event = await this.lockedEvent(eventId, em);
      const row = await this.events.findRegistration(eventId, registrationId, em);
      if (!row) throw DomainError.notFound('Registration', registrationId);
      if (row.status === RegistrationStatus.Cancelled) return;
      const before = { ...row };
      row.status = RegistrationStatus.Cancelled;
      await this.events.saveRegistration(row, em);
      await this.audit.record(actor, AuditAction.Cancel, 'event_registration', row.id, before, row, em);
      await this.promoteWaiting(actor, event, em);
    });
  }

  /**
   * Moves waiting rows up in order of arrival while seats are free. A group that does not fit keeps its place
   * at the head, and smaller rows behind it that do fit move up (no seat stays empty for it).
   */
  async promoteWaiting(actor: StaffPrincipal | null, event: EventEntity, em: EntityManager): Promise<void> {
    const rows = await this.events.findRegistrations(event.id, em);
    let registered = rows
      .filter(
        (r) => r.status === RegistrationStatus.Confirmed && r.source === RegistrationSource.Registration,
      )
      .reduce((sum, r) => sum + r.count, 0);
    for (const row of rows) {
      if (row.status !== RegistrationStatus.Waitlisted) continue;
      if (event.capacity !== null && registered + row.count > event.capacity) continue;
      const before = { ...row };
      row.status = RegistrationStatus.Confirmed;
      registered += row.count;
      await this.events.saveRegistration(row, em);
      await this.audit.record(actor, AuditAction.Update, 'event_registration', row.id, before, row, em);
    }
  }

  async lockedEvent(eventId: string, em: EntityManager): Promise<EventEntity> {
    const event = await this.events.findByIdForUpdate(eventId, em);
    if (!event) throw DomainError.notFound('Event', eventId);
    return event;
  }

  async memberExists(memberId: string, em: EntityManager): Promise<boolean> {
    return (await this.members.findById(memberId, em)) !== null;
  }

  private async assertMember(eventId: string, memberId: string, em: EntityManager): Promise<void> {
    if (!(await this.members.findById(memberId, em)))
      throw DomainError.invalid('memberId', 'no such member', DomainRule.NotFound);
    if (await this.events.findActiveOfMember(eventId, memberId, em))
      throw DomainError.conflict('The member is registered for this event already.', [
        { field: 'memberId', problem: 'already registered', rule: DomainRule.AlreadyRegistered },
      ]);
  }
}

export function toRegistrationView(r: EventRegistrationEntity, memberName: string | null): Registration {
  return {
    id: r.id,
    eventId: r.eventId,
    memberId: r.memberId,
    memberName,
    label: r.label,
    count: r.count,
    status: r.status,
    source: r.source,
    position: r.position,
    attended: r.attended,
    attendedAt: r.attendedAt ? r.attendedAt.toISOString() : null,
    qualifiedLevel: r.qualifiedLevel,
    createdAt: r.createdAt.toISOString(),
  };
}
