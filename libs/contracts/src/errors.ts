/** Stable error codes of the API. Each transport maps a code to its own status (see the server's error filter). */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  DuplicateCard = 'DUPLICATE_CARD',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  NotATrainer = 'NOT_A_TRAINER',
  PrerequisiteMissing = 'PREREQUISITE_MISSING',
  ImportInvalid = 'IMPORT_INVALID',
  InvalidState = 'INVALID_STATE',
  Internal = 'INTERNAL',
}

// FieldProblem and ApiErrorBody (the error body) are schemas in api/errors.ts.

/** Rules the services check beyond the DTOs' shape (see FieldProblem.rule). */
export enum DomainRule {
  NotFound = 'notFound',
  AlreadyUsed = 'alreadyUsed',
  Reserved = 'reserved',
  NotBefore = 'notBefore',
  TimeZone = 'timeZone',
  CardUid = 'cardUid',
  CardAssigned = 'cardAssigned',
  MobileLabOnly = 'mobileLabOnly',
  OwnAdminRights = 'ownAdminRights',
  InactiveAccount = 'inactiveAccount',
  PrerequisiteCycle = 'prerequisiteCycle',
  PrerequisiteMissing = 'prerequisiteMissing',
  CsvBody = 'csvBody',
  BirthDateMinorsOnly = 'birthDateMinorsOnly',
  GuestWindow = 'guestWindow',
  MachineRequired = 'machineRequired',
  MachineOfOtherSite = 'machineOfOtherSite',
  ProtocolRole = 'protocolRole',
  DeviceAddress = 'deviceAddress',
  /** An option value the device's family refuses (field `options.<key>`). */
  DeviceOption = 'deviceOption',
  /** A device's broker topics would overlap another device's or another family's (params.device names it). */
  TopicsOverlap = 'topicsOverlap',
  NotAReader = 'notAReader',
  CurrentPasswordWrong = 'currentPasswordWrong',
  PasswordUnchanged = 'passwordUnchanged',
  /** A training date after today (in the lab's time zone). */
  NotInFuture = 'notInFuture',
  /** A training date before the qualification existed. */
  BeforeQualification = 'beforeQualification',
  /** Only an admin grants the trainer level. */
  TrainerLevelAdminOnly = 'trainerLevelAdminOnly',
  /** The named trainer does not hold the trainer level of this qualification. */
  NotATrainer = 'notATrainer',
  /** Presence counts for supervision: nobody marks themselves present through the API. */
  SelfPresence = 'selfPresence',
  /** A field only an admin may change (a machine's safety settings). */
  AdminOnlyField = 'adminOnlyField',
  /** A paging cursor this list did not hand out (or from another filter's format). */
  Cursor = 'cursor',
  /** A filter that identifies a member, open to the front desk (staff, admin) only. */
  OfficeOnlyFilter = 'officeOnlyFilter',
  /** A slot that ends before it starts, or lies in the past. */
  SlotOrder = 'slotOrder',
  /** A booking outside the site's opening hours. */
  OpeningHours = 'openingHours',
  /** The member may not use the machine for the slot (params.reason: the deny reason). */
  NotQualified = 'notQualified',
  /** The slot overlaps another booking of the machine (params.booking names it). */
  BookingOverlap = 'bookingOverlap',
  /** Exactly one of two fields (siteId or deploymentId, memberId or anonymous, memberId or staffId). */
  OneOf = 'oneOf',
  /** The deployment belongs to another site, or does not cover the day. */
  DeploymentOfOtherSite = 'deploymentOfOtherSite',
  DeploymentNotOnDay = 'deploymentNotOnDay',
  /** Only anonymous check-ins carry demographics (a member's stay on the member). */
  AnonymousOnly = 'anonymousOnly',
  /** Only a manual check-in is deleted through the API (entrance taps are the access trail). */
  ManualOnly = 'manualOnly',
  /** Putting a machine out of service needs the right to change its state (staff, admin). */
  MachineStateRights = 'machineStateRights',
  /** A resolved incident needs a note saying how. */
  ResolutionNoteRequired = 'resolutionNoteRequired',
  /** Hours in quarter-hour steps, more than 0 and at most 24 (also per person and day). */
  QuarterHours = 'quarterHours',
  HoursPerDay = 'hoursPerDay',
  /** A trainer logs and changes volunteer hours for themselves only. */
  OwnEntriesOnly = 'ownEntriesOnly',
  /** A period longer than the route allows (params.limit days). */
  PeriodTooLong = 'periodTooLong',
  /** A deployment's dates overlap another deployment of the same mobile lab (params.deployment names it). */
  DeploymentOverlap = 'deploymentOverlap',
  /** The public form's token is missing, forged or expired (fetch the form again). */
  FormToken = 'formToken',
  /** The public form was sent sooner after it was opened than a person can fill it. */
  FormTooFast = 'formTooFast',
  /** The request is not in a state that allows this step (params.state names it). */
  RequestState = 'requestState',
  /** A date range longer than params.limit days. */
  MaxDays = 'maxDays',
  /** A day before today (in the lab's time zone). */
  NotInPast = 'notInPast',
  /** The chosen site is not a bookable mobile lab. */
  NotBookable = 'notBookable',
  // CSV import
  UnknownColumn = 'unknownColumn',
  RequiredColumns = 'requiredColumns',
  SameInFile = 'sameInFile',
  // Events
  /** Capacity below the seats confirmed registrations already hold. */
  CapacityBelowRegistrations = 'capacityBelowRegistrations',
  /** A series needs an end: an until date or a count. */
  SeriesEnd = 'seriesEnd',
  /** A series with more occurrences than the server materialises. */
  SeriesTooLong = 'seriesTooLong',
  /** The event does not fall within the deployment's dates. */
  OutsideDeployment = 'outsideDeployment',
  /** The member has a registration for this event already. */
  AlreadyRegistered = 'alreadyRegistered',
  /** A change to an event that was cancelled. */
  EventCancelled = 'eventCancelled',
  /** Qualifying through an event that trains no qualification. */
  NotATrainingEvent = 'notATrainingEvent',
  /** Qualifying a member the event's attendance does not list as present. */
  NotAttended = 'notAttended',
  /** Exactly one of several fields (memberId or label; cardId or cardUid). */
  ExactlyOne = 'exactlyOne',
  /** A blocked card does not count anyone present. */
  CardBlocked = 'cardBlocked',
  /** A value the shape check let through but the rule cannot read (e.g. a start time of 24:00). */
  Format = 'format',
  /** A number outside its allowed range (a report year before 2000, a quarter 5). */
  OutOfRange = 'outOfRange',
  /** Not a calendar date (2026-02-30). */
  NotADate = 'notADate',
}
