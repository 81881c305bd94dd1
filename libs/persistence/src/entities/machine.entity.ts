import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { MachineState } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { SiteEntity } from './site.entity';

@Entity('machine_types')
export class MachineTypeEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}

@Entity('machines')
export class MachineEntity extends TimestampedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  machineTypeId!: string;

  @ManyToOne(() => MachineTypeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'machineTypeId' })
  machineType?: MachineTypeEntity;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 20, default: MachineState.Available })
  state!: MachineState;

  @Column({ type: 'varchar', length: 200, nullable: true })
  stateReason!: string | null;

  @Column({ type: 'boolean', default: false })
  needsSupervision!: boolean;

  @Column({ type: 'integer', nullable: true })
  minimumAge!: number | null;

  @Column({ type: 'integer', nullable: true })
  maxSessionMinutes!: number | null;

  @Column({ type: 'boolean', default: false })
  allowTakeover!: boolean;

  /** Below this draw (W) the machine counts as idle; null disables idle detection. */
  @Column({ type: 'integer', nullable: true })
  idlePowerWatts!: number | null;

  @Column({ type: 'integer', nullable: true })
  idleMinutes!: number | null;
}
