export * from './activity.repository';
export * from './audit-log.repository';
export * from './cards.repository';
export * from './devices.repository';
export * from './members.repository';
export * from './prepared-reads';
export * from './staff.repository';
export * from './training-records.repository';

import { ActivityRepository } from './activity.repository';
import { AuditLogRepository } from './audit-log.repository';
import { CardsRepository } from './cards.repository';
import { DevicesRepository } from './devices.repository';
import { MembersRepository } from './members.repository';
import { PreparedReads } from './prepared-reads';
import { StaffRepository } from './staff.repository';
import { TrainingRecordsRepository } from './training-records.repository';

export const REPOSITORIES = [
  ActivityRepository,
  AuditLogRepository,
  CardsRepository,
  DevicesRepository,
  MembersRepository,
  PreparedReads,
  StaffRepository,
  TrainingRecordsRepository,
];
