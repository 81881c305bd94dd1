import type { PrivacyText, ProcessingActivity, ProcessingRecord } from '@werkbank/contracts/api';

/** What the record is generated from: the configuration's parts that decide data protection. */
export interface ProcessingSettings {
  controllerName: string | null;
  controllerContact: string | null;
  suppressionThreshold: number;
  /** Days raw sessions, check-ins and access events are kept before retention deletes them; 0 = forever. */
  reportRetentionDays: number;
  /** The server terminates TLS itself (TLS_CERT_FILE); else a reverse proxy is expected to. */
  httpsOwn: boolean;
  /** Devices must use MQTT over TLS (MQTT_PLAIN=false). */
  mqttTlsOnly: boolean;
  /** Hours a staff session lasts. */
  sessionTtlHours: number;
}

const t = (de: string, en: string): PrivacyText => ({ de, en });

function rawRetention(days: number): PrivacyText {
  return days === 0
    ? t(
        'Rohdaten unbegrenzt (REPORT_RETENTION_DAYS=0)',
        'raw records without limit (REPORT_RETENTION_DAYS=0)',
      )
    : t(
        `Rohdaten ${days} Tage (REPORT_RETENTION_DAYS), danach nur tägliche Aggregate ohne Personenbezug und Besuchstage (pseudonymer Schlüssel × Standort × Tag, für eindeutige Zählungen) bis zur Löschung des Mitglieds`,
        `raw records ${days} days (REPORT_RETENTION_DAYS), then only daily aggregates without persons, and visitor and machine user days (pseudonymous key × site × day, and machine type, for distinct counts) until the member is erased`,
      );
}

const UNTIL_ERASURE = t(
  'bis zur Löschung des Mitglieds (Art. 17, DELETE /api/members/{id})',
  'until the member is erased (Art. 17, DELETE /api/members/{id})',
);
const CONTRACT = t(
  'Art. 6 Abs. 1 lit. b DSGVO (Nutzungsverhältnis / Mitgliedschaft)',
  'Art. 6(1)(b) GDPR (use agreement / membership)',
);
const LEGITIMATE = t(
  'Art. 6 Abs. 1 lit. f DSGVO (berechtigtes Interesse: Sicherheit an Maschinen, Nachweis)',
  'Art. 6(1)(f) GDPR (legitimate interest: machine safety, accountability)',
);
const MEMBERS = t('Mitglieder, Gäste, Teilnehmende', 'members, guests, participants');
const INTERNAL = t(
  'nur intern: Mitarbeitende nach Rolle (Einweisende sehen Pseudonyme)',
  'internal only: staff by role (trainers see pseudonyms)',
);

/**
 * The record of processing activities (GDPR Art. 30(1)) of this installation, assembled from its settings:
 * every activity with purpose, legal basis, data categories and subjects, recipients, retention and measures.
 */
