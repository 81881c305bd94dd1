import { Column, Entity, Index } from 'typeorm';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';

/** An incident or defect reported on a machine (funder metric M18). Resolving it leaves the machine's state alone. */
@Entity('incidents')
@Index(['siteId', 'status'])
export class IncidentEntity extends TimestampedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  machineId!: string;

  /** The machine's site when reported (reports per site keep it if the machine moves or goes). */
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Column({ type: 'varchar', length: 10 })
  severity!: IncidentSeverity;

  @Column({ type: 'varchar', length: 12 })
  kind!: IncidentKind;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 10, default: IncidentStatus.Open })
  status!: IncidentStatus;

  /** Whether the report put the machine out of service (in the same transaction). */
  @Column({ type: 'boolean', default: false })
  putOutOfService!: boolean;

  @Column({ type: 'varchar', length: 36 })
  reportedBy!: string;

  @Column({ type: Date, nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionNote!: string | null;
}
