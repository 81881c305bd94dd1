export * from './activity.repository';
export * from './audit-log.repository';
export * from './cards.repository';
export * from './devices.repository';
export * from './lab-requests.repository';
export * from './machines.repository';
export * from './members.repository';
export * from './prepared-reads';
export * from './qualifications.repository';
export * from './sites.repository';
export * from './staff.repository';
export * from './training-records.repository';

import { ActivityRepository } from './activity.repository';
import { AuditLogRepository } from './audit-log.repository';
import { CardsRepository } from './cards.repository';
import { DevicesRepository } from './devices.repository';
import { LabRequestsRepository } from './lab-requests.repository';
import { MachinesRepository, MachineTypesRepository } from './machines.repository';
import { MembersRepository } from './members.repository';
import { PreparedReads } from './prepared-reads';
import { QualificationsRepository } from './qualifications.repository';
import { SitesRepository } from './sites.repository';
import { StaffRepository } from './staff.repository';
import { TrainingRecordsRepository } from './training-records.repository';

export const REPOSITORIES = [
  ActivityRepository,
  AuditLogRepository,
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
  LabRequestsRepository,
];
