import { StaffRole } from '@werkbank/contracts';

/**
 * What each role may do in the UI. The server enforces the same rules on every route; the UI only hides what
 * would be refused, so nobody meets a form they cannot submit.
 */
const CAPABILITIES = {
  'live.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'members.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'members.write': [StaffRole.Admin, StaffRole.Staff],
  /** Contact data, birth date, guardian, notes, demographics and the pseudonym: the server sends trainers none. */
  'members.identity': [StaffRole.Admin, StaffRole.Staff],
  'members.delete': [StaffRole.Admin],
  'members.dataExport': [StaffRole.Admin, StaffRole.Staff],
  'privacy.record': [StaffRole.Admin],
  'members.import': [StaffRole.Admin, StaffRole.Staff],
  'cards.manage': [StaffRole.Admin, StaffRole.Staff],
  'enrollment.use': [StaffRole.Admin, StaffRole.Staff],
  'trainings.record': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'trainings.chooseTrainer': [StaffRole.Admin],
  'qualifications.write': [StaffRole.Admin],
  'machines.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'machines.state': [StaffRole.Admin, StaffRole.Staff],
  'machines.forceOff': [StaffRole.Admin, StaffRole.Staff],
  'machines.admin': [StaffRole.Admin],
  'sites.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'sites.admin': [StaffRole.Admin],
  'sites.presence': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  /** Marking a colleague present or away at the front desk (nobody marks themselves present). */
  'presence.others': [StaffRole.Admin, StaffRole.Staff],
  'devices.view': [StaffRole.Admin, StaffRole.Staff],
  'devices.admin': [StaffRole.Admin],
  'deployments.write': [StaffRole.Admin, StaffRole.Staff],
  'usage.view': [StaffRole.Admin, StaffRole.Staff],
  'audit.view': [StaffRole.Admin],
  'staff.manage': [StaffRole.Admin],
  'names.view': [StaffRole.Admin, StaffRole.Staff],
  /** The front desk: check in members and anonymous visitors, headcounts. */
  'visits.checkIn': [StaffRole.Admin, StaffRole.Staff],
  /** Anyone at a machine reports an incident; putting it out of service is `machines.state`. */
  'incidents.report': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'volunteer.log': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  /** Logging volunteer hours for someone else (trainers log their own). */
  'volunteer.others': [StaffRole.Admin, StaffRole.Staff],
  'events.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  'events.write': [StaffRole.Admin, StaffRole.Staff],
  /** The door: ticking names, walk-ins, headcount (whoever runs the event, trainers included). */
  'events.attendance': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  /** The inbox of mobile-lab requests from other towns (contact data). */
  'labRequests.manage': [StaffRole.Admin, StaffRole.Staff],
  'calendar.view': [StaffRole.Admin, StaffRole.Staff, StaffRole.Trainer],
  /** Machine bookings at the front desk. */
  'bookings.write': [StaffRole.Admin, StaffRole.Staff],
  /** Funder reports (aggregates only, small counts hidden); the server requires staff too. */
  'reports.view': [StaffRole.Admin, StaffRole.Staff],
  /** M14's urban/rural classification (reference data for every report). */
  'reports.classify': [StaffRole.Admin],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Capability = keyof typeof CAPABILITIES;

export function can(role: StaffRole | undefined, capability: Capability): boolean {
  return !!role && (CAPABILITIES[capability] as readonly StaffRole[]).includes(role);
}
