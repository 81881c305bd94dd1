import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openThroughout, trainingDenialFor } from '@werkbank/access-core';
import { AuditAction, BookingStatus, DenyReason, DomainRule } from '@werkbank/contracts';
import {
  BookingEntity,
  BookingsRepository,
  MachinesRepository,
  MembersRepository,
} from '@werkbank/persistence';
import { AccessState } from '../access/runtime/access-state';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { BookingListQuery, CreateBookingDto } from './bookings.dto';

/** Longest slot one booking may hold (a working day); longer needs would be a machine out of general use. */
const MAX_SLOT_MS = 12 * 3600_000;
/** A booking may start this much in the past (the desk books "from now" a minute late). */
const PAST_SLACK_MS = 5 * 60_000;
/** A calendar read covers at most this much. */
const MAX_RANGE_MS = 62 * 86_400_000;

export type BookingView = Omit<BookingEntity, 'assignId'> & { memberName: string | null };

/**
 * Machine bookings: the rules are checked when booking (slot order, opening hours, the member's training for
 * the whole slot, no overlap under a per-machine lock), and the access runtime honours the booking at the tap
 * (decide(): RESERVED for others, a cap before the next slot, no-shows released after the grace).
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingsRepository,
    private readonly machines: MachinesRepository,
    private readonly members: MembersRepository,
    private readonly state: AccessState,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(query: BookingListQuery): Promise<BookingView[]> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(to > from)) throw DomainError.invalid('to', 'must be after from', DomainRule.SlotOrder);
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw DomainError.invalid('to', 'at most 62 days after from', DomainRule.SlotOrder);
    }
    return this.withNames(
      await this.bookings.list({ from, to, siteId: query.siteId, machineId: query.machineId }),
    );
  }

  /** Bookings as the calendar shows them: with the holder's name (one query for the whole range). */
  async withNames(rows: BookingEntity[]): Promise<BookingView[]> {
    const ids = [...new Set(rows.flatMap((b) => (b.memberId ? [b.memberId] : [])))];
    const names = new Map(
      (ids.length > 0 ? await this.members.findByIds(ids) : []).map((m) => [
        m.id,
        `${m.firstName} ${m.lastName}`,
      ]),
    );
    return rows.map((b) => ({ ...b, memberName: (b.memberId && names.get(b.memberId)) || null }));
  }

  async create(actor: StaffPrincipal, dto: CreateBookingDto): Promise<BookingEntity> {
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const now = this.clock.now().getTime();
    if (!(endsAt > startsAt))
      throw DomainError.invalid('endsAt', 'must be after startsAt', DomainRule.SlotOrder);
    if (startsAt.getTime() < now - PAST_SLACK_MS) {
      throw DomainError.invalid('startsAt', 'lies in the past', DomainRule.NotBefore);
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_SLOT_MS) {
      throw DomainError.invalid('endsAt', 'a booking holds at most 12 hours', DomainRule.SlotOrder);
    }
    const machine = await this.machines.findById(dto.machineId);
    if (!machine) throw DomainError.invalid('machineId', 'no such machine', DomainRule.NotFound);
    if (!(await this.members.findById(dto.memberId))) {
      throw DomainError.invalid('memberId', 'no such member', DomainRule.NotFound);
    }
    this.checkRules(dto.machineId, dto.memberId, startsAt.getTime(), endsAt.getTime());

    const booking = await this.dataSource.transaction(async (em) => {
      await this.bookings.lockMachine(dto.machineId, em);
      const [clash] = await this.bookings.findOverlapping(dto.machineId, startsAt, endsAt, null, em);
      if (clash) {
        throw DomainError.conflict(
          `The machine is booked ${clash.startsAt.toISOString()}–${clash.endsAt.toISOString()} already.`,
          [
            {
              field: 'startsAt',
              problem: 'overlaps another booking',
              rule: DomainRule.BookingOverlap,
              params: {
                booking: clash.id,
                startsAt: clash.startsAt.toISOString(),
                endsAt: clash.endsAt.toISOString(),
              },
            },
          ],
        );
      }
      const saved = await this.bookings.save(
        this.bookings.create(
          {
            machineId: dto.machineId,
            siteId: machine.siteId,
            memberId: dto.memberId,
            startsAt,
            endsAt,
            status: BookingStatus.Active,
            claimedAt: null,
            closedAt: null,
            note: dto.note ?? null,
            createdBy: actor.id,
          },
          em,
        ),
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'booking', saved.id, null, saved, em);
      return saved;
    });
    await this.changes.emit('booking', { id: booking.id });
    return booking;
  }

  async cancel(actor: StaffPrincipal, id: string): Promise<BookingEntity> {
    const booking = await this.dataSource.transaction(async (em) => {
      const found = await this.bookings.findById(id, em);
      if (!found) throw DomainError.notFound('Booking', id);
      if (found.status !== BookingStatus.Active) return found;
      const before = { ...found };
      found.status = BookingStatus.Cancelled;
      found.closedAt = this.clock.now();
      await this.bookings.save(found, em);
      await this.audit.record(actor, AuditAction.Cancel, 'booking', id, before, found, em);
      return found;
    });
    await this.changes.emit('bookingRemoved', { id });
    return booking;
  }

  /** Opening hours and training, from the same in-memory snapshot the tap is decided on. */
  private checkRules(machineId: string, memberId: string, from: number, to: number): void {
    const snapshot = this.state.snapshot;
    const site = snapshot.machines.get(machineId)?.site;
    if (site && !openThroughout(site, from, to)) {
      throw DomainError.invalid(
        'startsAt',
        'the site is closed during part of the slot',
        DomainRule.OpeningHours,
      );
    }
    const reason = trainingDenialFor(snapshot, memberId, machineId, from, to);
    if (reason !== null && reason !== DenyReason.UnknownMachine && reason !== DenyReason.UnknownCard) {
      throw DomainError.invalid(
        'memberId',
        'may not use this machine for the slot',
        DomainRule.NotQualified,
        {
          reason,
        },
      );
    }
  }
}
