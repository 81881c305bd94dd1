import type { MemberDataSectionKey, PrivacyText } from '@werkbank/contracts/api';

/** A column of an exported table: its stable JSON key and its heading in the PDF. */
export interface ColumnSpec {
  key: string;
  de: string;
  en: string;
}

export interface SectionSpec {
  title: PrivacyText;
  columns: ColumnSpec[];
}

const c = (key: string, de: string, en: string): ColumnSpec => ({ key, de, en });

/**
 * What a member's data export (GDPR Art. 15) holds, section by section, in this order. The JSON's keys and
 * the PDF's columns come from here, so the two never differ.
 */
export const MEMBER_DATA_SPEC: Record<MemberDataSectionKey, SectionSpec> = {
  identity: {
    title: { de: 'Identität und Angaben zur Person', en: 'Identity and demographics' },
    columns: [
      c('firstName', 'Vorname', 'First name'),
      c('lastName', 'Nachname', 'Last name'),
      c('email', 'E-Mail', 'E-mail'),
      c('phone', 'Telefon', 'Phone'),
      c('status', 'Status', 'Status'),
      c('guestValidFrom', 'Gast ab', 'Guest from'),
      c('guestValidUntil', 'Gast bis', 'Guest until'),
      c('homeSite', 'Stammstandort', 'Home site'),
      c('ageBand', 'Altersgruppe', 'Age band'),
      c('gender', 'Geschlecht', 'Gender'),
      c('occupation', 'Tätigkeit', 'Occupation'),
      c('homeMunicipalityKey', 'Gemeindeschlüssel', 'Municipality key'),
      c('isMinor', 'Minderjährig', 'Minor'),
      c('birthDate', 'Geburtsdatum', 'Birth date'),
      c('notes', 'Notizen', 'Notes'),
      c('memberKey', 'Pseudonym', 'Pseudonym'),
      c('createdAt', 'Angelegt', 'Created'),
      c('updatedAt', 'Geändert', 'Updated'),
    ],
  },
  cards: {
    title: { de: 'Karten', en: 'Cards' },
    columns: [
      c('technology', 'Technik', 'Technology'),
      c('uidSuffix', 'UID (letzte 4 Stellen)', 'UID (last 4 digits)'),
      c('uidStored', 'UID gespeichert als', 'UID stored as'),
      c('label', 'Bezeichnung', 'Label'),
      c('blocked', 'Gesperrt', 'Blocked'),
      c('blockedReason', 'Sperrgrund', 'Block reason'),
      c('blockedAt', 'Gesperrt am', 'Blocked at'),
      c('createdAt', 'Ausgegeben', 'Issued'),
    ],
  },
  trainings: {
    title: { de: 'Einweisungen und Qualifikationen', en: 'Trainings and qualifications' },
    columns: [
      c('qualification', 'Qualifikation', 'Qualification'),
      c('action', 'Vorgang', 'Action'),
      c('level', 'Stufe', 'Level'),
      c('trainedOn', 'Eingewiesen am', 'Trained on'),
      c('expiresOn', 'Gültig bis', 'Valid until'),
      c('trainer', 'Eingewiesen von', 'Trainer'),
      c('contentVersion', 'Inhaltsversion', 'Content version'),
      c('comment', 'Kommentar', 'Comment'),
      c('recordedAt', 'Erfasst', 'Recorded'),
    ],
  },
  bookings: {
    title: { de: 'Buchungen', en: 'Bookings' },
    columns: [
      c('machine', 'Maschine', 'Machine'),
      c('site', 'Standort', 'Site'),
      c('startsAt', 'Beginn', 'Start'),
      c('endsAt', 'Ende', 'End'),
      c('status', 'Status', 'Status'),
      c('note', 'Notiz', 'Note'),
    ],
  },
  eventRegistrations: {
    title: { de: 'Veranstaltungen: Anmeldungen und Teilnahme', en: 'Events: registrations and attendance' },
    columns: [
      c('event', 'Veranstaltung', 'Event'),
      c('eventStartsAt', 'Termin', 'Date'),
      c('status', 'Status', 'Status'),
      c('count', 'Personen', 'People'),
      c('attended', 'Teilgenommen', 'Attended'),
      c('attendedAt', 'Anwesend seit', 'Attended at'),
      c('createdAt', 'Angemeldet', 'Registered'),
    ],
  },
  visits: {
    title: { de: 'Besuche', en: 'Visits' },
    columns: [
      c('at', 'Zeitpunkt', 'Time'),
      c('site', 'Standort', 'Site'),
      c('source', 'Erfassung', 'Source'),
    ],
  },
  machineSessions: {
    title: { de: 'Maschinennutzungen', en: 'Machine sessions' },
    columns: [
      c('machine', 'Maschine', 'Machine'),
      c('site', 'Standort', 'Site'),
      c('startedAt', 'Beginn', 'Start'),
      c('endedAt', 'Ende', 'End'),
      c('endReason', 'Endgrund', 'End reason'),
    ],
  },
  accessEvents: {
    title: { de: 'Zutrittsereignisse (Kartenvorgänge)', en: 'Access events (card taps)' },
    columns: [
      c('at', 'Zeitpunkt', 'Time'),
      c('machine', 'Maschine', 'Machine'),
      c('site', 'Standort', 'Site'),
      c('cardSuffix', 'Karte (letzte 4)', 'Card (last 4)'),
      c('outcome', 'Ergebnis', 'Outcome'),
      c('reason', 'Grund', 'Reason'),
    ],
  },
  volunteerHours: {
    title: { de: 'Ehrenamtliche Stunden', en: 'Volunteer hours' },
    columns: [
      c('date', 'Datum', 'Date'),
      c('site', 'Standort', 'Site'),
      c('hours', 'Stunden', 'Hours'),
      c('activity', 'Tätigkeit', 'Activity'),
    ],
  },
  incidentsReported: {
    title: { de: 'Gemeldete Vorfälle', en: 'Incidents reported' },
    columns: [
      c('createdAt', 'Gemeldet', 'Reported'),
      c('machine', 'Maschine', 'Machine'),
      c('severity', 'Schwere', 'Severity'),
      c('kind', 'Art', 'Kind'),
      c('text', 'Beschreibung', 'Description'),
      c('status', 'Status', 'Status'),
    ],
  },
  consent: {
    title: { de: 'Einwilligungen', en: 'Consent' },
    columns: [
      c('guardianConsentOn', 'Einwilligung der Sorgeberechtigten am', 'Guardian consent on'),
      c('guardianName', 'Sorgeberechtigte Person', 'Guardian'),
    ],
  },
};
