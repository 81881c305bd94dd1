// Response shapes of the REST API as the UI uses them. Enums and shared event types come from libs/contracts.
import type {
  AgeBand,
  CardTechnology,
  DeviceProtocol,
  DeviceRole,
  FieldProblem,
  Gender,
  MachineState,
  MemberStatus,
  OccupationStatus,
  QualificationLevel,
  SessionEndReason,
  SiteKind,
  StaffRole,
} from '@werkbank/contracts';

export type { Page } from '@werkbank/contracts';

export interface Staff {
  id: string;
  username: string;
  displayName: string;
  role: StaffRole;
  memberId: string | null;
}

export interface StaffAccount extends Staff {
  active: boolean;
  lastLoginAt: string | null;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  staff: Staff;
}

export interface MemberListItem {
  id: string;
  memberKey: string;
  firstName: string;
  lastName: string;
  email: string | null;
  status: MemberStatus;
  guestValidFrom: string | null;
  guestValidUntil: string | null;
  homeSiteId: string | null;
  isMinor: boolean;
  createdAt: string;
}

export interface Member extends MemberListItem {
  phone: string | null;
  ageBand: AgeBand;
  gender: Gender;
  occupation: OccupationStatus;
  homeMunicipalityKey: string | null;
  birthDate: string | null;
  guardianConsentOn: string | null;
  guardianName: string | null;
  notes: string | null;
  updatedAt?: string;
}

export type MemberInput = Partial<Omit<Member, 'id' | 'memberKey' | 'createdAt' | 'updatedAt'>>;

export interface Card {
  id: string;
  memberId: string;
  uidSuffix: string;
  technology: CardTechnology;
  label: string | null;
  blocked: boolean;
  blockedReason: string | null;
  blockedAt: string | null;
  createdAt: string;
}

export interface Qualification {
  id: string;
  name: string;
  machineTypeId: string;
  validityMonths: number | null;
  validityMonthsMinors: number | null;
  currentContentVersion: string | null;
  prerequisiteIds: string[];
}

export interface Standing {
  qualificationId: string;
  qualificationName: string;
  level: QualificationLevel;
  trainedOn: string;
  expiresOn: string | null;
  contentVersion: string | null;
  trainerId: string;
  /** Assumed extension (see report): the trainer's display name, so non-admins can print proofs. */
  trainerName?: string | null;
  status: 'valid' | 'expiring' | 'expired';
}

export interface TrainingRecord {
  id: string;
  memberId: string;
  qualificationId: string;
  action: 'grant' | 'revoke';
  level: QualificationLevel;
  trainerId: string;
  trainedOn: string;
  expiresOn: string | null;
  contentVersion: string | null;
  comment: string | null;
  groupId: string | null;
  recordedAt: string;
}

export interface ExpiringItem {
  memberId: string;
  firstName: string;
  lastName: string;
  qualificationId: string;
  qualificationName: string;
  expiresOn: string;
}

export interface MachineType {
  id: string;
  name: string;
  description: string | null;
}

export interface Machine {
  id: string;
  name: string;
  siteId: string;
  machineTypeId: string;
  state: MachineState;
  stateReason: string | null;
  needsSupervision: boolean;
  minimumAge: number | null;
  maxSessionMinutes: number | null;
  allowTakeover: boolean;
  idlePowerWatts: number | null;
  idleMinutes: number | null;
}

export interface OpeningHours {
  weekday: number;
  opens: string;
  closes: string;
}

export interface Site {
  id: string;
  name: string;
  kind: SiteKind;
  timezone: string;
  address: string | null;
  municipalityKey: string | null;
  openingHours: OpeningHours[];
}

export interface Deployment {
  id: string;
  siteId: string;
  startsOn: string;
  endsOn: string;
  place: string;
  municipalityKey: string | null;
  bookingInstitution: string | null;
}

export interface Device {
  id: string;
  name: string;
  siteId: string;
  /** null for entrance readers (bound to the site only). */
  machineId: string | null;
  role: DeviceRole;
  protocol: DeviceProtocol;
  /** Tasmota topic, Shelly id / topic prefix, ESPHome topic prefix or own device id. */
  address: string;
  /** `simulated: 'true'` marks the demo simulator's devices. */
  options?: Record<string, string> | null;
  mqttUsername: string;
  online: boolean;
  /** Topics the device may use on the broker. */
  topicRights: { publish: string[]; subscribe: string[] };
  /** How often a new login replaced the device's broker session (embedded broker). */
  takeovers: number;
}

/** POST /api/devices: the device and its MQTT password, shown once (the server keeps only a hash). */
export interface DeviceCreated {
  device: Device;
  mqttPassword: string;
}

export type DeviceInput = Pick<Device, 'name' | 'siteId' | 'machineId' | 'role' | 'protocol' | 'address'> & {
  mqttUsername?: string;
};

/** Assumed shape of GET /api/sites/:id/presence (see report). */
export interface PresenceEntry {
  staffId: string;
  displayName: string;
  arrivedAt: string;
}

export interface UsageSession {
  id: string;
  machineId: string;
  siteId: string;
  memberKey: string;
  memberName?: string | null;
  startedAt: string;
  endedAt: string | null;
  endReason: SessionEndReason | null;
}

export interface AuditEntry {
  id?: string;
  at: string;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  valid: number;
  imported: number;
  errors: FieldProblem[];
}
