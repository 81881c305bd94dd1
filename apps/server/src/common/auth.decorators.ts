import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { ApiErrorResponses } from './openapi';

export interface StaffPrincipal {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  memberId: string | null;
}

export const IS_PUBLIC = 'werkbank:public';
export const ROLES = 'werkbank:roles';

/** The route needs no login (health, login itself). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Roles allowed on a route. Routes without @Roles are admin-only: forgetting it fails closed. */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    // In the OpenAPI document: a bearer token or the session cookie, and the answers without either.
    ApiBearerAuth(),
    ApiCookieAuth(),
    ApiErrorResponses(401, 403),
  );

export const ALL_STAFF = [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer];
export const OFFICE = [StaffRole.Admin, StaffRole.Staff];

export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffPrincipal =>
    ctx.switchToHttp().getRequest<{ staff: StaffPrincipal }>().staff,
);
