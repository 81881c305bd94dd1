import { Column, Entity, Index } from 'typeorm';
import { InstitutionType, LabRequestState, LabTopic } from '@werkbank/contracts';
import { TimestampedEntity } from './base.entity';

export interface DateRangeValue {
  startsOn: string;
  endsOn: string;
}

/**
 * A town's (school's, library's …) request for the mobile lab, sent through the public form. The requester
 * reads it through a status link whose token is stored only as its SHA-256 (statusTokenHash); the client's
 * address is never stored (the rate limit lives in memory).
 */
@Entity('lab_requests')
export class LabRequestEntity extends TimestampedEntity {
  /** The mobile lab (site of kind mobile) asked for. Not a foreign key: a deleted site keeps its requests. */
  @Index()
  @Column({ type: 'varchar', length: 36 })
  siteId!: string;

  @Index()
  @Column({ type: 'varchar', length: 16 })
  state!: LabRequestState;

  @Column({ type: 'varchar', length: 200 })
  institution!: string;

  @Column({ type: 'varchar', length: 16 })
  institutionType!: InstitutionType;

  @Column({ type: 'varchar', length: 120 })
  contactName!: string;

  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phone!: string | null;

  @Column({ type: 'simple-json' })
  wishedDates!: DateRangeValue[];

  @Column({ type: 'varchar', length: 200 })
  place!: string;

  @Column({ type: 'varchar', length: 8 })
  municipalityKey!: string;

  @Column({ type: 'integer' })
  participants!: number;

  @Column({ type: 'simple-json' })
  topics!: LabTopic[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  topicsText!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** The form's language, for mails to the requester ('de' | 'en'). */
  @Column({ type: 'varchar', length: 2, default: 'de' })
  language!: string;

  /** When the requester consented to the processing of the data (the form's required checkbox). */
  @Column({ type: 'varchar', length: 30 })
  consentAt!: string;

  /** SHA-256 (hex) of the status link's token; the token itself is shown once and never stored. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  statusTokenHash!: string;

  /** SHA-256 of the lower-cased e-mail and the wished dates: a repeat within the hour is the same request. */
  @Index()
  @Column({ type: 'varchar', length: 64 })
  dedupeKey!: string;

  @Column({ type: 'simple-json' })
  proposedDates!: DateRangeValue[];

  @Column({ type: 'text', nullable: true })
  staffMessage!: string | null;

  /** The deployment an accepted request became. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  deploymentId!: string | null;
}
