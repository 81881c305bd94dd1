import { Column, Entity, Index, ManyToOne, OneToMany, JoinColumn } from 'typeorm';
import { SiteKind } from '@werkbank/contracts';
import { TimestampedEntity, UuidEntity } from './base.entity';

@Entity('sites')
export class SiteEntity extends TimestampedEntity {
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: SiteKind;

  /** IANA time zone for opening hours; German labs run on Europe/Berlin. */
  @Column({ type: 'varchar', length: 64, default: 'Europe/Berlin' })
  timezone!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address!: string | null;

  /** Official municipality key (Amtlicher Gemeindeschlüssel, 8 digits). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  municipalityKey!: string | null;

  @OneToMany(() => OpeningHoursEntity, (h) => h.site, { cascade: true })
  openingHours!: OpeningHoursEntity[];
}

@Entity('opening_hours')
export class OpeningHoursEntity extends UuidEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @ManyToOne(() => SiteEntity, (s) => s.openingHours, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  /** ISO weekday, Monday = 1 … Sunday = 7. */
  @Column({ type: 'integer' })
  weekday!: number;

  /** Local time 'HH:MM'; closes < opens means the window runs past midnight. */
  @Column({ type: 'varchar', length: 5 })
  opens!: string;

  @Column({ type: 'varchar', length: 5 })
  closes!: string;
}

/** A mobile lab's stop: the van at a place for one or more days. Reported as a site of its own (funder-reports.md M15). */
@Entity('deployments')
export class DeploymentEntity extends TimestampedEntity {
  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @ManyToOne(() => SiteEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'siteId' })
  site?: SiteEntity;

  @Column({ type: 'varchar', length: 10 })
  startsOn!: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn!: string;

  @Column({ type: 'varchar', length: 200 })
  place!: string;

  @Column({ type: 'varchar', length: 8, nullable: true })
  municipalityKey!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  bookingInstitution!: string | null;
}
