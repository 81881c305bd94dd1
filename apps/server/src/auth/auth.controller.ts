import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, type LoginResult, type Staff } from '@werkbank/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ALL_STAFF, CurrentStaff, Public, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { arrivedOverTls } from '../common/http-edge';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { LoginLimiter } from './login-limiter';
import { AuthService } from './auth.service';
import { SESSION_COOKIE, tokenFromRequest } from './auth.guard';
import { LoginDto } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginLimiter,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; returns a bearer token and sets an HttpOnly session cookie' })
  @ApiContractResponse(200, 'LoginResult')
  @ApiErrorResponses(400, 401, 429)
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResult> {
    this.limiter.assertAllowed(req.ip, dto.username);
    const result = await this.auth.login(dto.username, dto.password).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidCredentials)
        this.limiter.failed(req.ip, dto.username);
      throw error;
    });
    this.limiter.succeeded(dto.username);
    res.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: arrivedOverTls(req),
      expires: result.expiresAt,
      path: '/',
    });
    return { token: result.token, expiresAt: result.expiresAt.toISOString(), staff: result.staff };
  }

  @Roles(...ALL_STAFF)
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Logged out; the session cookie is cleared' })
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<void> {
    const token = tokenFromRequest(req.headers);
    if (token) await this.auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Roles(...ALL_STAFF)
  @Get('me')
  @ApiContractResponse(200, 'Staff')
  me(@CurrentStaff() staff: StaffPrincipal): Staff {
    return staff;
  }
}
