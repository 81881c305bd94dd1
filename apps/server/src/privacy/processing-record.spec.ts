import { processingRecord, ProcessingSettings } from './processing-record';

const SETTINGS: ProcessingSettings = {
  controllerName: 'Stadtlabor e. V.',
  controllerContact: 'datenschutz@example.org',
  suppressionThreshold: 5,
  reportRetentionDays: 90,
  httpsOwn: false,
  mqttTlsOnly: false,
  sessionTtlHours: 12,
};
const AT = new Date('2026-12-04T10:00:00Z');
const texts = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value).flatMap(texts)
      : [];

describe('processingRecord (GDPR Art. 30)', () => {
  it('lists every processing activity once, each with every field in German and English', () => {
    const record = processingRecord(SETTINGS, AT);
    expect(record.activities.map((a) => a.key)).toEqual([
      'access_control',
      'membership',
      'trainings',
      'bookings',
      'events',
      'visits',
      'funder_reports',
      'audit_log',
      'backups',
    ]);
    for (const activity of record.activities) {
      for (const field of [
        'name',
        'purpose',
        'legalBasis',
        'dataCategories',
        'dataSubjects',
        'recipients',
        'retention',
        'measures',
      ] as const) {
        expect(activity[field].de.trim()).not.toBe('');
        expect(activity[field].en.trim()).not.toBe('');
        expect(activity[field].de).not.toBe(activity[field].en);
      }
    }
    expect(record.generatedAt).toBe('2026-12-04T10:00:00.000Z');
    expect(record.controller).toEqual({ name: 'Stadtlabor e. V.', contact: 'datenschutz@example.org' });
  });

  it('takes the retention of raw records from the configuration, and says when it is unlimited', () => {
    const access = (days: number) =>
      processingRecord({ ...SETTINGS, reportRetentionDays: days }, AT).activities.find(
        (a) => a.key === 'access_control',
      )!;
    expect(access(30).retentionDays).toBe(30);
    expect(access(30).retention.de).toContain('30 Tage');
    expect(access(30).retention.en).toContain('30 days');
    expect(access(0).retentionDays).toBeNull();
    expect(access(0).retention.en).toContain('without limit');
  });

  it('prints the configured suppression threshold and no other', () => {
    const record = processingRecord({ ...SETTINGS, suppressionThreshold: 7 }, AT);
    expect(record.suppressionThreshold).toBe(7);
    const all = texts(record).join('\n');
    expect(all).toContain('<7');
    expect(all).not.toMatch(/<[0-689]\b/);
    const funders = record.activities.find((a) => a.key === 'funder_reports')!;
    expect(funders.recipients.en).toContain('aggregates only');
    expect(funders.measures.de).toContain('„<7“');
  });

  it('describes transport encryption as configured', () => {
    const proxied = texts(processingRecord(SETTINGS, AT).technicalMeasures).join('\n');
    expect(proxied).toContain('reverse proxy');
    const own = texts(
      processingRecord({ ...SETTINGS, httpsOwn: true, mqttTlsOnly: true }, AT).technicalMeasures,
    );
    expect(own.join('\n')).toContain('HTTPS (TLS) by the server');
    expect(own.join('\n')).toContain('devices over MQTT with TLS only');
  });

  it('leaves an unconfigured controller null rather than inventing one', () => {
    const record = processingRecord({ ...SETTINGS, controllerName: null, controllerContact: null }, AT);
    expect(record.controller).toEqual({ name: null, contact: null });
  });
});
