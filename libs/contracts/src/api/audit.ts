import { AuditAction } from '../domain.enums';
import { DateTime, Id, Nullable, Static, StringEnum, StringMap, Strict, Type } from './schema';

export const AuditEntrySchema = Strict({
  id: Id(),
  at: DateTime(),
  actorId: Nullable(Id()),
  actorName: Type.String(),
  action: StringEnum(AuditAction),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  before: Nullable(StringMap(Type.Unknown())),
  after: Nullable(StringMap(Type.Unknown())),
  correlationId: Nullable(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;
