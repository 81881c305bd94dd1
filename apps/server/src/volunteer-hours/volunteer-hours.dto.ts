import { OmitType, PartialType } from '@nestjs/swagger';
import {
  IsDateString,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination.dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class CreateVolunteerHoursDto {
  /** A member's hours (staff and admins only). Give memberId or staffId, or neither for your own hours. */
  @IsOptional()
  @IsUUID()
  memberId?: string;

  /** A staff account's hours; a trainer only their own. */
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @IsUUID()
  siteId!: string;

  /** The site's local day (not in the future). */
  @Matches(DAY, { message: 'date must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  /** In quarter-hour steps: more than 0, at most 24 (also summed per person and day). */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(24)
  hours!: number;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  activity!: string;
}

/** The person stays; site, date, hours and activity may change. */
export class UpdateVolunteerHoursDto extends PartialType(
  OmitType(CreateVolunteerHoursDto, ['memberId', 'staffId'] as const),
) {}

export class VolunteerHoursQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  memberId?: string;

  @IsOptional()
  @IsUUID()
  staffId?: string;

  @IsOptional()
  @IsUUID()
  siteId?: string;

  /** First local day (inclusive). */
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  /** Last local day (inclusive). */
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
