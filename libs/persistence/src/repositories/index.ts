export * from './activity.repository';
export * from './audit-log.repository';
export * from './bookings.repository';
export * from './bridge.repository';
export * from './cards.repository';
export * from './devices.repository';
export * from './events.repository';
export * from './lab-requests.repository';
export * from './machines.repository';
export * from './members.repository';
export * from './prepared-reads';
export * from './qualifications.repository';
export * from './sites.repository';
export * from './staff.repository';
export * from './training-records.repository';
export * from './visits.repository';
export * from './incidents.repository';
export * from './volunteer-hours.repository';
export * from './report-cells.repository';
export * from './report-sources.repository';
export * from './member-data.repository';
export * from './municipality-classes.repository';

import { ActivityRepository } from './activity.repository';
import { AuditLogRepository } from './audit-log.repository';
import { BookingsRepository } from './bookings.repository';
import { BridgeRepository } from './bridge.repository';
import { CardsRepository } from './cards.repository';
import { DevicesRepository } from './devices.repository';
import { EventsRepository, PartnersRepository } from './events.repository';
import { LabRequestsRepository } from './lab-requests.repository';
import { MachinesRepository, MachineTypesRepository } from './machines.repository';
import { MembersRepository } from './members.repository';
import { PreparedReads } from './prepared-reads';
import { QualificationsRepository } from './qualifications.repository';
import { SitesRepository } from './sites.repository';
import { StaffRepository } from './staff.repository';
import { TrainingRecordsRepository } from './training-records.repository';
import { VisitsRepository } from './visits.repository';
import { IncidentsRepository } from './incidents.repository';
import { VolunteerHoursRepository } from './volunteer-hours.repository';
import { ReportCellsRepository } from './report-cells.repository';
import { ReportSourcesRepository } from './report-sources.repository';
import { MemberDataRepository } from './member-data.repository';
import { MunicipalityClassesRepository } from './municipality-classes.repository';

export const REPOSITORIES = [
  ActivityRepository,
  AuditLogRepository,
  BookingsRepository,
  BridgeRepository,
  CardsRepository,
  DevicesRepository,
  MachinesRepository,
  MachineTypesRepository,
  MembersRepository,
  PreparedReads,
  QualificationsRepository,
  SitesRepository,
  StaffRepository,
  TrainingRecordsRepository,
  EventsRepository,
  PartnersRepository,
  VisitsRepository,
  IncidentsRepository,
  VolunteerHoursRepository,
  LabRequestsRepository,
  ReportCellsRepository,
  ReportSourcesRepository,
  MemberDataRepository,
  MunicipalityClassesRepository,
];
export * from './insert-in-chunks';
