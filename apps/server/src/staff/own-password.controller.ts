import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DomainRule, STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';
import type { FastifyRequest } from 'fastify';
import { tokenFromRequest } from '../auth/auth.guard';
import { hashToken } from '../auth/auth.service';
import { LoginLimiter } from '../auth/login-limiter';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { StaffService } from './staff.service';

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

/** One's own password, under /auth beside login and logout; the account rules live in the staff service. */
@ApiTags('auth')
@Controller('auth')
export class OwnPasswordController {
  constructor(
    private readonly staff: StaffService,
    private readonly limiter: LoginLimiter,
  ) {}

  /** Limited like login: it checks a password, so it must not become a way to guess one. */
  @Roles(...ALL_STAFF)
  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: "Change one's own password; ends one's other sessions" })
  async changePassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    const token = tokenFromRequest(req.headers) ?? '';
    this.limiter.assertAllowed(req.ip, staff.username);
    await this.staff
      .changeOwnPassword(staff, hashToken(token), dto.currentPassword, dto.newPassword)
      .catch((error: unknown) => {
        if (
          error instanceof DomainError &&
          error.details?.some((d) => d.rule === DomainRule.CurrentPasswordWrong)
        )
          this.limiter.failed(req.ip, staff.username);
        throw error;
      });
  }
}
