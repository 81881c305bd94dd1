import { IsString, MaxLength, MinLength } from 'class-validator';
import { STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @IsString()
  @MinLength(STAFF_PASSWORD_MIN_LENGTH, {
    message: `password must be at least ${STAFF_PASSWORD_MIN_LENGTH} characters`,
  })
  @MaxLength(200)
  newPassword!: string;
}

export class LoginDto {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
