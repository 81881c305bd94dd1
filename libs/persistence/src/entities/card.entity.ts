import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CardTechnology } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';
import { MemberEntity } from './member.entity';

/** A credential. The UID itself is never stored: only a keyed hash (HMAC) for lookup and a short suffix to show. */
@Entity('cards')
export class CardEntity extends TimestampedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  memberId!: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'memberId' })
  member?: MemberEntity;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  uidHash!: string;

  @Column({ type: 'varchar', length: 8 })
  uidSuffix!: string;

  /**
   * HMAC(bridgeCardKey, UID): what the bridges' offline allowlists carry instead of the server's uidHash (the
   * card key never leaves the server). Null until the server has seen the raw UID since the column existed
   * (enrollment or the next tap), and refreshed when the bridge card key changes.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  offlineHash!: string | null;

  @Column({ type: 'varchar', length: 24 })
  technology!: CardTechnology;

  @Column({ type: 'varchar', length: 100, nullable: true })
  label!: string | null;

  @Column({ type: 'boolean', default: false })
  blocked!: boolean;

  @Column({ type: 'varchar', length: 200, nullable: true })
  blockedReason!: string | null;

  @Column({ type: Date, nullable: true })
  blockedAt!: Date | null;
}
