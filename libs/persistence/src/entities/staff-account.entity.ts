import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { StaffRole } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { MemberEntity } from './member.entity';

@Entity('staff_accounts')
export class StaffAccountEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 120 })
  displayName!: string;

  /** argon2id PHC string. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: StaffRole;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The staff member's own member record: their cards report presence, their grants make them a trainer. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId!: string | null;

  @ManyToOne(() => MemberEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'memberId' })
  member?: MemberEntity | null;

  @Column({ type: Date, nullable: true })
  lastLoginAt!: Date | null;
}

/** A login session. The bearer token is never stored, only its SHA-256. */
@Entity('staff_sessions')
export class StaffSessionEntity {
  @Column({ type: 'varchar', length: 64, primary: true })
  tokenHash!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  staffId!: string;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staffId' })
  staff?: StaffAccountEntity;

  @Column({ type: Date })
  createdAt!: Date;

  @Index()
  @Column({ type: Date })
  expiresAt!: Date;
}
