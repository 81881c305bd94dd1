import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UuidEntity } from './base.entity';

/**
 * One bridge message (evt/usage) the server has stored, by the bridge's msgId: written in the same transaction
 * as the session or access event it produced, so a redelivery or a replay after a restart finds it and stores
 * nothing twice.
 */
@Entity('device_usage_messages')
@Index(['deviceId', 'msgId'], { unique: true })
export class DeviceUsageMessageEntity extends UuidEntity {
  @Column({ type: 'varchar', length: 36 })
  deviceId!: string;

  @Column({ type: 'varchar', length: 64 })
  msgId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  type!: string;

  /** When it happened at the bridge. */
  @Column({ type: Date })
  at!: Date;

  @Index()
  @Column({ type: Date })
  receivedAt!: Date;
}

/** The allowlist counter of one bridge: every publication (full or delta) takes the next version. */
@Entity('bridge_allowlists')
export class BridgeAllowlistEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  deviceId!: string;

  /** The last version published (full or delta). */
  @Column({ type: 'integer' })
  version!: number;

  /** The version of the last full list (the base of later deltas). */
  @Column({ type: 'integer' })
  fullVersion!: number;

  /** When the last full list was issued: the next one is due a day later at the latest. */
  @Column({ type: Date })
  fullIssuedAt!: Date;
}
