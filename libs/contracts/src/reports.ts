/** The funder-report metrics (funder-reports.md; definitions in @werkbank/reports METRICS). */
export enum MetricId {
  M1 = 'M1',
  M2 = 'M2',
  M3 = 'M3',
  M4 = 'M4',
  M5 = 'M5',
  M6 = 'M6',
  M7 = 'M7',
  M8 = 'M8',
  M9 = 'M9',
  M10 = 'M10',
  M11 = 'M11',
  M12 = 'M12',
  M13 = 'M13',
  M14 = 'M14',
  M15 = 'M15',
  M16 = 'M16',
  M17 = 'M17',
  M18 = 'M18',
}

/** What a metric's figures can be broken down by (the categories of the daily aggregates). */
export enum Breakdown {
  AgeBand = 'age_band',
  Gender = 'gender',
  OccupationStatus = 'occupation_status',
  /** From the home municipality key (Regionalschlüssel) via the urban/rural classification. */
  UrbanRural = 'urban_rural',
  EventFormat = 'event_format',
  MachineType = 'machine_type',
  PartnerType = 'partner_type',
  IncidentSeverity = 'incident_severity',
  Qualification = 'qualification',
}

/**
 * How a measure is counted, which decides its privacy rule: person counts (people, visits, attendances,
 * sessions) are suppressed below the threshold; hours, amounts and shares derived from them are hidden with
 * the count they rest on; counts of things (events, partners, incidents, deployments) are not about persons.
 */
export enum MeasureKind {
  Persons = 'persons',
  Things = 'things',
  Hours = 'hours',
  Share = 'share',
  Amount = 'amount',
}

/** A report period: a calendar month, quarter or year in the lab's time zone, or any range of local dates. */
export enum PeriodKind {
  Month = 'month',
  Quarter = 'quarter',
  Year = 'year',
  Custom = 'custom',
}

/** The lowest small-cell threshold a lab may configure (funder-reports.md privacy rule 4). */
export const MIN_SUPPRESSION_THRESHOLD = 3;
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
