import {
  AccessEventEntity,
  StaffPresenceEntity,
  UsageSessionEntity,
  VisitEntity,
  VisitHeadcountEntity,
} from './activity.entity';
import { AuditLogEntity } from './audit-log.entity';
import { BookingEntity } from './booking.entity';
import { BridgeAllowlistEntity, DeviceUsageMessageEntity } from './bridge.entity';
import { CardEntity } from './card.entity';
import { DeviceEntity } from './device.entity';
import {
  EventEntity,
  EventPartnerEntity,
  EventRegistrationEntity,
  EventSeriesEntity,
  EventStaffEntity,
  PartnerEntity,
} from './event.entity';
import { LabRequestEntity } from './lab-request.entity';
import { MachineEntity, MachineTypeEntity } from './machine.entity';
import { MemberEntity } from './member.entity';
import { QualificationEntity, TrainingRecordEntity } from './qualification.entity';
import { DeploymentEntity, OpeningHoursEntity, SiteEntity } from './site.entity';
import { StaffAccountEntity, StaffSessionEntity } from './staff-account.entity';
import { IncidentEntity } from './incident.entity';
import { VolunteerHoursEntity } from './volunteer-hours.entity';
import {
  MunicipalityClassEntity,
  ReportCellEntity,
  ReportDirtyDayEntity,
  ReportMachineUserDayEntity,
  ReportResidualCellEntity,
  ReportSealEntity,
  ReportTrainingResidualEntity,
  ReportVisitorDayEntity,
} from './report.entity';

export * from './activity.entity';
export * from './audit-log.entity';
export * from './base.entity';
export * from './booking.entity';
export * from './bridge.entity';
export * from './card.entity';
export * from './device.entity';
export * from './event.entity';
export * from './lab-request.entity';
export * from './machine.entity';
export * from './member.entity';
export * from './qualification.entity';
export * from './site.entity';
export * from './staff-account.entity';
export * from './incident.entity';
export * from './volunteer-hours.entity';
export * from './report.entity';

export const ENTITIES = [
  SiteEntity,
  OpeningHoursEntity,
  DeploymentEntity,
  MemberEntity,
  CardEntity,
  MachineTypeEntity,
  MachineEntity,
  QualificationEntity,
  TrainingRecordEntity,
  StaffAccountEntity,
  StaffSessionEntity,
  AuditLogEntity,
  DeviceEntity,
  UsageSessionEntity,
  AccessEventEntity,
  VisitEntity,
  StaffPresenceEntity,
  BookingEntity,
  PartnerEntity,
  EventSeriesEntity,
  EventEntity,
  EventPartnerEntity,
  EventStaffEntity,
  EventRegistrationEntity,
  VisitHeadcountEntity,
  IncidentEntity,
  VolunteerHoursEntity,
  LabRequestEntity,
  ReportCellEntity,
  ReportDirtyDayEntity,
  ReportSealEntity,
  ReportResidualCellEntity,
  ReportVisitorDayEntity,
  ReportMachineUserDayEntity,
  ReportTrainingResidualEntity,
  MunicipalityClassEntity,
  DeviceUsageMessageEntity,
  BridgeAllowlistEntity,
];
