import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IncidentKind, IncidentSeverity, IncidentStatus } from '@werkbank/contracts';
import { PageQueryDto } from '../common/pagination.dto';

export class CreateIncidentDto {
  @IsUUID()
  machineId!: string;

  @IsEnum(IncidentSeverity)
  severity!: IncidentSeverity;

  @IsEnum(IncidentKind)
  kind!: IncidentKind;

  /** What happened; no names of visitors unless needed (an injury report may need them). */
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  text!: string;

  /** Put the machine out of service in the same step (staff and admins only): the next tap is denied. */
  @IsOptional()
  @IsBoolean()
  putOutOfService?: boolean;
}

/** Resolve (with a note saying how) or reopen. Resolving does not return the machine to service. */
export class UpdateIncidentDto {
  @IsOptional()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  resolutionNote?: string;

  @IsOptional()
  @IsEnum(IncidentSeverity)
  severity?: IncidentSeverity;
}

export class IncidentQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  machineId?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsEnum(IncidentStatus)
  status?: IncidentStatus;
}
