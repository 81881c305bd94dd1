import {
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { STAFF_PASSWORD_MIN_LENGTH, StaffRole } from '@werkbank/contracts';

export class CreateStaffDto {
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username must be 3-64 of a-z 0-9 . _ -' })
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName!: string;

  @IsString()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, {
    message: `password must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(200)
  password!: string;

  @IsEnum(StaffRole)
  role!: StaffRole;

  @IsOptional()
  @IsUUID()
  memberId?: string | null;
}

export class UpdateStaffDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  displayName?: string;

  @IsOptional()
  @IsString()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, {
    message: `password must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(200)
  password?: string;

  @IsOptional()
  @IsEnum(StaffRole)
  role?: StaffRole;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsUUID()
  memberId?: string | null;
}
