import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmptySnapshot,
  type PolicySnapshot,
  setGrant,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from '@werkbank/access-core';
import { DeviceProtocol, DeviceRole, MachineState, QualificationLevel } from '@werkbank/contracts';
import type { Outbound } from '@werkbank/device-protocol';
import {
  type ActivityRepository,
  type BookingsRepository,
  type BridgeRepository,
  type UsageRecord,
  DeviceEntity,
  type EventsRepository,
  MachineEntity,
  type StaffRepository,
  StaffAccountEntity,
} from '@werkbank/persistence';
import {
  aMachine,
  aMember,
  aQualification,
  aSite,
  WED_10_BERLIN,
} from '../../../../../../libs/access-core/testing/access.factory';
import type { AuditService } from '../../../audit/audit.service';
import type { EventAttendanceService } from '../../../events/event-attendance.service';
import { CardHasher } from '../../../cards/card-hasher';
import { AppConfig } from '../../../config/app-config';
import { DeviceDirectory } from '../../../devices/device-directory';
import { MqttAccounts } from '../../../mqtt/mqtt-accounts';
import type { MqttBus } from '../../../mqtt/mqtt-bus';
import type { ActivityJournal, JournalEntry } from '../../activity-journal';
import { LiveHub } from '../../live-hub';
import { PrintStates } from '../../print-states';
import { AccessState } from '../access-state';
import { DeviceCommands } from '../device-commands';
import { DeviceInbox } from '../device-inbox';
import { EnrollmentWatch } from '../enrollment-watch';
import { EntranceTaps } from '../entrance-taps';
import { EventReaderTaps } from '../event-reader-taps';
import { LiveTaps } from '../live-taps';
import { MachineBoard } from '../machine-board';
import { MachineSessions } from '../machine-sessions';
import { RuntimeCounters } from '../runtime-counters';
import { SessionRestore } from '../session-restore';
import { StaffPresence } from '../staff-presence';
import { TapAdmission } from '../tap-admission';
import { TapHandler } from '../tap-handler';
import { MachineBookings } from '../machine-bookings';
import { OfflineHashes } from '../offline-hashes';
import { UsageRecorder } from '../usage-recorder';
import { BridgeKeys } from '../../../cards/bridge-keys';
import { BridgeHealth } from '../../../devices/bridge-health';
import { resolveAllowlistSigningKey } from '../../../config/bridge-secrets';
import {
  FakeActivity,
  FakeBookings,
  FakeBus,
  FakeClock,
  FakeEventDoor,
  FakeJournal,
  RecordingSink,
  type Step,
} from './runtime-fakes';

export * from './runtime-fakes';

export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export const TRAINED_UID = '008EC793';
export const UNTRAINED_UID = '04A2B3C4';
export const STAFF_UID = 'AA11BB22';

export function device(
  fields: Partial<DeviceEntity> & Pick<DeviceEntity, 'id' | 'role' | 'protocol' | 'address'>,
) {
  return Object.assign(new DeviceEntity(), {
    name: fields.id,
    siteId: 'site-1',
    machineId: 'laser-1',
    options: null,
    mqttUsername: fields.id,
    mqttPasswordHash: null,
    ...fields,
  });
}

export function machine(fields: Partial<MachineEntity> = {}): MachineEntity {
  return Object.assign(new MachineEntity(), {
    id: 'laser-1',
    siteId: 'site-1',
    machineTypeId: 'laser',
    name: 'Laser',
    state: MachineState.Available,
    needsSupervision: false,
    minimumAge: null,
    maxSessionMinutes: 120,
    allowTakeover: false,
    idlePowerWatts: 20,
    idleMinutes: 10,
    ...fields,
  });
}

/**
 * The runtime's parts wired by hand around fakes of the bus, the journal, the clock and the database reads:
 * a site open on Wednesday 10:00 (Berlin) with staff present, a laser with a Tasmota reader and relay, an
 * entrance reader, an event reader, member-1 trained (card TRAINED_UID), member-2 untrained (UNTRAINED_UID), and member-3
 * trained, with a staff account (STAFF_UID).
 */
