import { Column, Entity, Index } from 'typeorm';
import { AccessOutcome, AgeBand, DenyReason, Gender, SessionEndReason } from '@werkbank/contracts';
import { TimestampedEntity, UuidEntity } from './base.entity';

/** A machine usage session. Refers to the member only by pseudonymous key. */
@Entity('usage_sessions')
@Index(['machineId', 'endedAt'])
@Index(['machineId', 'externalId'])
export class UsageSessionEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  machineId!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  memberKey!: string;

  @Index()
  @Column({ type: Date })
  startedAt!: Date;

  /** Latest end the decision allowed (max duration / closing time). */
  @Column({ type: Date, nullable: true })
  endsAt!: Date | null;

  @Column({ type: Date, nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  endReason!: SessionEndReason | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  takeoverOf!: string | null;

  /** Decided by a bridge from its signed allowlist while the server was unreachable (replayed evt/usage). */
  @Column({ type: 'boolean', default: false })
  offline!: boolean;

  /** The bridge's own session id of an offline session (its session_ended names it). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  externalId!: string | null;
}

/** Every tap and its decision: the access audit trail (not a log line). */
@Entity('access_events')
@Index(['deviceId', 'msgId'], { unique: true })
// One member's taps, newest first (GET /api/access/events?memberId=…) and the re-keying at erasure.
@Index(['memberKey', 'at'])
export class AccessEventEntity extends UuidEntity {
  @Index()
  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'varchar', length: 36 })
  deviceId!: string;

  /** Device-assigned id for idempotency (own protocol / bridge replay); null for vendor devices. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  msgId!: string | null;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  machineId!: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  siteId!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  memberKey!: string | null;

  @Column({ type: 'varchar', length: 8 })
  cardSuffix!: string;

  @Column({ type: 'varchar', length: 10 })
  outcome!: AccessOutcome;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason!: DenyReason | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  sessionId!: string | null;
}

/**
 * A check-in at a site or one of its deployments (funder metrics M1–M3; counting rule in
 * libs/access-core/src/visit-count.ts). Entrance taps come through the activity journal; staff check-ins
 * (a member, or an anonymous visitor) through the visits service.
 */
@Entity('visits')
// A site's check-ins in a time range (roll-up, reports), and a member's first check-in (M3), from the index alone.
@Index(['siteId', 'at'])
@Index(['memberKey', 'at'])
export class VisitEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  /** A mobile lab's stop the visit belongs to; null at the site itself. */
  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  deploymentId!: string | null;

  /** The member's pseudonymous key; null for an anonymous visitor (who counts as one person). */
  @Column({ type: 'varchar', length: 32, nullable: true })
  memberKey!: string | null;

  @Index()
  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'varchar', length: 20 })
  source!: 'entrance_tap' | 'manual';

  /** Self-declared by an anonymous visitor (optional); members' demographics stay on the member. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  ageBand!: AgeBand | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  gender!: Gender | null;
}

/** People counted without names: an open day, the mobile lab at a market square (counts as entries and persons). */
@Entity('visit_headcounts')
@Index(['siteId', 'day'])
export class VisitHeadcountEntity extends TimestampedEntity {
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  deploymentId!: string | null;

  /** The site's local day the count is for. */
  @Column({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'integer' })
  count!: number;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 36 })
  recordedBy!: string;
}

/** Staff on site (supervision, funder metric M5). Open while leftAt is null. */
@Entity('staff_presence')
@Index(['siteId', 'leftAt'])
export class StaffPresenceEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  staffId!: string;

  @Column({ type: Date })
  arrivedAt!: Date;

  @Column({ type: Date, nullable: true })
  leftAt!: Date | null;
}
