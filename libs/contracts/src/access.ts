/**
 * Why a tap was denied. One reason per decision, shared by the access core, the REST API, the live gateway,
 * the admin UI and the reader display (which shows DENY_REASON_TEXT in the site's language).
 */
export enum DenyReason {
  UnknownCard = 'UNKNOWN_CARD',
  CardBlocked = 'CARD_BLOCKED',
  MemberSuspended = 'MEMBER_SUSPENDED',
  GuestPassExpired = 'GUEST_PASS_EXPIRED',
  NotTrained = 'NOT_TRAINED',
  TrainingExpired = 'TRAINING_EXPIRED',
  /** The member holds only the supervised level and no supervisor is present. */
  LevelTooLow = 'LEVEL_TOO_LOW',
  /** The machine needs supervision and no staff member is present at its site. */
  SupervisionRequired = 'SUPERVISION_REQUIRED',
  PrerequisiteMissing = 'PREREQUISITE_MISSING',
  MachineOutOfService = 'MACHINE_OUT_OF_SERVICE',
  MachineInMaintenance = 'MACHINE_IN_MAINTENANCE',
  MachineInUse = 'MACHINE_IN_USE',
  OutsideOpeningHours = 'OUTSIDE_OPENING_HOURS',
  BelowMinimumAge = 'BELOW_MINIMUM_AGE',
  GuardianConsentMissing = 'GUARDIAN_CONSENT_MISSING',
  /** The reader is not bound to a machine the snapshot knows. */
  UnknownMachine = 'UNKNOWN_MACHINE',
  /** Another member booked the machine for now (and has not missed the slot). */
  Reserved = 'RESERVED',
  /** An event reader was tapped while no event of its site is open for attendance. */
  NoEventNow = 'NO_EVENT_NOW',
  /** A bridge deciding offline holds no allowlist, or only an expired one (and the machine fails closed). */
  NoValidAllowlist = 'NO_VALID_ALLOWLIST',
}

export type Language = 'de' | 'en';

/** Short texts for reader displays (≤ 32 characters) and the live board. */
export const DENY_REASON_TEXT: Readonly<Record<DenyReason, Readonly<Record<Language, string>>>> = {
  [DenyReason.UnknownCard]: { de: 'Karte unbekannt', en: 'Unknown card' },
  [DenyReason.CardBlocked]: { de: 'Karte gesperrt', en: 'Card blocked' },
  [DenyReason.MemberSuspended]: { de: 'Mitgliedschaft ruht', en: 'Membership suspended' },
  [DenyReason.GuestPassExpired]: { de: 'Gastpass ungültig', en: 'Guest pass not valid' },
  [DenyReason.NotTrained]: { de: 'Keine Einweisung', en: 'Not trained' },
  [DenyReason.TrainingExpired]: { de: 'Einweisung abgelaufen', en: 'Training expired' },
  [DenyReason.LevelTooLow]: { de: 'Nur mit Aufsicht', en: 'Supervisor needed' },
  [DenyReason.SupervisionRequired]: { de: 'Keine Aufsicht anwesend', en: 'No supervisor present' },
  [DenyReason.PrerequisiteMissing]: { de: 'Voraussetzung fehlt', en: 'Prerequisite missing' },
  [DenyReason.MachineOutOfService]: { de: 'Außer Betrieb', en: 'Out of service' },
  [DenyReason.MachineInMaintenance]: { de: 'In Wartung', en: 'In maintenance' },
  [DenyReason.MachineInUse]: { de: 'Maschine belegt', en: 'Machine in use' },
  [DenyReason.OutsideOpeningHours]: { de: 'Außerhalb Öffnungszeit', en: 'Outside opening hours' },
  [DenyReason.BelowMinimumAge]: { de: 'Mindestalter nicht erreicht', en: 'Below minimum age' },
  [DenyReason.GuardianConsentMissing]: { de: 'Einwilligung fehlt', en: 'Guardian consent missing' },
  [DenyReason.UnknownMachine]: { de: 'Leser nicht zugeordnet', en: 'Reader not assigned' },
  [DenyReason.Reserved]: { de: 'Reserviert', en: 'Reserved' },
  [DenyReason.NoEventNow]: { de: 'Keine Veranstaltung jetzt', en: 'No event right now' },
  [DenyReason.NoValidAllowlist]: { de: 'Keine gültige Offline-Liste', en: 'No valid offline list' },
};

export enum SessionEndReason {
  TapOut = 'tap_out',
  MaxDuration = 'max_duration',
  IdlePower = 'idle_power',
  PrintFinished = 'print_finished',
  ForceOff = 'force_off',
  Takeover = 'takeover',
  /** Found open after a restart and closed because the relay reported off. */
  Reconciled = 'reconciled',
}

export type AccessOutcome = 'allowed' | 'denied' | 'tap_out';

export const ACCESS_OUTCOMES = ['allowed', 'denied', 'tap_out'] as const satisfies readonly AccessOutcome[];

export const ACCESS_EVENTS_DEFAULT_LIMIT = 100;
export const ACCESS_EVENTS_MAX_LIMIT = 500;
