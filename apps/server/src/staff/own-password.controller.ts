import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainRule } from '@werkbank/contracts';
import { ChangePasswordDto } from '../auth/auth.dto';
import type { FastifyRequest } from 'fastify';
import { tokenFromRequest } from '../auth/auth.guard';
import { hashToken } from '../auth/auth.service';
import { LoginLimiter } from '../auth/login-limiter';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { ApiErrorResponses } from '../common/openapi';
import { StaffService } from './staff.service';

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
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiErrorResponses(400, 429)
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
