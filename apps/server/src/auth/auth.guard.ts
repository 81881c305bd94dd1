import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ErrorCode, StaffRole } from '@werkbank/contracts';
import { IS_PUBLIC, ROLES, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { AuthService } from './auth.service';

export const SESSION_COOKIE = 'wb_session';

export function tokenFromRequest(headers: { authorization?: string; cookie?: string }): string | null {
  const auth = headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim() || null;
  const cookie = headers.cookie;
  if (!cookie) return null;
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return safeDecode(rest.join('=')) || null;
  }
  return null;
}

/** A cookie value as sent; bad percent-encoding (`%E0%A4%A`) is a wrong token, never an exception. */
function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** Global guard: every route needs a logged-in staff member unless @Public; roles checked server-side. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { staff?: StaffPrincipal }>();
    const token = tokenFromRequest(request.headers);
    const principal = token ? await this.auth.authenticate(token) : null;
    if (!principal) throw new DomainError(ErrorCode.Unauthenticated, 'Log in first (POST /api/auth/login).');
    request.staff = principal;
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets) ?? [
      StaffRole.Admin,
    ];
    if (!roles.includes(principal.role)) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `Your role (${principal.role}) may not do this. Ask an administrator.`,
      );
    }
    return true;
  }
}