export function processingRecord(settings: ProcessingSettings, generatedAt: Date): ProcessingRecord {
  const k = settings.suppressionThreshold;
  const raw = rawRetention(settings.reportRetentionDays);
  const rawDays = settings.reportRetentionDays === 0 ? null : settings.reportRetentionDays;
  const pseudonym = t(
    'Nutzungsdaten nur unter einem zufälligen Pseudonym (memberKey), nie unter Name oder Mitglieds-ID',
    'usage data only under a random pseudonym (memberKey), never under the name or member id',
  );
  const suppression = t(
    `Kleinzellensperre: Personenzahlen unter ${k} erscheinen als „<${k}“, mit Sekundärsperre (REPORT_SUPPRESSION_THRESHOLD)`,
    `small-cell suppression: person counts below ${k} show as "<${k}", with secondary suppression (REPORT_SUPPRESSION_THRESHOLD)`,
  );
  const activity = (
    key: string,
    fields: Omit<ProcessingActivity, 'key' | 'retentionDays'> & { retentionDays?: number | null },
  ): ProcessingActivity => ({ key, ...fields, retentionDays: fields.retentionDays ?? null });

  const activities: ProcessingActivity[] = [
    activity('access_control', {
      name: t('Zutritts- und Maschinenfreigabe (RFID)', 'Access and machine control (RFID)'),
      purpose: t(
        'Maschinen nur für eingewiesene Personen freigeben; Nachweis, wer wann freigegeben wurde',
        'enable machines for trained people only; proof of who was enabled when',
      ),
      legalBasis: LEGITIMATE,
      dataCategories: t(
        'Karten-UID als HMAC-SHA256-Hash und letzte 4 Stellen; Kartenvorgänge, Entscheidungen, Maschinennutzungen unter Pseudonym',
        'card UID as HMAC-SHA256 hash and last 4 digits; taps, decisions and machine sessions under a pseudonym',
      ),
      dataSubjects: MEMBERS,
      recipients: INTERNAL,
      retention: raw,
      retentionDays: rawDays,
      measures: pseudonym,
    }),
    activity('membership', {
      name: t('Mitgliederverwaltung', 'Membership administration'),
      purpose: t('Verwaltung der Mitglieder und Gäste, Kontakt', 'administering members and guests, contact'),
      legalBasis: CONTRACT,
      dataCategories: t(
        'Name, E-Mail, Telefon, Status, Notizen; freiwillig: Altersgruppe, Geschlecht, Tätigkeit, Gemeindeschlüssel; bei Minderjährigen Geburtsdatum und Einwilligung der Sorgeberechtigten',
        'name, e-mail, phone, status, notes; voluntary: age band, gender, occupation, municipality key; for minors birth date and guardian consent',
      ),
      dataSubjects: t('Mitglieder, Gäste, Sorgeberechtigte', 'members, guests, guardians'),
      recipients: t(
        'nur intern: Mitarbeitende und Administration',
        'internal only: staff and administrators',
      ),
      retention: UNTIL_ERASURE,
      measures: t(
        'Rollenrechte serverseitig; jede Änderung und jede Datenauskunft im Audit-Log',
        'roles enforced on the server; every change and every data export in the audit log',
      ),
    }),
    activity('trainings', {
      name: t('Einweisungen und Qualifikationen', 'Trainings and qualifications'),
      purpose: t(
        'Sicherheitsnachweis: wer wen worauf eingewiesen hat',
        'safety proof: who trained whom on what',
      ),
      legalBasis: t(
        'Art. 6 Abs. 1 lit. b und c DSGVO (Arbeitsschutz, Nutzungsvertrag)',
        'Art. 6(1)(b) and (c) GDPR (safety rules, use agreement)',
      ),
      dataCategories: t(
        'Qualifikation, Stufe, Datum, Ablauf, Inhaltsversion, einweisende Person',
        'qualification, level, date, expiry, content version, trainer',
      ),
      dataSubjects: t('Mitglieder, Einweisende', 'members, trainers'),
      recipients: INTERNAL,
      retention: UNTIL_ERASURE,
      measures: t('nur anfügbar (append-only), auditiert', 'append-only, audited'),
    }),
    activity('bookings', {
      name: t('Maschinenbuchungen', 'Machine bookings'),
      purpose: t('Maschinenzeiten planen und freigeben', 'planning and holding machine time'),
      legalBasis: CONTRACT,
      dataCategories: t('Maschine, Zeitraum, Status, Notiz', 'machine, time slot, status, note'),
      dataSubjects: MEMBERS,
      recipients: INTERNAL,
      retention: UNTIL_ERASURE,
      measures: t('auditiert', 'audited'),
    }),
    activity('events', {
      name: t('Veranstaltungen und Workshops', 'Events and workshops'),
      purpose: t('Anmeldung, Warteliste, Anwesenheit', 'registration, waiting list, attendance'),
      legalBasis: CONTRACT,
      dataCategories: t(
        'Anmeldung, Personenzahl, Anwesenheit; Anonyme nur als Zahl',
        'registration, number of people, attendance; anonymous people as a count only',
      ),
      dataSubjects: MEMBERS,
      recipients: t(
        'intern; Partner und Förderer nur als Aggregate',
        'internal; partners and funders only as aggregates',
      ),
      retention: t(
        'bis zur Löschung des Mitglieds; danach nur die Zahl',
        'until the member is erased; then the count only',
      ),
      measures: suppression,
    }),
    activity('visits', {
      name: t('Besuchserfassung', 'Visit records'),
      purpose: t('Besuchsstatistik je Standort', 'visit statistics per site'),
      legalBasis: LEGITIMATE,
      dataCategories: t(
        'Zeitpunkt, Standort, Pseudonym; bei anonymen Besuchen Altersgruppe und Geschlecht',
        'time, site, pseudonym; for anonymous visits age band and gender',
      ),
      dataSubjects: MEMBERS,
      recipients: INTERNAL,
      retention: t(
        'bis zur Löschung des Mitglieds (dann gelöscht; ihr Anteil an den Berichtszahlen bleibt ohne Personenbezug)',
        'until the member is erased (then deleted; their share of the report figures stays without a person key)',
      ),
      measures: pseudonym,
    }),
    activity('funder_reports', {
      name: t('Berichte an Förderer', 'Funder reports'),
      purpose: t('Nachweis der Nutzung gegenüber Förderern', 'proving use to funders'),
      legalBasis: t(
        'Art. 6 Abs. 1 lit. f DSGVO; nur aggregierte Daten (keine personenbezogenen Daten im Bericht)',
        'Art. 6(1)(f) GDPR; aggregated data only (no personal data in the report)',
      ),
      dataCategories: t(
        'Tageszählungen je Standort, freiwillige Angaben zur Person nur als Summen',
        'daily counts per site, voluntary demographics only as totals',
      ),
      dataSubjects: MEMBERS,
      recipients: t(
        'Förderer und Partner erhalten nur Aggregate, nie Namen oder Pseudonyme',
        'funders and partners receive aggregates only, never names or pseudonyms',
      ),
      retention: t('Aggregate unbegrenzt (kein Personenbezug)', 'aggregates without limit (no persons)'),
      measures: suppression,
    }),
    activity('audit_log', {
      name: t('Audit-Log', 'Audit log'),
      purpose: t(
        'Rechenschaft: wer hat wann was geändert oder eingesehen',
        'accountability: who changed or read what when',
      ),
      legalBasis: t(
        'Art. 6 Abs. 1 lit. c und f DSGVO (Art. 5 Abs. 2, Art. 32)',
        'Art. 6(1)(c) and (f) GDPR (Art. 5(2), Art. 32)',
      ),
      dataCategories: t(
        'Benutzerkonto, Zeitpunkt, Vorgang, Zustand vorher/nachher (Passwort- und Kartenhashes geschwärzt)',
        'staff account, time, action, state before/after (password and card hashes redacted)',
      ),
      dataSubjects: t(
        'Mitarbeitende, Einweisende, Administration; Mitglieder in den Zuständen',
        'staff, trainers, administrators; members in the snapshots',
      ),
      recipients: t('nur Administration', 'administrators only'),
      retention: t(
        'bis zur Löschung des Mitglieds (die Zustände, die es nennen, werden geleert); sonst unbegrenzt',
        'snapshots naming a member until the member is erased; otherwise without limit',
      ),
      measures: t('nur anfügbar; Lesen nur mit Administrationsrolle', 'append-only; readable by admins only'),
    }),
    activity('backups', {
      name: t('Datensicherung', 'Backups'),
      purpose: t('Wiederherstellung nach Ausfall', 'recovery after a failure'),
      legalBasis: t('Art. 6 Abs. 1 lit. f DSGVO, Art. 32 DSGVO', 'Art. 6(1)(f) GDPR, Art. 32 GDPR'),
      dataCategories: t('alle oben genannten Daten', 'all data above'),
      dataSubjects: t('alle oben genannten', 'all of the above'),
      recipients: t('nur Administration (Betrieb)', 'administrators only (operations)'),
      retention: t(
        'die neuesten n Sicherungen (npm run backup --keep n); ältere werden gelöscht',
        'the newest n backups (npm run backup --keep n); older ones are deleted',
      ),
      measures: t(
        'Dateien nur für den Server-Benutzer lesbar (0600); der Kartenschlüssel wird nicht mitgesichert',
        'files readable by the server user only (0600); the card key is left out',
      ),
    }),
  ];

  const technicalMeasures: PrivacyText[] = [
    settings.httpsOwn
      ? t(
          'Transportverschlüsselung: HTTPS (TLS) durch den Server',
          'transport encryption: HTTPS (TLS) by the server',
        )
      : t(
          'Transportverschlüsselung: TLS am vorgeschalteten Reverse Proxy (TLS_CERT_FILE nicht gesetzt)',
          'transport encryption: TLS at the reverse proxy (TLS_CERT_FILE not set)',
        ),
    settings.mqttTlsOnly
      ? t('Geräte nur über MQTT mit TLS', 'devices over MQTT with TLS only')
      : t(
          'Geräte über MQTT; TLS wenn konfiguriert (MQTT_PLAIN=true)',
          'devices over MQTT; TLS where configured (MQTT_PLAIN=true)',
        ),
    t(
      'Speicherung: Datenverzeichnis nur für den Server-Benutzer (0700/0600), gelöschte Inhalte werden überschrieben (secure_delete); keine Verschlüsselung der Datenbank durch Werkbank (Datenträgerverschlüsselung des Systems empfohlen)',
      'storage: data folder for the server user only (0700/0600), deleted content is overwritten (secure_delete); Werkbank does not encrypt the database (use disk encryption)',
    ),
    t(
      'Kartennummern nur als HMAC-SHA256 mit geheimem Schlüssel außerhalb der Datenbank',
      'card numbers only as HMAC-SHA256 with a secret key outside the database',
    ),
    pseudonym,
    suppression,
    t(
      `Zugriff nach Rollen (Einweisende, Mitarbeitende, Administration), Argon2id-Passwörter, Sitzungen ${settings.sessionTtlHours} h`,
      `role-based access (trainer, staff, admin), Argon2id passwords, sessions ${settings.sessionTtlHours} h`,
    ),
  ];

  return {
    kind: 'werkbank.processing-record',
    generatedAt: generatedAt.toISOString(),
    controller: { name: settings.controllerName, contact: settings.controllerContact },
    suppressionThreshold: k,
    technicalMeasures,
    activities,
  };
}
