import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { AgeBand, Gender, MemberStatus, OccupationStatus } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { SiteEntity } from './site.entity';

/**
 * Identity of a person. Activity records (sessions, visits, access events) never point here: they carry
 * `memberKey`, a random pseudonym, so erasing the identity leaves only unlinkable aggregates behind.
 */
@Entity('members')
// Composite indexes let SQLite/PostgreSQL walk the default list order (by name, optionally per status)
// instead of sorting every match: a page stays O(page) at 10 000+ members.
@Index(['lastName', 'id'])
@Index(['status', 'lastName', 'id'])
export class MemberEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 32 })
  memberKey!: string;

  @Column({ type: 'varchar', length: 100 })
  firstName!: string;

  @Column({ type: 'varchar', length: 100 })
  lastName!: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  status!: MemberStatus;

  @Column({ type: 'varchar', length: 10, nullable: true })
  guestValidFrom!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  guestValidUntil!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  homeSiteId!: string | null;

  @ManyToOne(() => SiteEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'homeSiteId' })
  homeSite?: SiteEntity | null;

  @Column({ type: 'varchar', length: 16, default: AgeBand.NotStated })
  ageBand!: AgeBand;

  @Column({ type: 'varchar', length: 16, default: Gender.NotStated })
  gender!: Gender;

  @Column({ type: 'varchar', length: 16, default: OccupationStatus.NotStated })
  occupation!: OccupationStatus;

  @Column({ type: 'varchar', length: 8, nullable: true })
  homeMunicipalityKey!: string | null;

  @Column({ type: 'boolean', default: false })
  isMinor!: boolean;

  /** Kept only for minors, to check machine age limits; adults are stored as an age band only. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  birthDate!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  guardianConsentOn!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  guardianName!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;
}
