import { Column, Entity, Index } from 'typeorm';
import { TimestampedEntity } from './base.entity';

/**
 * Volunteer time (funder metric M17), for a member or a staff account. Both null: the member was erased (the
 * hours still count, the person is gone).
 */
@Entity('volunteer_hours')
@Index(['siteId', 'date'])
export class VolunteerHoursEntity extends TimestampedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  staffId!: string | null;

  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  /** The site's local day ('YYYY-MM-DD'). */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  /** Quarter hours (1 … 96): exact, no floating point in sums. */
  @Column({ type: 'integer' })
  quarterHours!: number;

  @Column({ type: 'varchar', length: 500 })
  activity!: string;

  @Column({ type: 'varchar', length: 36 })
  recordedBy!: string;
}
