/**
 * Who may call each operation of the API at all: the least role, once per operation of the OpenAPI description
 * (`GET /api/docs-json`). `test/route-roles.e2e-spec.ts` calls every operation as every role and fails when an
 * operation is missing here (a new route must be classified) or listed here but gone.
 *
 * - `public`: no login (health, login itself);
 * - `authenticated`: any staff account, about the caller's own account (log out, change password, me);
 * - `trainer`, `staff`, `admin`: that role and the ones above it (trainer < staff < admin).
 *
 * This is the route-level minimum only. Routes that mix rights per field or per record (PATCH machines:
 * staff may set the state only; trainings: trainers only in their own trainer qualifications) are tested in
 * `test/roles.e2e-spec.ts`.
 */
export type MinimumRole = 'public' | 'authenticated' | 'trainer' | 'staff' | 'admin';

export const ROUTE_ROLES = {
  'GET /api/health': 'public',

  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'POST /api/auth/password': 'authenticated',
  'GET /api/auth/me': 'authenticated',

  'GET /api/staff': 'admin',
  'POST /api/staff': 'admin',
  'PATCH /api/staff/{id}': 'admin',
  'GET /api/audit': 'admin',

  'GET /api/reports': 'staff',
  'GET /api/reports/metrics': 'staff',
  'GET /api/reports/export': 'staff',
  // M14's urban/rural classification: staff see what it covers, only admins replace or clear it.
  'GET /api/reports/urban-rural': 'staff',
  'PUT /api/reports/urban-rural': 'admin',
  'DELETE /api/reports/urban-rural': 'admin',

  'GET /api/sites': 'trainer',
  'POST /api/sites': 'admin',
  'GET /api/sites/{id}': 'trainer',
  'PATCH /api/sites/{id}': 'admin',
  'DELETE /api/sites/{id}': 'admin',
  'GET /api/sites/{id}/deployments': 'trainer',
  'POST /api/sites/{id}/deployments': 'staff',
  'GET /api/sites/{id}/presence': 'trainer',
  // Anyone may check themselves out; marking others (or oneself present) is refused in the handler.
  'POST /api/sites/{id}/presence': 'trainer',

  'GET /api/bookings': 'trainer',
  'POST /api/bookings': 'staff',
  'DELETE /api/bookings/{id}': 'staff',

  'POST /api/members/import': 'staff',
  'GET /api/members': 'trainer',
  'POST /api/members': 'staff',
  'GET /api/members/{id}': 'trainer',
  'PATCH /api/members/{id}': 'staff',
  'DELETE /api/members/{id}': 'admin',
  'GET /api/members/{id}/cards': 'staff',
  'POST /api/members/{id}/cards': 'staff',
  'GET /api/members/{id}/qualifications': 'trainer',
  'GET /api/members/{id}/data-export': 'staff',
  'GET /api/privacy/record': 'admin',

  'PATCH /api/cards/{id}': 'staff',
  'DELETE /api/cards/{id}': 'staff',
  'POST /api/cards/{id}/block': 'staff',
  'POST /api/cards/{id}/unblock': 'staff',

  'GET /api/machine-types': 'trainer',
  'POST /api/machine-types': 'admin',
  'PATCH /api/machine-types/{id}': 'admin',
  'DELETE /api/machine-types/{id}': 'admin',
  'GET /api/machines': 'trainer',
  'POST /api/machines': 'admin',
  'GET /api/machines/{id}': 'trainer',
  // Staff set the state only; everything else is admin-only per field (roles.e2e-spec).
  'PATCH /api/machines/{id}': 'staff',
  'DELETE /api/machines/{id}': 'admin',
  'POST /api/machines/{id}/force-off': 'staff',

  'GET /api/qualifications': 'trainer',
  'POST /api/qualifications': 'admin',
  'GET /api/qualifications/{id}': 'trainer',
  'PATCH /api/qualifications/{id}': 'admin',

  // Trainers record and revoke only in qualifications where they hold the trainer level (roles.e2e-spec).
  'GET /api/trainings': 'trainer',
  'POST /api/trainings': 'trainer',
  'POST /api/trainings/revocations': 'trainer',
  'GET /api/trainings/expiring': 'trainer',

  'GET /api/devices': 'staff',
  'POST /api/devices': 'admin',
  'GET /api/devices/mosquitto-config': 'admin',
  'GET /api/devices/{id}': 'staff',
  'PATCH /api/devices/{id}': 'admin',
  'DELETE /api/devices/{id}': 'admin',
  'POST /api/devices/{id}/credentials': 'admin',
  // The bridge card key is in it: admins only (and audited).
  'GET /api/devices/{id}/bridge.yml': 'admin',
  // Whoever sees the device list sees what its families can do.
  'GET /api/device-families': 'staff',

  'GET /api/live/machines': 'trainer',
  'GET /api/visits': 'staff',
  'POST /api/visits': 'staff',
  'DELETE /api/visits/{id}': 'staff',
  'POST /api/visits/headcount': 'staff',
  'DELETE /api/visits/headcount/{id}': 'staff',
  // Counts only, no person: whoever runs an event may see today's count.
  'GET /api/visits/summary': 'trainer',

  'GET /api/incidents': 'staff',
  'GET /api/incidents/{id}': 'staff',
  // Trainers report; putting the machine out of service needs the state right (403 in the handler, incidents e2e).
  'POST /api/incidents': 'trainer',
  'PATCH /api/incidents/{id}': 'staff',

  // Trainers for themselves only (refused per record in the handler, volunteer-hours e2e).
  'GET /api/volunteer-hours': 'trainer',
  'POST /api/volunteer-hours': 'trainer',
  'PATCH /api/volunteer-hours/{id}': 'trainer',
  'DELETE /api/volunteer-hours/{id}': 'trainer',
  'GET /api/sessions': 'staff',
  'GET /api/sessions.csv': 'staff',
  // Pseudonymous for every role; the memberId filter is refused to trainers in the handler.
  'GET /api/access/events': 'trainer',
  'GET /api/access/stats': 'trainer',
  'POST /api/demo/tap': 'staff',

  'GET /api/partners': 'trainer',
  'POST /api/partners': 'staff',
  'PATCH /api/partners/{id}': 'staff',
  'DELETE /api/partners/{id}': 'staff',
  'GET /api/events': 'trainer',
  'POST /api/events': 'staff',
  'GET /api/events/{id}': 'trainer',
  'PATCH /api/events/{id}': 'staff',
  'DELETE /api/events/{id}': 'staff',
  'GET /api/events/{id}/registrations': 'trainer',
  'POST /api/events/{id}/registrations': 'staff',
  'DELETE /api/events/{id}/registrations/{registrationId}': 'staff',
  // The door is run by whoever runs the event, trainers included; trainers qualify in their own trainer
  // qualifications only (TrainingsService).
  'POST /api/events/{id}/registrations/{registrationId}/attendance': 'trainer',
  'GET /api/events/{id}/attendance': 'trainer',
  'PATCH /api/events/{id}/attendance': 'trainer',
  'POST /api/events/{id}/walk-ins': 'trainer',
  'POST /api/events/{id}/attendance/card': 'trainer',
  'POST /api/events/{id}/qualify': 'trainer',
  'POST /api/event-series': 'staff',
  'GET /api/event-series/{id}': 'trainer',
  'PATCH /api/event-series/{id}': 'staff',
  'DELETE /api/event-series/{id}': 'staff',
  'GET /api/public/sites/{id}/calendar.ics': 'public',
  // The mobile lab bookable by other towns (docs/mobile-lab.md): the form and the requester's status page
  // need no login; the status routes are found only by the link's secret token.
  'GET /api/public/mobile-labs': 'public',
  'POST /api/public/lab-requests': 'public',
  'GET /api/public/lab-requests/{token}': 'public',
  'POST /api/public/lab-requests/{token}/withdraw': 'public',
  'POST /api/public/lab-requests/{token}/accept-proposal': 'public',
  // The inbox holds contact data: the front office only.
  'GET /api/lab-requests': 'staff',
  'GET /api/lab-requests/{id}': 'staff',
  'POST /api/lab-requests/{id}/accept': 'staff',
  'POST /api/lab-requests/{id}/decline': 'staff',
  'POST /api/lab-requests/{id}/propose': 'staff',
  'GET /api/public/sites/{id}/spaceapi.json': 'public',
  'GET /api/public/logo.svg': 'public',
} as const satisfies Record<string, MinimumRole>;

export type Operation = keyof typeof ROUTE_ROLES;

/** Operations that end or change the caller's own login: called with a fresh token each, and last. */
export const SESSION_ENDING: ReadonlySet<string> = new Set<Operation>([
  'POST /api/auth/logout',
  'POST /api/auth/password',
]);

export const RANK: Readonly<Record<MinimumRole, number>> = {
  public: 0,
  authenticated: 1,
  trainer: 1,
  staff: 2,
  admin: 3,
};
