import { DateTime, Id, Literals, Nullable, Static, StringMap, Strict, Type } from './schema';

/** German and English text of one heading or sentence. */
export const PrivacyTextSchema = Strict({ de: Type.String(), en: Type.String() });
export type PrivacyText = Static<typeof PrivacyTextSchema>;

/** One value of an exported row: text, a number, a flag, an ISO date (`YYYY-MM-DD`) or date-time, or null. */
export type ExportCell = string | number | boolean | null;
/** As OpenAPI 3.0 writes the union (no `null` type, no type arrays). */
export const ExportCellSchema = Type.Unsafe<ExportCell>({
  anyOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }],
});

export const MEMBER_DATA_SECTIONS = [
  'identity',
  'cards',
  'trainings',
  'bookings',
  'eventRegistrations',
  'visits',
  'machineSessions',
  'accessEvents',
  'volunteerHours',
  'incidentsReported',
  'consent',
] as const;
export type MemberDataSectionKey = (typeof MEMBER_DATA_SECTIONS)[number];

export const MemberDataSectionSchema = Strict({
  title: PrivacyTextSchema,
  items: Type.Array(StringMap(ExportCellSchema)),
});

/**
 * A member's own data (GDPR Art. 15): every section always present (empty `items` when there is nothing),
 * stable keys, dates as ISO 8601. Card UIDs appear as stored: technology and last four hex digits; the keyed
 * hash and the key are never exported.
 */
export const MemberDataExportSchema = Strict({
  kind: Literals(['werkbank.member-data-export'] as const),
  version: Type.Unsafe<1>({ type: 'integer', enum: [1] }),
  generatedAt: DateTime(),
  member: Strict({ id: Id(), memberKey: Type.String() }),
  sections: Strict(
    Object.fromEntries(MEMBER_DATA_SECTIONS.map((key) => [key, MemberDataSectionSchema])) as Record<
      MemberDataSectionKey,
      typeof MemberDataSectionSchema
    >,
  ),
});
export type MemberDataExport = Static<typeof MemberDataExportSchema>;

export const ProcessingActivitySchema = Strict({
  key: Type.String(),
  name: PrivacyTextSchema,
  purpose: PrivacyTextSchema,
  legalBasis: PrivacyTextSchema,
  dataCategories: PrivacyTextSchema,
  dataSubjects: PrivacyTextSchema,
  recipients: PrivacyTextSchema,
  retention: PrivacyTextSchema,
  retentionDays: Nullable(Type.Integer({ minimum: 0 })),
  measures: PrivacyTextSchema,
});
export type ProcessingActivity = Static<typeof ProcessingActivitySchema>;

/** The record of processing activities (GDPR Art. 30), generated from the configuration. */
export const ProcessingRecordSchema = Strict({
  kind: Literals(['werkbank.processing-record'] as const),
  generatedAt: DateTime(),
  controller: Strict({ name: Nullable(Type.String()), contact: Nullable(Type.String()) }),
  suppressionThreshold: Type.Integer({ minimum: 3 }),
  technicalMeasures: Type.Array(PrivacyTextSchema),
  activities: Type.Array(ProcessingActivitySchema),
});
export type ProcessingRecord = Static<typeof ProcessingRecordSchema>;
