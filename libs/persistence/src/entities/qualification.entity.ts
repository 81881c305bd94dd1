import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { QualificationLevel, TrainingAction } from '@werkbank/contracts';
import { TimestampedEntity, UuidEntity } from './base.entity';
import { MachineTypeEntity } from './machine.entity';
import { MemberEntity } from './member.entity';
import { StaffAccountEntity } from './staff-account.entity';

@Entity('qualifications')
export class QualificationEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  machineTypeId!: string;

  @ManyToOne(() => MachineTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'machineTypeId' })
  machineType?: MachineTypeEntity;

  /** Months a training stays valid; null = no expiry. */
  @Column({ type: 'integer', nullable: true })
  validityMonths!: number | null;

  /** Shorter validity for minors (funder-reports.md: commonly 6 months); null = same as adults. */
  @Column({ type: 'integer', nullable: true })
  validityMonthsMinors!: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  currentContentVersion!: string | null;

  @ManyToMany(() => QualificationEntity)
  @JoinTable({
    name: 'qualification_prerequisites',
    joinColumn: { name: 'qualificationId', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'prerequisiteId', referencedColumnName: 'id' },
  })
  prerequisites!: QualificationEntity[];
}

/**
 * One row per grant or revocation. Rows are never updated or deleted by the application: the current
 * standing of a member is the latest row per (member, qualification).
 */
@Entity('training_records')
@Index(['memberId', 'qualificationId', 'recordedAt'])
@Index(['siteId', 'trainedOn'])
export class TrainingRecordEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'memberId' })
  member?: MemberEntity;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  qualificationId!: string;

  @ManyToOne(() => QualificationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'qualificationId' })
  qualification?: QualificationEntity;

  @Column({ type: 'varchar', length: 10 })
  action!: TrainingAction;

  @Column({ type: 'varchar', length: 16 })
  level!: QualificationLevel;

  /** The staff account that trained (or revoked). */
  @Index()
  @Column({ type: 'varchar', length: 36 })
  trainerId!: string;

  @ManyToOne(() => StaffAccountEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'trainerId' })
  trainer?: StaffAccountEntity;

  @Column({ type: 'varchar', length: 10 })
  trainedOn!: string;

  @Index()
  @Column({ type: 'varchar', length: 10, nullable: true })
  expiresOn!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  contentVersion!: string | null;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** Groups the records of one group training session. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  groupId!: string | null;

  /** The site the training was held at (report M9: inductions held there); null when not known. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  siteId!: string | null;

  @Column({ type: 'varchar', length: 36 })
  recordedById!: string;

  @Column({ type: Date })
  recordedAt!: Date;
}
