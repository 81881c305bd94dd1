import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
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

export class VisitQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @Matches(/^[0-9a-f]{32}$/, { message: 'memberKey must be 32 hex characters' })
  memberKey?: string;
}

export class DemoTapDto {
  @IsUUID()
  deviceId!: string;

  @IsString()
  @Matches(/^[0-9A-Fa-f:\- ]{8,40}$/, { message: 'uid must be hexadecimal, e.g. 008EC793' })
  uid!: string;
}
