import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { AgeBand, Gender } from '@werkbank/contracts';
import { PageQueryDto } from '../common/pagination.dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A check-in at the front desk: at a site or one of its deployments (give one; both must agree), either a
 * member (by id) or an anonymous visitor (optionally with a self-declared age band and gender).
 */
export class CheckInDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  /** A mobile lab's stop; it must belong to the site and cover today. */
  @IsOptional()
  @IsUUID()
  deploymentId?: string;

  @IsOptional()
  @IsUUID()
  memberId?: string;

  /** An anonymous visitor (one person, no name, no key). */
  @IsOptional()
  @IsBoolean()
  @Equals(true, { message: 'anonymous must be true when given' })
  anonymous?: boolean;

  /** Anonymous visitors only; "keine Angabe" when left out. */
  @IsOptional()
  @IsEnum(AgeBand)
  ageBand?: AgeBand;

  /** Anonymous visitors only. */
  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender;
}

/** People counted on one day without names (an open day, the mobile lab at a market square). */
export class HeadcountDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  deploymentId?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  count!: number;

  /** The site's local day the count is for (today when neither day nor at is given; not in the future). */
  @IsOptional()
  @Matches(DAY, { message: 'day must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'day must be a date YYYY-MM-DD' })
  day?: string;

  /** An instant instead of a day: counted on its local day at the site. */
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'at must be an ISO date-time' })
  at?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class VisitListQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  deploymentId?: string;

  /** One member's records, by pseudonym (the member detail page). */
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'memberKey must be 32 hex characters' })
  memberKey?: string;

  @ApiPropertyOptional({ description: 'Visits at or after this instant (ISO 8601).', format: 'date-time' })
  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO date or date-time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Visits before this instant (exclusive).', format: 'date-time' })
  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO date or date-time' })
  to?: string;
}

export class VisitSummaryQueryDto {
  /** The site; with deploymentId only that stop, else the site and all its stops. */
  @IsUUID()
  siteId!: string;

  @IsOptional()
  @IsUUID()
  deploymentId?: string;

  /** First local day (inclusive). */
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  /** Last local day (inclusive); at most 366 days after from. */
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}
