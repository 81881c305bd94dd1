import { OmitType, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class CreateQualificationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @IsUUID()
  machineTypeId!: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonths?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  validityMonthsMinors?: number | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  currentContentVersion?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  prerequisiteIds?: string[];
}

/** Everything but the machine type may change later. */
export class UpdateQualificationDto extends PartialType(
  OmitType(CreateQualificationDto, ['machineTypeId'] as const),
) {}
