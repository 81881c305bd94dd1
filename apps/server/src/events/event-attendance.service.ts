import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import {
  AuditAction,
  DomainRule,
  ErrorCode,
  RegistrationSource,
  RegistrationStatus,
  type AttendanceSheet,
  type Registration,
} from '@werkbank/contracts';
import {
  CardsRepository,
  EventRegistrationEntity,
  EventsRepository,
  SitesRepository,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { canonicalUid, CardHasher } from '../cards/card-hasher';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TrainingsService } from '../trainings/trainings.service';
import { EventRegistrationsService, rowIdentity } from './event-registrations.service';
import { EventRules } from './event-rules';
import { CardAttendanceDto, CreateWalkInDto, QualifyDto, UpdateAttendanceCountsDto } from './events.dto';

/**
 * The door: ticking rows, walk-ins, anonymous counts, cards, and qualifying those who passed. Every write is
 * idempotent (ticking twice counts once; counters take absolute values).
 */
@Injectable()
export class EventAttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventsRepository,
    private readonly cards: CardsRepository,
    private readonly sites: SitesRepository,
    private readonly hasher: CardHasher,
    private readonly registrations: EventRegistrationsService,
    private readonly trainings: TrainingsService,
    private readonly rules: EventRules,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async mark(
    actor: StaffPrincipal,
    eventId: string,
    registrationId: string,
    attended: boolean,
  ): Promise<Registration> {
    const row = await this.dataSource.transaction(async (em) => {
      await this.registrations.lockedEvent(eventId, em);
      const found = await this.events.findRegistration(eventId, registrationId, em);
      if (!found) throw DomainError.notFound('Registration', registrationId);
      if (found.status === RegistrationStatus.Cancelled)
        throw new DomainError(ErrorCode.InvalidState, 'The registration was cancelled.', [
          { field: 'attended', problem: 'the registration was cancelled', rule: DomainRule.EventCancelled },
        ]);
      return this.setAttended(actor, found, attended, em);
    });
    return (await this.registrations.views([row]))[0];
  }

  /** Someone at the door without a registration: a member (their existing row is ticked) or unnamed persons. */
  async walkIn(actor: StaffPrincipal, eventId: string, dto: CreateWalkInDto): Promise<Registration> {
    const who = rowIdentity(dto);
    const row = await this.dataSource.transaction(async (em) => {
      const event = await this.registrations.lockedEvent(eventId, em);
      this.rules.assertNotCancelled(event);
      return this.attendRow(actor, eventId, who, RegistrationSource.WalkIn, em);
    });
    return (await this.registrations.views([row]))[0];
  }

  /**
   * A member's card at the event: their row is ticked, or a card row is added. For the lead's event readers:
   * the access runtime resolves the tap to a member and calls this (actor null: the reader). Idempotent.
   */
  async recordCardAttendance(
    eventId: string,
    memberId: string,
    actor: StaffPrincipal | null = null,
  ): Promise<Registration> {
    const row = await this.dataSource.transaction(async (em) => {
      const event = await this.registrations.lockedEvent(eventId, em);
      this.rules.assertNotCancelled(event);
      return this.attendRow(actor, eventId, { memberId, label: null, count: 1 }, RegistrationSource.Card, em);
    });
    return (await this.registrations.views([row]))[0];
  }

  /** The door's card lookup (a USB reader typing the UID, or the card picked from the member). */
  async markByCard(actor: StaffPrincipal, eventId: string, dto: CardAttendanceDto): Promise<Registration> {
    if ((dto.cardId === undefined) === (dto.cardUid === undefined))
      throw DomainError.invalid('cardId', 'give either cardId or cardUid', DomainRule.ExactlyOne, {
        otherField: 'cardUid',
      });
    const card = dto.cardId
      ? await this.cards.findById(dto.cardId)
      : await this.cards.findByUidHash(this.hasher.hash(canonicalUid(dto.cardUid as string)));
    const field = dto.cardId ? 'cardId' : 'cardUid';
    if (!card) throw DomainError.invalid(field, 'no such card', DomainRule.NotFound);
    if (card.blocked)
      throw new DomainError(ErrorCode.InvalidState, 'The card is blocked.', [
        { field, problem: 'the card is blocked', rule: DomainRule.CardBlocked },
      ]);
    return this.recordCardAttendance(eventId, card.memberId, actor);
  }

  /** Anonymous walk-ins and the headcount, as absolute numbers (the tablet sends what it shows). */
  async setCounts(
    actor: StaffPrincipal,
    eventId: string,
    dto: UpdateAttendanceCountsDto,
  ): Promise<AttendanceSheet> {
    await this.dataSource.transaction(async (em) => {
      const event = await this.registrations.lockedEvent(eventId, em);
      this.rules.assertNotCancelled(event);
      const before = { walkIns: event.walkIns, headcount: event.headcount };
      if (dto.walkIns !== undefined) event.walkIns = dto.walkIns;
      if (dto.headcount !== undefined) event.headcount = dto.headcount;
      if (before.walkIns === event.walkIns && before.headcount === event.headcount) return;
      await this.events.save(event, em);
      await this.audit.record(
        actor,
        AuditAction.Attend,
        'event',
        eventId,
        before,
        {
          walkIns: event.walkIns,
          headcount: event.headcount,
        },
        em,
      );
    });
    return this.registrations.sheet(eventId);
  }

  /**
   * Records the event's qualification for the attendees who passed, through the training records (trainer: the
   * caller; content version: the event's; date: the event's day at the site), in one transaction with the
   * rows' marks and the audit. Then the access runtime learns it, so the next tap is allowed.
   */
  async qualify(actor: StaffPrincipal, eventId: string, dto: QualifyDto): Promise<AttendanceSheet> {
    await this.dataSource.transaction(async (em) => {
      const event = await this.registrations.lockedEvent(eventId, em);
      this.rules.assertNotCancelled(event);
      if (!event.qualificationId)
        throw DomainError.invalid(
          'qualificationId',
          'the event trains no qualification (set qualificationId on the event)',
          DomainRule.NotATrainingEvent,
        );
      const rows = await this.events.findRegistrations(eventId, em);
      const present = new Map(
        rows
          .filter((r) => r.memberId && r.attended && r.status !== RegistrationStatus.Cancelled)
          .map((r) => [r.memberId as string, r]),
      );
      const absent = dto.memberIds.filter((id) => !present.has(id));
      if (absent.length)
        throw DomainError.invalid(
          'memberIds',
          `not recorded as present at the event: ${absent.join(', ')}`,
          DomainRule.NotAttended,
        );
      const site = await this.sites.findByIdWithHours(event.siteId, em);
      const trainedOn = localDateOf(event.startsAt.getTime(), site?.timezone ?? 'Europe/Berlin');
      await this.trainings.recordIn(em, actor, {
        qualificationId: event.qualificationId,
        memberIds: dto.memberIds,
        level: dto.level,
        trainedOn,
        siteId: event.siteId,
        contentVersion: event.contentVersion ?? undefined,
        comment: `Event "${event.title}" (${event.id})`,
      });
      for (const memberId of dto.memberIds) {
        const row = present.get(memberId) as EventRegistrationEntity;
        const before = { ...row };
        row.qualifiedLevel = dto.level;
        await this.events.saveRegistration(row, em);
        await this.audit.record(actor, AuditAction.Grant, 'event_registration', row.id, before, row, em);
      }
    });
    for (const memberId of dto.memberIds) await this.changes.emit('training', { memberId });
    return this.registrations.sheet(eventId);
  }

  private async attendRow(
    actor: StaffPrincipal | null,
    eventId: string,
    who: { memberId: string | null; label: string | null; count: number },
    source: RegistrationSource,
    em: EntityManager,
  ): Promise<EventRegistrationEntity> {
    if (who.memberId) {
      const existing = await this.events.findActiveOfMember(eventId, who.memberId, em);
      if (existing) return this.setAttended(actor, existing, true, em);
      if (!(await this.registrations.memberExists(who.memberId, em)))
        throw DomainError.invalid('memberId', 'no such member', DomainRule.NotFound);
    }
    const row = await this.events.saveRegistration(
      this.events.createRegistration(
        {
          eventId,
          ...who,
          status: RegistrationStatus.Confirmed,
          source,
          position: await this.events.nextPosition(eventId, em),
          attended: true,
          attendedAt: this.clock.now(),
          qualifiedLevel: null,
        },
        em,
      ),
      em,
    );
    await this.audit.record(actor, AuditAction.Attend, 'event_registration', row.id, null, row, em);
    return row;
  }

  private async setAttended(
    actor: StaffPrincipal | null,
    row: EventRegistrationEntity,
    attended: boolean,
    em: EntityManager,
  ): Promise<EventRegistrationEntity> {
    if (row.attended === attended) return row;
    const before = { ...row };
    row.attended = attended;
    row.attendedAt = attended ? this.clock.now() : null;
    await this.events.saveRegistration(row, em);
    await this.audit.record(actor, AuditAction.Attend, 'event_registration', row.id, before, row, em);
    return row;
  }
}
