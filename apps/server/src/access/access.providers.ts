import type { Provider } from '@nestjs/common';
import { BridgeHealth } from '../devices/bridge-health';
import { DeviceDirectory } from '../devices/device-directory';
import { AccessState } from './runtime/access-state';
import { AccessRuntime } from './runtime/access-runtime';
import { DeviceCommands } from './runtime/device-commands';
import { DeviceInbox } from './runtime/device-inbox';
import { EnrollmentWatch } from './runtime/enrollment-watch';
import { EntranceTaps } from './runtime/entrance-taps';
import { EventReaderTaps } from './runtime/event-reader-taps';
import { LiveTaps } from './runtime/live-taps';
import { MachineBoard } from './runtime/machine-board';
import { MachineBookings } from './runtime/machine-bookings';
import { MachineSessions } from './runtime/machine-sessions';
import { RuntimeCounters } from './runtime/runtime-counters';
import { SessionRestore } from './runtime/session-restore';
import { SnapshotSync } from './runtime/snapshot-sync';
import { StaffPresence } from './runtime/staff-presence';
import { TapAdmission } from './runtime/tap-admission';
import { OfflineHashes } from './runtime/offline-hashes';
import { TapHandler } from './runtime/tap-handler';
import { UsageRecorder } from './runtime/usage-recorder';

/** The access runtime's parts (docs/architecture.md, "The access runtime"). */
export const ACCESS_RUNTIME_PROVIDERS: Provider[] = [
  DeviceDirectory,
  BridgeHealth,
  AccessState,
  OfflineHashes,
  UsageRecorder,
  RuntimeCounters,
  DeviceCommands,
  TapAdmission,
  EnrollmentWatch,
  StaffPresence,
  EntranceTaps,
  EventReaderTaps,
  MachineBoard,
  MachineSessions,
  MachineBookings,
  SessionRestore,
  LiveTaps,
  TapHandler,
  DeviceInbox,
  SnapshotSync,
  AccessRuntime,
];
