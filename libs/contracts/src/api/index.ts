/**
 * The response shapes of the REST API, each once: JSON Schema for the OpenAPI document (`API_SCHEMAS`, served
 * as `#/components/schemas/<name>`) and the TypeScript type of the same name (`Static<typeof …Schema>`), which
 * the server's controllers return and the admin UI reads. The package index re-exports the types only, so the
 * UI bundle carries no schema code.
 */
import {
  AcceptedSchema,
  AccessEventItemSchema,
  AccessEventPageSchema,
  AccessStatsSchema,
  MachineLiveStateSchema,
  UsageSessionSchema,
  VisitSchema,
} from './access';
import { AuditEntrySchema } from './audit';
import { BookingSchema } from './bookings';
import { DeviceFamilyItemSchema } from './device-families';
import { DeviceCreatedSchema, DeviceCredentialsSchema, DeviceSchema, MosquittoConfigSchema } from './devices';
import { ApiErrorBodySchema, FieldProblemSchema } from './errors';
import {
  AttendanceSheetSchema,
  EventSchema,
  EventSeriesSchema,
  PartnerSchema,
  RegistrationSchema,
} from './events';
import { HealthReportSchema } from './health';
import {
  LabRequestReceiptSchema,
  LabRequestSchema,
  LabRequestStatusSchema,
  PublicMobileLabsSchema,
  SpaceApiSchema,
} from './lab-requests';
import { MachineSchema, MachineTypeSchema } from './machines';
import {
  CardSchema,
  ImportReportSchema,
  MemberListItemSchema,
  MemberSchema,
  TrainerMemberListItemSchema,
  TrainerMemberSchema,
} from './members';
import { MemberDataExportSchema, ProcessingRecordSchema } from './privacy';
import { ReportMetricInfoSchema, ReportSchema, UrbanRuralSummarySchema } from './reports';
import { DeploymentSchema, OpeningHoursSchema, SitePresenceSchema, SiteSchema } from './sites';
import { LoginResultSchema, StaffAccountSchema, StaffSchema } from './staff';
import { ExpiringItemSchema, QualificationSchema, StandingSchema, TrainingRecordSchema } from './trainings';
import {
  IncidentSchema,
  VisitDaySchema,
  VisitHeadcountSchema,
  VisitSummarySchema,
  VolunteerHoursPageSchema,
  VolunteerHoursSchema,
} from './visits';

export * from './access';
export * from './audit';
export * from './bookings';
export * from './devices';
export * from './errors';
export * from './events';
export * from './health';
export * from './lab-requests';
export * from './machines';
export * from './members';
export * from './page';
export * from './privacy';
export * from './reports';
export * from './sites';
export * from './staff';
export * from './trainings';
export * from './visits';

export const API_SCHEMAS = {
  ApiErrorBody: ApiErrorBodySchema,
  FieldProblem: FieldProblemSchema,
  Staff: StaffSchema,
  StaffAccount: StaffAccountSchema,
  LoginResult: LoginResultSchema,
  MemberListItem: MemberListItemSchema,
  TrainerMemberListItem: TrainerMemberListItemSchema,
  Member: MemberSchema,
  TrainerMember: TrainerMemberSchema,
  Card: CardSchema,
  ImportReport: ImportReportSchema,
  Qualification: QualificationSchema,
  Standing: StandingSchema,
  TrainingRecord: TrainingRecordSchema,
  ExpiringItem: ExpiringItemSchema,
  MachineType: MachineTypeSchema,
  Machine: MachineSchema,
  OpeningHours: OpeningHoursSchema,
  Site: SiteSchema,
  Deployment: DeploymentSchema,
  SitePresence: SitePresenceSchema,
  Device: DeviceSchema,
  DeviceCreated: DeviceCreatedSchema,
  DeviceCredentials: DeviceCredentialsSchema,
  MosquittoConfig: MosquittoConfigSchema,
  DeviceFamilyItem: DeviceFamilyItemSchema,
  AccessEventItem: AccessEventItemSchema,
  AccessEventPage: AccessEventPageSchema,
  UsageSession: UsageSessionSchema,
  Visit: VisitSchema,
  MachineLiveState: MachineLiveStateSchema,
  AccessStats: AccessStatsSchema,
  Accepted: AcceptedSchema,
  AuditEntry: AuditEntrySchema,
  Booking: BookingSchema,
  HealthReport: HealthReportSchema,
  Partner: PartnerSchema,
  Event: EventSchema,
  EventSeries: EventSeriesSchema,
  Registration: RegistrationSchema,
  AttendanceSheet: AttendanceSheetSchema,
  VisitHeadcount: VisitHeadcountSchema,
  VisitDay: VisitDaySchema,
  VisitSummary: VisitSummarySchema,
  Incident: IncidentSchema,
  VolunteerHours: VolunteerHoursSchema,
  VolunteerHoursPage: VolunteerHoursPageSchema,
  PublicMobileLabs: PublicMobileLabsSchema,
  LabRequestReceipt: LabRequestReceiptSchema,
  LabRequestStatus: LabRequestStatusSchema,
  LabRequest: LabRequestSchema,
  SpaceApi: SpaceApiSchema,
  Report: ReportSchema,
  ReportMetricInfo: ReportMetricInfoSchema,
  UrbanRuralSummary: UrbanRuralSummarySchema,
  MemberDataExport: MemberDataExportSchema,
  ProcessingRecord: ProcessingRecordSchema,
} as const;

export type ApiSchemaName = keyof typeof API_SCHEMAS;
