import { Breakdown, MeasureKind, MetricId } from '@werkbank/contracts';

export interface Text {
  readonly de: string;
  readonly en: string;
}

/** One figure of a metric (M7 has attendances and participants, for instance). */
export interface MeasureDefinition {
  readonly key: string;
  readonly kind: MeasureKind;
  readonly name: Text;
  /** For hours, amounts and shares: the person count it rests on (hidden together with it). */
  readonly basedOn?: string;
  /** A share of `part` among `of`, read from the published breakdown of `basedOn` (`publishedShare`). */
  readonly shareOf?: { readonly breakdown: Breakdown; readonly part: string; readonly of: readonly string[] };
}

export interface MetricDefinition {
  readonly id: MetricId;
  readonly name: Text;
  /** Printed beside every figure of the metric in the UI and in each export. */
  readonly definition: Text;
  readonly measures: readonly MeasureDefinition[];
  readonly breakdowns: readonly Breakdown[];
}

const PEOPLE = [Breakdown.AgeBand, Breakdown.Gender, Breakdown.OccupationStatus, Breakdown.UrbanRural];

const m = (key: string, kind: MeasureKind, de: string, en: string, basedOn?: string): MeasureDefinition => ({
  key,
  kind,
  name: { de, en },
  ...(basedOn ? { basedOn } : {}),
});

const { Persons, Things, Hours, Share, Amount } = MeasureKind;

/**
 * The metric set of funder-reports.md with the exact definitions the product computes. Where the document
 * leaves a choice, the definition text says what was chosen (docs/reports.md explains why).
 */
