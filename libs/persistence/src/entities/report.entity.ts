import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The daily aggregates of the funder reports (docs/reports.md): day × site × measure × breakdown × category,
 * with no person key. Rebuilt per site and day by the roll-up job from the raw rows; kept after retention
 * deletes those and after a member is erased. `breakdown` and `category` are '' for the measure's total (a
 * primary key column cannot be NULL).
 */
@Entity('report_cells')
@Index(['siteId', 'day'])
export class ReportCellEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  measure!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  breakdown!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'double precision' })
  value!: number;
}

/**
 * A site's UTC date whose raw activity changed since the last roll-up (a visit, a session's end, a deleted
 * check-in). The job rebuilds the local days that UTC date touches and deletes the mark in the same
 * transaction, so a crash leaves it for the next run and nothing is counted twice.
 */
@Entity('report_dirty_days')
export class ReportDirtyDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  utcDay!: string;

  /** New on every marking: the job clears a mark only if nobody marked the day again while it rebuilt. */
  @Column({ type: 'varchar', length: 36 })
  stamp!: string;
}

/**
 * Retention's seal of a site: local days before `sealedBefore` have lost their raw machine sessions, so the
 * roll-up never rebuilds their session cells again (it still rebuilds their visits). Written before the
 * first deletion and only ever moved forward, so a job killed mid-way resumes with the same cells.
 */
@Entity('report_seals')
export class ReportSealEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @Column({ type: 'varchar', length: 10 })
  sealedBefore!: string;
}

/**
 * What erased members' deleted activity contributed to the report cells (same shape, no person key): added
 * when the raw rows go, so a later rebuild of those days from the rows left still adds up to the same
 * figures. Reports read cells plus these.
 */
@Entity('report_residual_cells')
@Index(['siteId', 'day'])
export class ReportResidualCellEntity {
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  measure!: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  breakdown!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  category!: string;

  @Column({ type: 'double precision' })
  value!: number;
}

/**
 * The distinct counts' marks (M2–M4, M13, M14; docs/reports.md): a member seen at a site on a local day, by
 * pseudonymous key, nothing else — no time, no source. Rebuilt by the roll-up with the day's cells, so the raw
 * check-ins can go at retention; an erased member's key is replaced by a random one (the person still counts,
 * but nobody can tell who it was).
 */
@Entity('report_visitor_days')
@Index(['personKey', 'day'])
export class ReportVisitorDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  personKey!: string;

  /** An erased member's day under a random key: the roll-up's rebuild keeps it (there are no rows behind it). */
  @Column({ type: 'boolean', default: false })
  retired!: boolean;
}

/**
 * M11's distinct users per machine type: a member who started a session at a site on a local day, on a type of
 * machine, by pseudonymous key and nothing else. Written by the roll-up with the day's cells (sessions count on
 * the day they started), so it holds once retention has deleted the sessions; erasure retires the key like a
 * visitor day's.
 */
@Entity('report_machine_user_days')
@Index(['personKey', 'day'])
export class ReportMachineUserDayEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  siteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  machineTypeId!: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  personKey!: string;

  @Column({ type: 'boolean', default: false })
  retired!: boolean;
}

/**
 * What an erased member's training records counted in M9 (inductions held, newly qualified, valid at the
 * end): the records' facts without the person — `pairKey` is random per erased member and qualification,
 * so their first grant and latest standing are still told apart. Written by the erasure, read with the
 * training records.
 */
@Entity('report_training_residuals')
export class ReportTrainingResidualEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 36 })
  pairKey!: string;

  @Column({ type: 'varchar', length: 36 })
  qualificationId!: string;

  @Column({ type: 'varchar', length: 10 })
  action!: string;

  @Column({ type: 'varchar', length: 36 })
  trainerId!: string;

  @Index()
  @Column({ type: 'varchar', length: 10 })
  trainedOn!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  expiresOn!: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  siteId!: string | null;

  @Column({ type: Date })
  recordedAt!: Date;
}

/**
 * The lab's urban/rural classification of official keys (M14): a district (5 digits) or a municipality (8),
 * imported by an admin (e.g. from the BBSR's district types). Reference data, no person in it.
 */
@Entity('municipality_classes')
export class MunicipalityClassEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  key!: string;

  @Column({ type: 'varchar', length: 8 })
  urbanRural!: string;
}
