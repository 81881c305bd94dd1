import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { MachineEntity } from './machine.entity';
import { SiteEntity } from './site.entity';

/** A reader, relay or printer controller, bound to a machine (or to a site entrance for check-ins). */
@Entity('devices')
@Index(['protocol', 'address'], { unique: true })
export class DeviceEntity extends TimestampedEntity {
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  @Index()
  @Column({ type: 'varchar', length: 36, nullable: true })
  machineId!: string | null;

  @ManyToOne(() => MachineEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'machineId' })
  machine?: MachineEntity | null;

  @Column({ type: 'varchar', length: 24 })
  role!: DeviceRole;

  @Column({ type: 'varchar', length: 24 })
  protocol!: DeviceProtocol;

  /** Protocol address: Tasmota topic, Shelly id or RPC prefix, own device id. */
  @Column({ type: 'varchar', length: 120 })
  address!: string;

  @Column({ type: 'simple-json', nullable: true })
  options!: Record<string, string> | null;

  /** MQTT credentials of this device (ACL confines it to its own topics). */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  mqttUsername!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  mqttPasswordHash!: string | null;
}