export const METRICS: Readonly<Record<MetricId, MetricDefinition>> = {
  [MetricId.M1]: {
    id: MetricId.M1,
    name: { de: 'Besuche', en: 'Visits' },
    definition: {
      de: 'Check-ins (Eingangsleser, Empfang, Zählungen) plus Teilnahmen an Veranstaltungen; jeder Eintritt zählt, auch wiederholte am selben Tag (wie die Deutsche Bibliotheksstatistik).',
      en: 'Check-ins (entrance reader, front desk, headcounts) plus event attendances; every entry counts, repeats on the same day too (as the German library statistics count).',
    },
    measures: [m('visits', Persons, 'Besuche', 'Visits')],
    breakdowns: PEOPLE,
  },
  [MetricId.M2]: {
    id: MetricId.M2,
    name: { de: 'Einzelne Nutzende', en: 'Unique users' },
    definition: {
      de: 'Verschiedene registrierte Personen mit mindestens einem Besuch im Zeitraum (anonyme Besuche zählen nicht).',
      en: 'Distinct registered people with at least one visit in the period (anonymous visits do not count).',
    },
    measures: [m('users', Persons, 'Nutzende', 'Users')],
    breakdowns: PEOPLE,
  },
  [MetricId.M3]: {
    id: MetricId.M3,
    name: { de: 'Neue Nutzende', en: 'New users' },
    definition: {
      de: 'Registrierte Personen, deren erster Besuch überhaupt (an irgendeinem Standort) in den Zeitraum fällt.',
      en: 'Registered people whose first visit ever (at any site) falls in the period.',
    },
    measures: [m('newUsers', Persons, 'Neue Nutzende', 'New users')],
    breakdowns: PEOPLE,
  },
  [MetricId.M4]: {
    id: MetricId.M4,
    name: { de: 'Wiederkehrquote', en: 'Returning-user rate' },
    definition: {
      de: 'Anteil der einzelnen Nutzenden (M2), die an mindestens zwei verschiedenen Tagen im Zeitraum kamen.',
      en: 'Share of the unique users (M2) who came on at least two different days in the period.',
    },
    measures: [
      m('returningUsers', Persons, 'Wiederkehrende', 'Returning users'),
      m('returningRate', Share, 'Wiederkehrquote', 'Returning-user rate', 'returningUsers'),
    ],
    breakdowns: PEOPLE,
  },
  [MetricId.M5]: {
    id: MetricId.M5,
    name: { de: 'Öffnungs-/betreute Stunden', en: 'Open / supervised hours' },
    definition: {
      de: 'Geplante Öffnungsstunden laut Öffnungszeiten gegenüber den Stunden, in denen Betreuungspersonal anwesend war.',
      en: 'Scheduled opening hours from the opening times, against the hours with staff present on site.',
    },
    measures: [
      m('openHours', Hours, 'Öffnungsstunden', 'Open hours'),
      m('supervisedHours', Hours, 'Betreute Stunden', 'Supervised hours'),
    ],
    breakdowns: [],
  },
  [MetricId.M6]: {
    id: MetricId.M6,
    name: { de: 'Veranstaltungen nach Format', en: 'Events by format' },
    definition: {
      de: 'Stattgefundene (nicht abgesagte) Veranstaltungen nach Format, gezählt am Tag der Veranstaltung.',
      en: 'Events held (not cancelled) by format, counted on the day of the event.',
    },
    measures: [m('events', Things, 'Veranstaltungen', 'Events')],
    breakdowns: [Breakdown.EventFormat],
  },
  [MetricId.M7]: {
    id: MetricId.M7,
    name: { de: 'Teilnahmen / Teilnehmende', en: 'Attendances / participants' },
    definition: {
      de: 'Teilnahmen: je Veranstaltung die Zählung im Raum, sonst die Anwesenden (mit anonymen Walk-ins). Teilnehmende: verschiedene registrierte Personen, die anwesend waren.',
      en: 'Attendances: per event the headcount in the room, else those marked present (with anonymous walk-ins). Participants: distinct registered people who attended.',
    },
    measures: [
      m('attendances', Persons, 'Teilnahmen', 'Attendances'),
      m('participants', Persons, 'Teilnehmende', 'Participants'),
    ],
    breakdowns: [Breakdown.EventFormat, ...PEOPLE],
  },
  [MetricId.M8]: {
    id: MetricId.M8,
    name: { de: 'Teilnahmestunden', en: 'Participant-hours' },
    definition: {
      de: 'Summe über die Veranstaltungen: Teilnahmen (M7) × Dauer der Veranstaltung in Stunden.',
      en: 'Sum over the events: attendances (M7) × the event’s duration in hours.',
    },
    measures: [m('participantHours', Hours, 'Teilnahmestunden', 'Participant-hours', 'attendances')],
    breakdowns: [Breakdown.EventFormat],
  },
  [MetricId.M9]: {
    id: MetricId.M9,
    name: { de: 'Unterweisungen & Einweisungen', en: 'Safety briefings & inductions' },
    definition: {
      de: 'Abgehaltene Einweisungen (Termine), neu qualifizierte Personen je Maschinentyp, gültige Qualifikationen am Ende des Zeitraums.',
      en: 'Inductions held (sessions), people newly qualified per machine type, valid qualifications at the end of the period.',
    },
    measures: [
      m('briefingsHeld', Things, 'Einweisungstermine', 'Inductions held'),
      m('newlyQualified', Persons, 'Neu qualifiziert', 'Newly qualified'),
      m('validAtEnd', Persons, 'Gültig am Ende', 'Valid at period end'),
    ],
    breakdowns: [Breakdown.Qualification, Breakdown.MachineType],
  },
  [MetricId.M10]: {
    id: MetricId.M10,
    name: { de: 'Maschinenstunden & Auslastung', en: 'Machine hours & utilisation' },
    definition: {
      de: 'Summe der Nutzungszeit aus dem Zugangsprotokoll (eine Nutzung über Mitternacht zählt je Tag anteilig); Auslastung = Maschinenstunden ÷ (Öffnungsstunden × Maschinen).',
      en: 'Sum of session time from the access log (a session across midnight counts on each day for its part); utilisation = machine hours ÷ (open hours × machines).',
    },
    measures: [
      m('machineHours', Hours, 'Maschinenstunden', 'Machine hours', 'sessions'),
      m('utilisation', Share, 'Auslastung', 'Utilisation', 'sessions'),
    ],
    breakdowns: [Breakdown.MachineType],
  },
  [MetricId.M11]: {
    id: MetricId.M11,
    name: { de: 'Maschinennutzungen', en: 'Machine sessions' },
    definition: {
      de: 'Anzahl der Nutzungen (Sitzungen an Maschinen) und verschiedene Nutzende je Maschinentyp.',
      en: 'Number of sessions at machines, and distinct users per machine type.',
    },
    measures: [
      m('sessions', Persons, 'Nutzungen', 'Sessions'),
      m('sessionUsers', Persons, 'Verschiedene Nutzende', 'Distinct users'),
    ],
    breakdowns: [Breakdown.MachineType, ...PEOPLE],
  },
  [MetricId.M12]: {
    id: MetricId.M12,
    name: { de: 'Material & Kostenerstattung', en: 'Consumables & cost recovery' },
    definition: {
      de: 'Verbrauchtes Material, soweit Geräte es melden (Filament in Gramm), und erstattete Beträge.',
      en: 'Consumables used where devices report them (filament in grams), and money recovered.',
    },
    measures: [
      m('filamentGrams', Amount, 'Filament (g)', 'Filament (g)'),
      m('recoveredCents', Amount, 'Erstattet (€)', 'Recovered (€)'),
    ],
    breakdowns: [Breakdown.MachineType],
  },
  [MetricId.M13]: {
    id: MetricId.M13,
    name: { de: 'Zielgruppen', en: 'Target groups' },
    definition: {
      de: 'Einzelne Nutzende (M2) und Teilnehmende (M7) nach Altersgruppe, Geschlecht und Status; alle Angaben freiwillig und selbst erklärt, „keine Angabe“ wird mitgezählt.',
      en: 'Unique users (M2) and participants (M7) by age band, gender and status; all self-declared and optional, “not stated” is counted too.',
    },
    measures: [
      m('users', Persons, 'Nutzende', 'Users'),
      m('participants', Persons, 'Teilnehmende', 'Participants'),
    ],
    breakdowns: [Breakdown.AgeBand, Breakdown.Gender, Breakdown.OccupationStatus],
  },
  [MetricId.M14]: {
    id: MetricId.M14,
    name: { de: 'Räumliche Reichweite', en: 'Geographic reach' },
    definition: {
      de: 'Wohnort der Nutzenden (amtlicher Gemeindeschlüssel) als Stadt/Land-Klasse nach der Zuordnung, die das Labor eingespielt hat (z. B. BBSR-Kreistypen); Anteil ländlich = ländliche unter den zugeordneten Nutzenden; Zahl der erreichten Gemeinden.',
      en: 'Home municipality of the users (official municipality key) as an urban/rural class, by the classification the lab imported (e.g. the BBSR district types); rural share = rural among the users with a classified home; number of municipalities reached.',
    },
    measures: [
      m('users', Persons, 'Nutzende', 'Users'),
      {
        ...m('ruralShare', Share, 'Anteil ländlich', 'Rural share', 'users'),
        shareOf: { breakdown: Breakdown.UrbanRural, part: 'rural', of: ['urban', 'rural'] },
      },
      // Each place reached stands for at least one user: hidden wherever the users count is (a lower bound).
      m('municipalities', Things, 'Erreichte Gemeinden', 'Municipalities reached', 'users'),
    ],
    breakdowns: [Breakdown.UrbanRural],
  },
  [MetricId.M15]: {
    id: MetricId.M15,
    name: { de: 'Mobile Einsätze', en: 'Mobile deployments' },
    definition: {
      de: 'Einsatztage und Stationen des mobilen Labors, buchende Gemeinden und Einrichtungen, Besuche je Einsatz.',
      en: 'Deployment days and stops of the mobile lab, booking municipalities and institutions, visits per deployment.',
    },
    measures: [
      m('deploymentDays', Things, 'Einsatztage', 'Deployment days'),
      m('stops', Things, 'Stationen', 'Stops'),
      m('bookingInstitutions', Things, 'Buchende Einrichtungen', 'Booking institutions'),
      m('deploymentVisits', Persons, 'Besuche bei Einsätzen', 'Visits at deployments'),
    ],
    breakdowns: [],
  },
  [MetricId.M16]: {
    id: MetricId.M16,
    name: { de: 'Kooperationspartner', en: 'Cooperation partners' },
    definition: {
      de: 'Verschiedene Partnerorganisationen mit mindestens einer gemeinsamen Veranstaltung im Zeitraum, nach Art; gemeinsam durchgeführte Veranstaltungen.',
      en: 'Distinct partner organisations with at least one co-hosted event in the period, by type; co-hosted events.',
    },
    measures: [
      m('partners', Things, 'Partner', 'Partners'),
      m('coHostedEvents', Things, 'Gemeinsame Veranstaltungen', 'Co-hosted events'),
    ],
    breakdowns: [Breakdown.PartnerType],
  },
  [MetricId.M17]: {
    id: MetricId.M17,
    name: { de: 'Ehrenamtsstunden', en: 'Volunteer hours' },
    definition: {
      de: 'Summe der erfassten Ehrenamtsstunden (Stundenzettel), ohne Bezug auf einzelne Personen.',
      en: 'Sum of the recorded volunteer hours (timesheets), with no reference to individuals.',
    },
    measures: [
      m('volunteers', Persons, 'Ehrenamtliche', 'Volunteers'),
      m('volunteerHours', Hours, 'Ehrenamtsstunden', 'Volunteer hours', 'volunteers'),
    ],
    breakdowns: [],
  },
  [MetricId.M18]: {
    id: MetricId.M18,
    name: { de: 'Vorfälle & Defekte', en: 'Incidents & defects' },
    definition: {
      de: 'Gemeldete Vorfälle und Defekte nach Schweregrad, gezählt am Tag der Meldung.',
      en: 'Reported incidents and defects by severity, counted on the day they were reported.',
    },
    measures: [m('incidents', Things, 'Vorfälle', 'Incidents')],
    breakdowns: [Breakdown.IncidentSeverity],
  },
};

export const METRIC_IDS: readonly MetricId[] = Object.values(MetricId);

/** A metric by id, or undefined for ids the API received but does not know. */
export function metricOf(id: string): MetricDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(METRICS, id) ? METRICS[id as MetricId] : undefined;
}
