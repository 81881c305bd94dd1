import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  ACCESS_EVENTS_DEFAULT_LIMIT,
  ACCESS_EVENTS_MAX_LIMIT,
  ACCESS_OUTCOMES,
  AccessOutcome,
  DenyReason,
} from '@werkbank/contracts';
import { PageQueryDto } from '../common/pagination.dto';

export class ForceOffDto {
  /** Cut power even while a print runs (otherwise the session ends when the print does). */
  @IsOptional()
  @IsBoolean()
  cutUnderPrint?: boolean;
}

export class PresenceDto {
  @IsBoolean()
  present!: boolean;

  /** Whom the change is about; yourself when unset. Only a colleague (staff, admin) marks someone present. */
  @IsOptional()
  @IsUUID()
  staffId?: string;
}

export class SessionQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  machineId?: string;

  @IsOptional()
  @IsDateString({}, { message: 'from must be an ISO date or date-time' })
  from?: string;

  @IsOptional()
  @IsDateString({}, { message: 'to must be an ISO date or date-time' })
  to?: string;

  @IsOptional()
  @Type(() => Boolean)
  @IsBoolean()
  openOnly?: boolean;

  /** One member's records, by pseudonym (the member detail page). */
  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'memberKey must be 32 hex characters' })
  memberKey?: string;
}

/** Filters and paging of `GET /api/access/events` (newest first, keyset paging). */
export class AccessEventQueryDto {
  @ApiPropertyOptional({ description: 'Taps at or after this instant (ISO 8601).', format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'from must be an ISO date or date-time' })
  from?: string;

  @ApiPropertyOptional({
    description: 'Taps before this instant (ISO 8601, exclusive).',
    format: 'date-time',
  })
  @IsOptional()
  @IsDateString({ strict: true }, { message: 'to must be an ISO date or date-time' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  machineId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @ApiPropertyOptional({ enum: ACCESS_OUTCOMES })
  @IsOptional()
  @IsIn(ACCESS_OUTCOMES)
  outcome?: AccessOutcome;

  @ApiPropertyOptional({ enum: DenyReason })
  @IsOptional()
  @IsEnum(DenyReason)
  reason?: DenyReason;

  /** Resolved to the member's pseudonym server-side; staff and admins only (a trainer gets 403). */
  @ApiPropertyOptional({
    format: 'uuid',
    description: "One member's taps (resolved to the pseudonym on the server). Staff and admins only.",
  })
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({
    default: ACCESS_EVENTS_DEFAULT_LIMIT,
    minimum: 1,
    maximum: ACCESS_EVENTS_MAX_LIMIT,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ACCESS_EVENTS_MAX_LIMIT)
  limit: number = ACCESS_EVENTS_DEFAULT_LIMIT;

  @ApiPropertyOptional({ description: "The previous page's nextCursor; omit for the newest page." })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor this list returned' })
  cursor?: string;
}