export async function runtimeHarness(overrides: Partial<AppConfig> = {}) {
  const steps: Step[] = [];
  const clock = new FakeClock(WED_10_BERLIN);
  const bus = new FakeBus(steps);
  const journal = new FakeJournal(steps);
  const config = Object.assign(new AppConfig(), {
    DEVICE_LANGUAGE: 'en',
    TIMEZONE: 'Europe/Berlin',
    ...overrides,
  });
  const hasher = new CardHasher('unit-test-secret');
  const activity = new FakeActivity();
  const staffAccounts = [
    Object.assign(new StaffAccountEntity(), { id: 'staff-1', memberId: null, active: true }),
    Object.assign(new StaffAccountEntity(), { id: 'staff-3', memberId: 'member-3', active: true }),
  ];
  const staffRepository = { findActive: async () => staffAccounts.filter((s) => s.active) };
  const audits: unknown[][] = [];
  const audit = { record: async (...args: unknown[]) => void audits.push(args) };
  const hub = new LiveHub();
  const sink = new RecordingSink();
  hub.attach(sink);
  const printStates = new PrintStates();
  printStates.open(mkdtempSync(join(tmpdir(), 'werkbank-runtime-')));

  const accounts = new MqttAccounts();
  const directory = new DeviceDirectory(config, accounts);
  const state = new AccessState();
  state.snapshot = labSnapshot(hasher);
  for (const n of [1, 2, 3]) {
    state.names.set(`member-${n}`, { memberKey: `key-${n}`, name: `Member ${n}` });
  }
  const counters = new RuntimeCounters();
  const bookingRepository = new FakeBookings();
  const bookings = new MachineBookings(
    state,
    bookingRepository as unknown as BookingsRepository,
    counters,
    config,
  );
  const asBus = bus as unknown as MqttBus;
  const asJournal = journal as unknown as ActivityJournal;
  const asActivity = activity as unknown as ActivityRepository;
  const commands = new DeviceCommands(directory, asJournal, asBus, clock);
  const admission = new TapAdmission(config, counters, asActivity);
  const enrollment = new EnrollmentWatch(directory, hub, clock);
  const presence = new StaffPresence(
    state,
    asJournal,
    staffRepository as unknown as StaffRepository,
    audit as unknown as AuditService,
    clock,
  );
  const liveTaps = new LiveTaps(state, hub, hasher, clock);
  const entrance = new EntranceTaps(state, presence, asJournal, commands, liveTaps, asActivity, config);
  const eventDoor = new FakeEventDoor();
  const eventReader = new EventReaderTaps(
    state,
    commands,
    liveTaps,
    eventDoor as unknown as EventsRepository,
    eventDoor as unknown as EventAttendanceService,
    config,
  );
  const board = new MachineBoard(directory, state, hub);
  const sessions = new MachineSessions(state, asJournal, printStates, commands, board, hub, config, clock);
  const restore = new SessionRestore(state, sessions, asJournal, asActivity, clock);
  // The bridge parts: keys made in a temp dir, a repository that stores nothing (bridge e2e tests cover it).
  const keysDir = mkdtempSync(join(tmpdir(), 'werkbank-keys-'));
  const keys = new BridgeKeys(
    resolveAllowlistSigningKey(Object.assign(new AppConfig(), { DATA_DIR: keysDir })),
    '0123456789abcdef'.repeat(4),
  );
  const bridgeRepository = {
    offlineHashes: async () => [],
    offlineHashOfCard: async () => null,
    setOfflineHashes: async () => undefined,
    /** Records what the recorder stored; a test may make it fail. */
    stored: [] as UsageRecord[],
    failNext: 0,
    async storeUsage(record: UsageRecord): Promise<'stored' | 'duplicate'> {
      if (this.failNext > 0) {
        this.failNext -= 1;
        throw new Error('database unavailable');
      }
      if (this.stored.some((r) => r.deviceId === record.deviceId && r.msgId === record.msgId))
        return 'duplicate';
      this.stored.push(record);
      return 'stored';
    },
  };
  const offlineHashes = new OfflineHashes(bridgeRepository as unknown as BridgeRepository, keys);
  const taps = new TapHandler(
    state,
    admission,
    enrollment,
    entrance,
    eventReader,
    sessions,
    commands,
    asJournal,
    liveTaps,
    hasher,
    counters,
    bookings,
    config,
    offlineHashes,
  );
  const usage = new UsageRecorder(
    bridgeRepository as unknown as BridgeRepository,
    directory,
    state,
    hasher,
    offlineHashes,
    asBus,
    sessions,
  );
  const health = new BridgeHealth(config, clock);
  const inbox = new DeviceInbox(
    directory,
    taps,
    sessions,
    commands,
    asJournal,
    hub,
    counters,
    usage,
    health,
    clock,
  );
  bus.onMessage((topic, payload) => inbox.onMessage(topic, payload));

  directory.load([
    device({
      id: 'laser-reader',
      role: DeviceRole.MachineReader,
      protocol: DeviceProtocol.TasmotaReader,
      address: 'laser-reader',
    }),
    device({
      id: 'laser-relay',
      role: DeviceRole.Actuator,
      protocol: DeviceProtocol.TasmotaRelay,
      address: 'laser-relay',
    }),
    device({
      id: 'door',
      role: DeviceRole.EntranceReader,
      protocol: DeviceProtocol.TasmotaReader,
      address: 'door',
      machineId: null,
    }),
    device({
      id: 'event-door',
      role: DeviceRole.EventReader,
      protocol: DeviceProtocol.TasmotaReader,
      address: 'event-door',
      machineId: null,
    }),
  ]);
  sessions.upsert(machine());
  // The staff keys as the snapshot loader derives them: the member id of a staff member, else the account id.
  await presence.load(new Map(staffAccounts.map((s) => [s.id, s.memberId ?? s.id])));

  return {
    steps,
    clock,
    bus,
    journal,
    config,
    hasher,
    activity,
    staffAccounts,
    audits,
    sink,
    printStates,
    accounts,
    directory,
    state,
    counters,
    commands,
    admission,
    enrollment,
    presence,
    entrance,
    eventDoor,
    board,
    sessions,
    restore,
    taps,
    inbox,
    bookings,
    bookingRepository,
    usage,
    bridgeRepository,
    /** A card read at a Tasmota reader, as it arrives from the broker. */
    tapAt(reader: string, uid: string) {
      bus.deliver(`tele/${reader}/SENSOR`, JSON.stringify({ RDM6300: { UID: uid } }));
    },
    /** The relay reports its state (Tasmota `stat/<t>/POWER`). */
    relayReports(on: boolean) {
      bus.deliver('stat/laser-relay/POWER', on ? 'ON' : 'OFF');
    },
    published(): Outbound[] {
      return steps.flatMap((s) => (s.kind === 'publish' ? [s.message] : []));
    },
    recorded(): JournalEntry[] {
      return steps.flatMap((s) => (s.kind === 'record' ? [s.entry] : []));
    },
    relayCommands(): string[] {
      return this.published()
        .filter((m) => m.topic === 'cmnd/laser-relay/POWER')
        .map((m) => String(m.payload));
    },
  };
}

export type RuntimeHarness = Awaited<ReturnType<typeof runtimeHarness>>;

function labSnapshot(hasher: CardHasher): PolicySnapshot {
  const snapshot = createEmptySnapshot();
  upsertSite(snapshot, aSite({ staffPresent: ['staff-1'] }));
  upsertMachine(snapshot, aMachine());
  upsertQualification(snapshot, aQualification({ prerequisiteIds: [] }));
  const uids = { 1: TRAINED_UID, 2: UNTRAINED_UID, 3: STAFF_UID } as const;
  for (const n of [1, 2, 3] as const) {
    upsertMember(snapshot, aMember({ memberId: `member-${n}`, memberKey: `key-${n}` }));
    upsertCard(snapshot, {
      uidHash: hasher.hash(uids[n]),
      cardId: `card-${n}`,
      memberId: `member-${n}`,
      blocked: false,
    });
  }
  for (const memberId of ['member-1', 'member-3']) {
    setGrant(snapshot, memberId, 'q-laser', { level: QualificationLevel.Independent, expiresAt: null });
  }
  return snapshot;
}
