import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { AgeBand, Gender, MemberStatus, OccupationStatus } from '@werkbank/contracts';
import { MEMBER_SORT_FIELDS, MemberSortField } from '@werkbank/persistence';
import { PageQueryDto } from '../common/pagination.dto';

const DATE = { strict: true } as const;

export class MemberFieldsDto {
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus;

  @IsOptional()
  @IsDateString(DATE, { message: 'guestValidFrom must be a date YYYY-MM-DD' })
  guestValidFrom?: string | null;

  @IsOptional()
  @IsDateString(DATE, { message: 'guestValidUntil must be a date YYYY-MM-DD' })
  guestValidUntil?: string | null;

  @IsOptional()
  @IsUUID()
  homeSiteId?: string | null;

  @IsOptional()
  @IsEnum(AgeBand)
  ageBand?: AgeBand;

  @IsOptional()
  @IsEnum(Gender)
  gender?: Gender;

  @IsOptional()
  @IsEnum(OccupationStatus)
  occupation?: OccupationStatus;

  @IsOptional()
  @Matches(/^\d{8}$/, { message: 'homeMunicipalityKey must be the 8-digit official municipality key (AGS)' })
  homeMunicipalityKey?: string | null;

  @IsOptional()
  @IsBoolean()
  isMinor?: boolean;

  @IsOptional()
  @IsDateString(DATE, { message: 'birthDate must be a date YYYY-MM-DD' })
  birthDate?: string | null;

  @IsOptional()
  @IsDateString(DATE, { message: 'guardianConsentOn must be a date YYYY-MM-DD' })
  guardianConsentOn?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  guardianName?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string | null;
}

export class CreateMemberDto extends MemberFieldsDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName!: string;
}

export class UpdateMemberDto extends MemberFieldsDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;
}

export class MemberQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Prefix of last name, first name or e-mail' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsEnum(MemberStatus)
  status?: MemberStatus;

  @IsOptional()
  @IsUUID()
  homeSiteId?: string;

  @ApiPropertyOptional({ enum: MEMBER_SORT_FIELDS, default: 'lastName' })
  @IsOptional()
  @IsIn(MEMBER_SORT_FIELDS)
  sort: MemberSortField = 'lastName';
}

export class ImportQueryDto {
  @ApiPropertyOptional({ type: 'boolean', default: false })
  @IsOptional()
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  dryRun = false;
}
