export * from './audit-log.repository';
export * from './cards.repository';
export * from './members.repository';
export * from './prepared-reads';
export * from './staff.repository';
export * from './training-records.repository';

import { AuditLogRepository } from './audit-log.repository';
import { CardsRepository } from './cards.repository';
import { MembersRepository } from './members.repository';
import { PreparedReads } from './prepared-reads';
import { StaffRepository } from './staff.repository';
import { TrainingRecordsRepository } from './training-records.repository';

export const REPOSITORIES = [
  AuditLogRepository,
  CardsRepository,
  MembersRepository,
  PreparedReads,
  StaffRepository,
  TrainingRecordsRepository,
];
