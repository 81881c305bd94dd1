import { Column, Entity, Index } from 'typeorm';
import { BookingStatus } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';

/**
 * A member's reservation of a machine for [startsAt, endsAt). Slots of one machine never overlap among the
 * active ones (the service refuses it under a lock); cancelled and released rows stay for the record.
 */
@Entity('bookings')
@Index(['machineId', 'status', 'startsAt'])
@Index(['siteId', 'startsAt'])
export class BookingEntity extends TimestampedEntity {
  @Column({ type: 'varchar', length: 36 })
  machineId!: string;

  /** The machine's site at booking time, for the calendar and the reports. */
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  /** Null once the member was erased: the slot stays in the record, the person does not. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId!: string | null;

  @Column({ type: Date })
  startsAt!: Date;

  @Column({ type: Date })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 12, default: BookingStatus.Active })
  status!: BookingStatus;

  /** First session of the holder in the slot. */
  @Column({ type: Date, nullable: true })
  claimedAt!: Date | null;

  /** When it was cancelled or released as a no-show. */
  @Column({ type: Date, nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  /** The staff account that booked. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;
}
