import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { InstitutionType, LabRequestState, LabTopic } from '@werkbank/contracts';

const AGS = /^\d{8}$/;

export class DateRangeDto {
  @IsDateString({ strict: true }, { message: 'startsOn must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn!: string;

  @IsDateString({ strict: true }, { message: 'endsOn must be a date YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn!: string;
}

/** The public form. Every text has a limit; the whole body is capped at 16 KB (public-lab-requests.controller). */
export class CreateLabRequestDto {
  @IsString()
  formToken!: string;

  /** Honeypot: hidden from people; a bot that fills it gets an accepted-looking answer and nothing is stored. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  website?: string;

  @IsUUID()
  siteId!: string;

  @IsString()
  @MinLength(2)
  @MaxLength(200)
  institution!: string;

  @IsEnum(InstitutionType)
  institutionType!: InstitutionType;

  @IsString()
  @MinLength(2)
  @MaxLength(120)
  contactName!: string;

  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @IsOptional()
  @Matches(/^\+?[0-9 ()/-]{5,40}$/, { message: 'phone must be a phone number (digits, spaces, + ( ) / -)' })
  phone?: string | null;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => DateRangeDto)
  wishedDates!: DateRangeDto[];

  @IsString()
  @MinLength(3)
  @MaxLength(200)
  place!: string;

  @Matches(AGS, { message: 'municipalityKey must be the 8-digit official municipality key (AGS)' })
  municipalityKey!: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  participants!: number;

  @IsArray()
  @ArrayMaxSize(8)
  @IsEnum(LabTopic, { each: true })
  topics!: LabTopic[];

  @IsOptional()
  @IsString()
  @MaxLength(500)
  topicsText?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  message?: string | null;

  @Equals(true, { message: 'consent must be given to process the request' })
  consent!: boolean;

  @IsOptional()
  @IsIn(['de', 'en'])
  language?: 'de' | 'en';
}

export class LabRequestListQuery {
  @ApiPropertyOptional({ enum: LabRequestState })
  @IsOptional()
  @IsEnum(LabRequestState)
  state?: LabRequestState;
}

export class AcceptLabRequestDto {
  @IsDateString({ strict: true }, { message: 'startsOn must be a date YYYY-MM-DD' })
  startsOn!: string;

  @IsDateString({ strict: true }, { message: 'endsOn must be a date YYYY-MM-DD' })
  endsOn!: string;

  /** Default: the place the requester named. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  place?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

export class DeclineLabRequestDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message!: string;
}

export class ProposeLabRequestDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => DateRangeDto)
  dates!: DateRangeDto[];

  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  message!: string;
}

/** The requester takes one of the proposed date ranges (by its position in proposedDates). */
export class AcceptProposalDto {
  @IsInt()
  @Min(0)
  @Max(4)
  index!: number;
}
