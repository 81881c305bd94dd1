import { OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SiteKind } from '@werkbank/contracts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const AGS = /^\d{8}$/;

export class OpeningHoursDto {
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @Matches(HHMM, { message: 'opens must be HH:MM (24 h)' })
  opens!: string;

  @Matches(HHMM, { message: 'closes must be HH:MM (24 h)' })
  closes!: string;
}

export class CreateSiteDto {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @IsEnum(SiteKind)
  kind!: SiteKind;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string | null;

  @IsOptional()
  @Matches(AGS, { message: 'municipalityKey must be the 8-digit official municipality key (AGS)' })
  municipalityKey?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  openingHours?: OpeningHoursDto[];
}

/** The kind of a site is fixed; openingHours, when given, replaces the whole weekly schedule. */
export class UpdateSiteDto extends PartialType(OmitType(CreateSiteDto, ['kind'] as const)) {}

export class CreateDeploymentDto {
  @IsDateString({ strict: true }, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn!: string;

  @IsDateString({ strict: true }, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  place!: string;

  @IsOptional()
  @Matches(AGS, { message: 'municipalityKey must be the 8-digit official municipality key (AGS)' })
  municipalityKey?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  bookingInstitution?: string | null;
}
