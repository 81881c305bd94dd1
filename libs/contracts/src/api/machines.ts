import { MachineState } from '../domain.enums';
import { DateTime, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

const timestamps = { createdAt: DateTime(), updatedAt: DateTime() };

export const MachineTypeSchema = Strict({
  id: Id(),
  name: Type.String(),
  description: Nullable(Type.String()),
  ...timestamps,
});
export type MachineType = Static<typeof MachineTypeSchema>;

export const MachineSchema = Strict({
  id: Id(),
  name: Type.String(),
  siteId: Id(),
  machineTypeId: Id(),
  state: StringEnum(MachineState),
  stateReason: Nullable(Type.String()),
  needsSupervision: Type.Boolean(),
  minimumAge: Nullable(Type.Integer({ minimum: 0 })),
  maxSessionMinutes: Nullable(Type.Integer({ minimum: 1 })),
  allowTakeover: Type.Boolean(),
  idlePowerWatts: Nullable(Type.Integer({ minimum: 0, description: 'Below this draw the machine is idle.' })),
  idleMinutes: Nullable(Type.Integer({ minimum: 1 })),
  ...timestamps,
});
export type Machine = Static<typeof MachineSchema>;
