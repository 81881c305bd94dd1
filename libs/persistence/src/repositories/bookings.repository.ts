import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, LessThan, MoreThan, Not } from 'typeorm';
import { BookingStatus } from '@werkbank/contracts';
import { BookingEntity, MachineEntity } from '../entities';

export interface BookingFilter {
  from: Date;
  to: Date;
  siteId?: string;
  machineId?: string;
  memberId?: string;
  /** Also cancelled and no-show bookings. */
  includeClosed?: boolean;
}

/** Machine bookings: the calendar's reads, the overlap check under a lock, and the runtime's state changes. */
@Injectable()
export class BookingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private bookings(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(BookingEntity);
  }

  findById(id: string, em?: EntityManager): Promise<BookingEntity | null> {
    return this.bookings(em).findOneBy({ id });
  }

  /** Bookings that touch [from, to), by start. */
  list(filter: BookingFilter): Promise<BookingEntity[]> {
    return this.bookings().find({
      where: {
        startsAt: LessThan(filter.to),
        endsAt: MoreThan(filter.from),
        ...(filter.siteId ? { siteId: filter.siteId } : {}),
        ...(filter.machineId ? { machineId: filter.machineId } : {}),
        ...(filter.memberId ? { memberId: filter.memberId } : {}),
        ...(filter.includeClosed ? {} : { status: BookingStatus.Active }),
      },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: 2000,
    });
  }

  /** Active bookings of the machine that overlap [startsAt, endsAt), except `exceptId` (the one being moved). */
  findOverlapping(
    machineId: string,
    startsAt: Date,
    endsAt: Date,
    exceptId: string | null,
    em: EntityManager,
  ): Promise<BookingEntity[]> {
    return this.bookings(em)
      .createQueryBuilder('b')
      .where('b.machineId = :machineId', { machineId })
      .andWhere('b.status = :active', { active: BookingStatus.Active })
      .andWhere('b.startsAt < :endsAt', { endsAt })
      .andWhere('b.endsAt > :startsAt', { startsAt })
      .andWhere(exceptId === null ? '1 = 1' : 'b.id <> :exceptId', { exceptId })
      .orderBy('b.startsAt', 'ASC')
      .getMany();
  }

  /**
   * Serialises bookings of one machine until the transaction ends, so two overlapping requests cannot both
   * pass the overlap check. PostgreSQL locks the machine's row; SQLite runs one write transaction at a time
   * anyway (serializeSqliteTransactions), so there is nothing to lock.
   */
  async lockMachine(machineId: string, em: EntityManager): Promise<void> {
    if (this.dataSource.options.type === 'sqlite') return;
    await em
      .getRepository(MachineEntity)
      .createQueryBuilder('m')
      .setLock('pessimistic_write')
      .where('m.id = :machineId', { machineId })
      .getOne();
  }

  /** What the access snapshot holds: active bookings that have not ended. */
  findHolding(now: Date): Promise<BookingEntity[]> {
    return this.bookings().find({
      where: { status: BookingStatus.Active, endsAt: MoreThan(now), memberId: Not(IsNull()) },
      order: { startsAt: 'ASC' },
    });
  }

  create(fields: Partial<BookingEntity>, em?: EntityManager): BookingEntity {
    return this.bookings(em).create(fields);
  }

  save(booking: BookingEntity, em?: EntityManager): Promise<BookingEntity> {
    return this.bookings(em).save(booking);
  }

  /** Records the holder's first session in the slot; a later claim keeps the first. */
  async markClaimed(id: string, at: Date): Promise<void> {
    await this.bookings().update({ id, claimedAt: IsNull() }, { claimedAt: at });
  }

  /** Releases unclaimed active bookings as no-shows; returns the ids actually released (idempotent). */
  async releaseNoShows(ids: readonly string[], at: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    return this.dataSource.transaction(async (em) => {
      const open = await this.bookings(em).find({
        select: { id: true },
        where: { id: In([...ids]), status: BookingStatus.Active, claimedAt: IsNull() },
      });
      const released = open.map((b) => b.id);
      if (released.length > 0) {
        await this.bookings(em).update({ id: In(released) }, { status: BookingStatus.NoShow, closedAt: at });
      }
      return released;
    });
  }

  /**
   * Erasure: the member's future bookings are cancelled, and every booking loses the person (the slot and
   * its use stay for the statistics). Returns the ids of the bookings that stopped holding a machine.
   */
  async forgetMember(memberId: string, now: Date, em: EntityManager): Promise<string[]> {
    const holding = await this.bookings(em).find({
      select: { id: true },
      where: { memberId, status: BookingStatus.Active, endsAt: MoreThan(now) },
    });
    const ids = holding.map((b) => b.id);
    if (ids.length > 0) {
      await this.bookings(em).update({ id: In(ids) }, { status: BookingStatus.Cancelled, closedAt: now });
    }
    await this.bookings(em).update({ memberId }, { memberId: null, note: null });
    return ids;
  }
}
