import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Type } from 'class-transformer';
import { QualificationLevel } from '@werkbank/contracts';
import { PageQueryDto } from '../common/pagination.dto';

/** One member or a whole group session (same trainer, date and content version). */
export class RecordTrainingDto {
  @IsUUID()
  qualificationId!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberIds!: string[];

  @IsEnum(QualificationLevel)
  level!: QualificationLevel;

  /** The staff account who trained; defaults to the caller. */
  @IsOptional()
  @IsUUID()
  trainerId?: string;

  @IsDateString({ strict: true }, { message: 'trainedOn must be a date YYYY-MM-DD' })
  trainedOn!: string;

  /** The site the training was held at (report M9); defaults to the lab's only site when it has one. */
  @IsOptional()
  @IsUUID()
  siteId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  contentVersion?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}

export class RevokeTrainingDto {
  @IsUUID()
  qualificationId!: string;

  @IsUUID()
  memberId!: string;

  @IsString()
  @MaxLength(2000)
  comment!: string;
}

export class TrainingQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @IsOptional()
  @IsUUID()
  qualificationId?: string;
}

export class ExpiringQueryDto {
  // Explicit: the plugin cannot type a field known by its initializer only.
  @ApiPropertyOptional({ type: 'integer', default: 28, minimum: 1, maximum: 365 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days = 28;
}
