/** Event formats, as funders count them (funder-reports.md M6). */
export enum EventFormat {
  WorkshopCourse = 'workshop_course',
  Talk = 'talk',
  Hackathon = 'hackathon',
  DigitalConsultation = 'digital_consultation',
  ParticipationFormat = 'participation_format',
  OpenWorkshop = 'open_workshop',
  SchoolClassVisit = 'school_class_visit',
  GuidedTour = 'guided_tour',
  MobileDeployment = 'mobile_deployment',
}

/** Whom an event is for (a planning label, not a person's demographics). */
export enum TargetGroup {
  Children = 'children',
  Teens = 'teens',
  Adults = 'adults',
  Seniors = 'seniors',
  Families = 'families',
  Schools = 'schools',
  Teachers = 'teachers',
  WomenInTech = 'women_in_tech',
  GeneralPublic = 'general_public',
}

/** Kinds of partner organisation (M16: distinct partners by type). */
export enum PartnerType {
  School = 'school',
  Association = 'association',
  Company = 'company',
  Municipality = 'municipality',
  Library = 'library',
  Research = 'research',
  Other = 'other',
}

export enum EventStatus {
  Scheduled = 'scheduled',
  Cancelled = 'cancelled',
}

export enum SeriesFrequency {
  Weekly = 'weekly',
  Biweekly = 'biweekly',
  Monthly = 'monthly',
}

/** A registration holds seats (confirmed), waits for them (waitlisted), or was withdrawn (cancelled). */
export enum RegistrationStatus {
  Confirmed = 'confirmed',
  Waitlisted = 'waitlisted',
  Cancelled = 'cancelled',
}

/** How a row came to be: registered beforehand, added at the door, or a card tap at an event reader. */
export enum RegistrationSource {
  Registration = 'registration',
  WalkIn = 'walk_in',
  Card = 'card',
}
