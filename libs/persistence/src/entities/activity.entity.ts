import { Column, Entity, Index } from 'typeorm';
import { AccessOutcome, DenyReason, SessionEndReason } from '@werkbank/contracts';
import { UuidEntity } from './base.entity';

/** A machine usage session. Refers to the member only by pseudonymous key. */
@Entity('usage_sessions')
@Index(['machineId', 'endedAt'])
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

/** A check-in at a site entrance (funder metric M1). */
@Entity('visits')
export class VisitEntity extends UuidEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Index()
  @Column({ type: 'varchar', length: 32 })
  memberKey!: string;

  @Index()
  @Column({ type: Date })
  at!: Date;

  @Column({ type: 'varchar', length: 20 })
  source!: 'entrance_tap' | 'manual';
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
