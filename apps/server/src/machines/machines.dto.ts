import { PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MachineState } from '@werkbank/contracts';
import { PageQueryDto } from '../common/pagination.dto';

export class CreateMachineTypeDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateMachineTypeDto extends PartialType(CreateMachineTypeDto) {}

class MachineSettingsDto {
  @IsOptional()
  @IsBoolean()
  needsSupervision?: boolean;

  /**
   * An age limit for minors. Adults' birth dates are not stored (data minimisation), so a limit above 18
   * could never be checked and would lock every adult out.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(18)
  minimumAge?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  maxSessionMinutes?: number | null;

  @IsOptional()
  @IsBoolean()
  allowTakeover?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  idlePowerWatts?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  idleMinutes?: number | null;
}

export class CreateMachineDto extends MachineSettingsDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @IsUUID()
  siteId!: string;

  @IsUUID()
  machineTypeId!: string;

  @IsOptional()
  @IsEnum(MachineState)
  state?: MachineState;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  stateReason?: string | null;
}

export class UpdateMachineDto extends PartialType(CreateMachineDto) {}

export class MachineQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsUUID()
  machineTypeId?: string;

  @IsOptional()
  @IsEnum(MachineState)
  state?: MachineState;
}
