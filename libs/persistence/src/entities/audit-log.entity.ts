import { Column, Entity, Index } from 'typeorm';
import { AuditAction } from '@werkbank/contracts';
import { UuidEntity } from './base.entity';

/** Who changed what, when, with the state before and after. Append-only. */
@Entity('audit_log')
@Index(['entityType', 'entityId'])
export class AuditLogEntity extends UuidEntity {
  @Index()
  @Column({ type: Date })
  at!: Date;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 120 })
  actorName!: string;

  @Column({ type: 'varchar', length: 16 })
  action!: AuditAction;

  @Column({ type: 'varchar', length: 40 })
  entityType!: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  entityId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'simple-json', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  correlationId!: string | null;
}
