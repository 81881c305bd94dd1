import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { StaffRole } from '@werkbank/contracts';

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
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export const ALL_STAFF = [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer];
export const OFFICE = [StaffRole.Admin, StaffRole.Staff];

export const CurrentStaff = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): StaffPrincipal =>
    ctx.switchToHttp().getRequest<{ staff: StaffPrincipal }>().staff,
);
