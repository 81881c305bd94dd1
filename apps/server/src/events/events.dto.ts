import { OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  EventFormat,
  PartnerType,
  QualificationLevel,
  SeriesFrequency,
  TargetGroup,
} from '@werkbank/contracts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const MAX_SEATS = 10_000;

export class CreatePartnerDto {
  @IsString()
  @MinLength(1)
  @MaxLength(160)
  name!: string;

  @IsEnum(PartnerType)
  type!: PartnerType;
}

export class UpdatePartnerDto extends PartialType(CreatePartnerDto) {}

/** What an event and a series template share. */
class EventTemplateDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @IsEnum(EventFormat)
  format!: EventFormat;

  @IsUUID()
  siteId!: string;

  /** Seats (persons); null or absent = unlimited. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  capacity?: number | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  partnerIds?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEnum(TargetGroup, { each: true })
  targetGroups?: TargetGroup[];

  /** Staff accounts running the event. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  staffIds?: string[];

  /** Listed in the site's public calendar feed (no personal data goes there). */
  @IsOptional()
  @IsBoolean()
  public?: boolean;

  /** A training event: the qualification attendees who pass get through POST /qualify. */
  @IsOptional()
  @IsUUID()
  qualificationId?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  contentVersion?: string | null;
}

export class CreateEventDto extends EventTemplateDto {
  /** A mobile lab's deployment of the same site; the event must fall within its dates. */
  @IsOptional()
  @IsUUID()
  deploymentId?: string | null;

  /** An ISO 8601 instant with offset, e.g. 2026-05-04T16:00:00Z. */
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 instant' })
  startsAt!: string;

  @IsISO8601({ strict: true }, { message: 'endsAt must be an ISO 8601 instant' })
  endsAt!: string;
}

/** Editing an occurrence of a series detaches it: later series edits leave it alone. */
export class UpdateEventDto extends PartialType(OmitType(CreateEventDto, ['siteId'] as const)) {}

export class EventQueryDto {
  /** Events that end after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 instant' })
  from?: string;

  /** Events that start before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 instant' })
  to?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;
}

/** A recurring event in the site's wall clock: exactly one of until and count. */
export class CreateSeriesDto extends EventTemplateDto {
  @IsEnum(SeriesFrequency)
  frequency!: SeriesFrequency;

  /** The first occurrence's local date; its weekday (monthly: the nth weekday) is the rule. */
  @IsDateString({ strict: true }, { message: 'startDate must be a date YYYY-MM-DD' })
  startDate!: string;

  @Matches(HHMM, { message: 'startTime must be HH:MM (24 h)' })
  startTime!: string;

  @Matches(HHMM, { message: 'endTime must be HH:MM (24 h)' })
  endTime!: string;

  /** Last local date (inclusive). */
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'until must be a date YYYY-MM-DD' })
  until?: string | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  count?: number | null;
}

/** Changes the template and times of every following occurrence that was not edited on its own. */
export class UpdateSeriesDto extends PartialType(
  OmitType(CreateSeriesDto, ['siteId', 'frequency', 'startDate', 'until', 'count'] as const),
) {}

/** A member, or unnamed participants (a label such as "Klasse 7b" and a count). */
export class CreateRegistrationDto {
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  label?: string;

  /** Persons on an unnamed row (a member's row counts 1). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SEATS)
  count?: number;
}

/** Someone who came without registering: a member, or unnamed persons (use the walkIns counter for +1). */
export class CreateWalkInDto extends CreateRegistrationDto {}

export class MarkAttendanceDto {
  @IsBoolean()
  attended!: boolean;
}

/** Absolute values, so sending the same twice counts once. */
export class UpdateAttendanceCountsDto {
  /** Anonymous walk-ins. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SEATS)
  walkIns?: number;

  /** Anonymous headcount for open formats; null clears it. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  headcount?: number | null;
}

/** A card presented at the door: its id (from the member's cards) or its UID as a reader prints it. */
export class CardAttendanceDto {
  @IsOptional()
  @IsUUID()
  cardId?: string;

  @IsOptional()
  @IsString()
  @MinLength(4)
  @MaxLength(32)
  cardUid?: string;
}

export class QualifyDto {
  /** Attendees who passed. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds!: string[];

  @IsEnum(QualificationLevel)
  level!: QualificationLevel;
}
