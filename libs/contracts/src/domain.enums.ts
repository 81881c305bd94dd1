/** Enumerations of the domain, shared by server, admin UI and bridge. String values are stored in the database. */

export enum StaffRole {
  Admin = 'admin',
  Staff = 'staff',
  Trainer = 'trainer',
}

export enum SiteKind {
  Fixed = 'fixed',
  Mobile = 'mobile',
}

export enum MemberStatus {
  Active = 'active',
  Suspended = 'suspended',
  /** A guest or day pass: valid only inside guestValidFrom..guestValidUntil. */
  Guest = 'guest',
}

/** Self-declared, optional. Bands follow the funder report (ESF+ compatible): <18, 18–29, 30–54, 55–64, 65+. */
export enum AgeBand {
  Under18 = 'under_18',
  From18To29 = '18_29',
  From30To54 = '30_54',
  From55To64 = '55_64',
  From65 = '65_plus',
  NotStated = 'not_stated',
}

export enum Gender {
  Female = 'female',
  Male = 'male',
  Diverse = 'diverse',
  NotStated = 'not_stated',
}

export enum OccupationStatus {
  Pupil = 'pupil',
  Student = 'student',
  Apprentice = 'apprentice',
  Employed = 'employed',
  SelfEmployed = 'self_employed',
  Unemployed = 'unemployed',
  Retired = 'retired',
  Other = 'other',
  NotStated = 'not_stated',
}

export enum CardTechnology {
  Em4100 = 'em4100',
  MifareClassic = 'mifare_classic',
  MifareUltralight = 'mifare_ultralight',
  Ntag = 'ntag',
  Desfire = 'desfire',
  Other = 'other',
}

export enum MachineState {
  Available = 'available',
  OutOfService = 'out_of_service',
  Maintenance = 'maintenance',
}

/** Ordered from least to most: a higher level includes the rights of the lower ones. */
export enum QualificationLevel {
  Supervised = 'supervised',
  Independent = 'independent',
  Trainer = 'trainer',
}

export const QUALIFICATION_LEVEL_RANK: Readonly<Record<QualificationLevel, number>> = {
  [QualificationLevel.Supervised]: 1,
  [QualificationLevel.Independent]: 2,
  [QualificationLevel.Trainer]: 3,
};

export enum TrainingAction {
  Grant = 'grant',
  Revoke = 'revoke',
}

export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
  Block = 'block',
  Unblock = 'unblock',
  Grant = 'grant',
  Revoke = 'revoke',
  Import = 'import',
  Login = 'login',
  ForceOff = 'force_off',
  /** A staff password set anew from the command line (`npm run staff:reset-password`). */
  PasswordReset = 'password_reset',
  /** Staff changed their own password. */
  PasswordChange = 'password_change',
  /** A staff member is on site (entrance tap, or marked present by a colleague): supervision counts. */
  CheckIn = 'check_in',
  /** A staff member left the site. */
  CheckOut = 'check_out',
  /** An event, an occurrence or a registration called off (the row stays, marked cancelled). */
  Cancel = 'cancel',
  /** Attendance at an event recorded (ticked, walk-ins counted, a headcount). */
  Attend = 'attend',
  /** A mobile-lab request accepted (it became a deployment). */
  Accept = 'accept',
  /** A mobile-lab request declined. */
  Decline = 'decline',
  /** Other dates proposed for a mobile-lab request. */
  Propose = 'propose',
  /** Raw records of a person read out (a member's data export, GDPR Art. 15). */
  Export = 'export',
}

export enum BookingStatus {
  /** Holds the machine for its slot (claimed or not yet). */
  Active = 'active',
  Cancelled = 'cancelled',
  /** Not claimed within the grace after its start: the slot was freed for others. */
  NoShow = 'no_show',
  /** A mobile-lab request accepted (it became a deployment). */
  Accept = 'accept',
  /** A mobile-lab request declined. */
  Decline = 'decline',
  /** Other dates proposed for a mobile-lab request. */
  Propose = 'propose',
}

/** Shortest staff password the server accepts (API, first admin) and the UI asks for. */
export const STAFF_PASSWORD_MIN_LENGTH = 10;

/** How bad an incident or defect is (funder metric M18 counts by severity). */
export enum IncidentSeverity {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Critical = 'critical',
}

export enum IncidentKind {
  Defect = 'defect',
  Injury = 'injury',
  NearMiss = 'near_miss',
  Misuse = 'misuse',
  Other = 'other',
}

export enum IncidentStatus {
  Open = 'open',
  Resolved = 'resolved',
}

/** Where a public mobile-lab request stands (docs/mobile-lab.md). */
export enum LabRequestState {
  New = 'new',
  Proposed = 'proposed',
  Accepted = 'accepted',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
}

/** Who asks for the mobile lab. */
export enum InstitutionType {
  School = 'school',
  Library = 'library',
  Municipality = 'municipality',
  Association = 'association',
  Other = 'other',
}

/** Topics a requester can wish for (plus free text). */
export enum LabTopic {
  Printing3d = '3d_printing',
  LaserCutting = 'laser_cutting',
  Electronics = 'electronics',
  Programming = 'programming',
  Robotics = 'robotics',
  DigitalLiteracy = 'digital_literacy',
  Textiles = 'textiles',
  Other = 'other',
}
