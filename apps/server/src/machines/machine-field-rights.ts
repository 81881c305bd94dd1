import { DomainRule, ErrorCode, StaffRole } from '@werkbank/contracts';
import { DomainError } from '../common/domain-error';

/**
 * What staff may change on a machine: whether it is in service, and why not. Everything else decides who may
 * switch it on (site, machine type and so its qualification, supervision, minimum age, takeover) or when its
 * power goes off (session and idle limits): admins only. One list, read by the route and the docs.
 */
export const STAFF_MACHINE_FIELDS: ReadonlySet<string> = new Set(['state', 'stateReason']);

/** Refuses (403, naming each field) a change a staff member may not make; admins may change everything. */
export function assertMachineFieldRights(role: StaffRole, change: object): void {
  if (role === StaffRole.Admin) return;
  const refused = Object.entries(change)
    .filter(([field, value]) => value !== undefined && !STAFF_MACHINE_FIELDS.has(field))
    .map(([field]) => field);
  if (refused.length === 0) return;
  throw new DomainError(
    ErrorCode.Forbidden,
    `Only an admin changes what a machine requires (${refused.join(', ')}). Staff may set it in or out of service.`,
    refused.map((field) => ({
      field,
      problem: 'only an admin may change this',
      rule: DomainRule.AdminOnlyField,
    })),
  );
}

/** Who may set a machine in or out of service: the front desk and admins (as `PATCH /api/machines/{id}`). */
export const MACHINE_STATE_ROLES: readonly StaffRole[] = [StaffRole.Admin, StaffRole.Staff];

/** Refuses (403) a state change by a role that may not make it, whichever route it comes through. */
export function assertMachineStateRights(role: StaffRole, field: string): void {
  if (MACHINE_STATE_ROLES.includes(role)) return;
  throw new DomainError(ErrorCode.Forbidden, 'Only staff and admins set a machine in or out of service.', [
    { field, problem: 'your role may not change the machine state', rule: DomainRule.MachineStateRights },
  ]);
}
