import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import {
  EventFormat,
  EventStatus,
  PartnerType,
  QualificationLevel,
  RegistrationSource,
  RegistrationStatus,
  SeriesFrequency,
  TargetGroup,
} from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { MemberEntity } from './member.entity';
import { DeploymentEntity, SiteEntity } from './site.entity';
import { StaffAccountEntity } from './staff-account.entity';

/** A partner organisation that co-hosts events (funder-reports.md M16). */
@Entity('partners')
export class PartnerEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 160 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: PartnerType;
}

/** What an event and a series template share. */
abstract class EventFields extends TimestampedEntity {
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 32 })
  format!: EventFormat;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  /** Seats; null = unlimited. Counts persons (a class of 24 takes 24). */
  @Column({ type: 'integer', nullable: true })
  capacity!: number | null;

  @Column({ type: 'simple-json' })
  targetGroups!: TargetGroup[];

  /** Listed in the site's public calendar feed. */
  @Column({ type: 'boolean', default: false })
  public!: boolean;

  /** A training event: attendees who pass get this qualification (POST /api/events/{id}/qualify). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  qualificationId!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  contentVersion!: string | null;

  @Column({ type: 'varchar', length: 16, default: EventStatus.Scheduled })
  status!: EventStatus;
}

/** A recurring event: the rule in the site's wall clock and the template its occurrences start from. */
@Entity('event_series')
export class EventSeriesEntity extends EventFields {
  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  @Column({ type: 'varchar', length: 16 })
  frequency!: SeriesFrequency;

  @Column({ type: 'varchar', length: 10 })
  startDate!: string;

  @Column({ type: 'varchar', length: 5 })
  startTime!: string;

  @Column({ type: 'varchar', length: 5 })
  endTime!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  until!: string | null;

  @Column({ type: 'integer', nullable: true })
  count!: number | null;

  @Column({ type: 'simple-json' })
  partnerIds!: string[];

  @Column({ type: 'simple-json' })
  staffIds!: string[];
}

@Entity('events')
@Index(['siteId', 'startsAt'])
export class EventEntity extends EventFields {
  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  deploymentId!: string | null;

  @ManyToOne(() => DeploymentEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'deploymentId' })
  deployment?: DeploymentEntity;

  @Index()
  @Column({ type: Date })
  startsAt!: Date;

  @Column({ type: Date })
  endsAt!: Date;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  seriesId!: string | null;

  @ManyToOne(() => EventSeriesEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'seriesId' })
  series?: EventSeriesEntity;

  /** The local date the series rule gave this occurrence (its identity in the series). */
  @Column({ type: 'varchar', length: 10, nullable: true })
  seriesDate!: string | null;

  /** Edited on its own: series edits leave it alone (an exception). */
  @Column({ type: 'boolean', default: false })
  detached!: boolean;

  /** RFC 5545 SEQUENCE: raised on every change calendar clients should pick up. */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  /** Anonymous walk-ins counted at the door (+1/−1), beyond the rows. */
  @Column({ type: 'integer', default: 0 })
  walkIns!: number;

  /** An anonymous headcount for open formats; null = not counted. */
  @Column({ type: 'integer', nullable: true })
  headcount!: number | null;
}

@Entity('event_partners')
export class EventPartnerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: EventEntity;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  partnerId!: string;

  @ManyToOne(() => PartnerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'partnerId' })
  partner?: PartnerEntity;
}

/** Staff running an event. */
@Entity('event_staff')
export class EventStaffEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId!: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: EventEntity;

  @Index()
  @PrimaryColumn({ type: 'varchar', length: 36 })
  staffId!: string;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: StaffAccountEntity;
}

/**
 * A registration or an attendance row: a member (memberId) or unnamed participants (label, count). Erasing a
 * member sets memberId null and keeps the row: the event's counts stay.
 */
@Entity('event_registrations')
@Index(['eventId', 'status', 'position'])
export class EventRegistrationEntity extends TimestampedEntity {
  @Column({ type: 'varchar', length: 36 })
  eventId!: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: EventEntity;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'memberId' })
  member?: MemberEntity;

  @Column({ type: 'varchar', length: 120, nullable: true })
  label!: string | null;

  /** Persons on this row (1 for a member). */
  @Column({ type: 'integer', default: 1 })
  count!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: RegistrationStatus;

  @Column({ type: 'varchar', length: 16, default: RegistrationSource.Registration })
  source!: RegistrationSource;

  /** Order of arrival: the waiting list is promoted by it. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'boolean', default: false })
  attended!: boolean;

  @Column({ type: Date, nullable: true })
  attendedAt!: Date | null;

  /** The level granted through this event, once (POST /qualify); null = none. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  qualifiedLevel!: QualificationLevel | null;
}
