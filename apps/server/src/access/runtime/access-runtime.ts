import { Inject, Injectable } from '@nestjs/common';
import { DeviceRole } from '@werkbank/contracts';
import { DevicesRepository } from '@werkbank/persistence';
import { Clock, CLOCK } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { DeviceDirectory } from '../../devices/device-directory';
import { MqttBus } from '../../mqtt/mqtt-bus';
import { ActivityJournal } from '../activity-journal';
import { PrintStates } from '../print-states';
import { SnapshotLoader } from '../snapshot-loader';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { DeviceInbox } from './device-inbox';
import { EntranceTaps } from './entrance-taps';
import { MachineBoard } from './machine-board';
import { MachineBookings } from './machine-bookings';
import { MachineSessions } from './machine-sessions';
import { SessionRestore } from './session-restore';
import { SnapshotSync } from './snapshot-sync';
import { StaffPresence } from './staff-presence';
import { TapAdmission } from './tap-admission';

const TICK_MS = 1000;

/**
 * The real-time access core at runtime, put together: the boot order and the clock tick. The parts do the work
 * (docs/architecture.md draws them): the device inbox routes and decodes, the tap handler decides in memory,
 * the machine sessions run one state machine per machine, device commands journal before they publish, and
 * the snapshot sync applies what staff change.
 */
@Injectable()
export class AccessRuntime {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly journal: ActivityJournal,
    private readonly printStates: PrintStates,
    private readonly loader: SnapshotLoader,
    private readonly state: AccessState,
    private readonly presence: StaffPresence,
    private readonly directory: DeviceDirectory,
    private readonly devices: DevicesRepository,
    private readonly sessions: MachineSessions,
    private readonly restore: SessionRestore,
    private readonly entrance: EntranceTaps,
    private readonly admission: TapAdmission,
    private readonly sync: SnapshotSync,
    private readonly inbox: DeviceInbox,
    private readonly board: MachineBoard,
    private readonly commands: DeviceCommands,
    private readonly bus: MqttBus,
    private readonly bookings: MachineBookings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Boot: replay the journal, build the snapshot, restore open sessions, subscribe, ask relays for their state. */
  async start(): Promise<void> {
    await this.journal.open(this.config.DATA_DIR, this.config.JOURNAL_FSYNC);
    this.printStates.open(this.config.DATA_DIR);
    const loaded = await this.loader.loadAll();
    this.state.snapshot = loaded.snapshot;
    this.state.names = loaded.names;
    await this.presence.load(loaded.staffMembers);
    for (const m of loaded.machines) this.sessions.upsert(m);
    this.directory.load(await this.devices.findAll());
    const now = this.clock.now().getTime();
    await this.restore.restore();
    await this.entrance.restore(now);
    await this.admission.restore(now);
    this.sync.listen();
    this.bus.onMessage((topic, payload) => this.inbox.onMessage(topic, payload));
    await this.bus.subscribe(this.directory.subscriptions());
    for (const d of this.directory.all())
      if (d.entity.role === DeviceRole.Actuator) this.commands.queryRelay(d);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.board.goLive();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.journal.close();
  }

  /** One tick: forget old tap ids, write reject-log summaries, run the machines' deadlines, release no-shows. */
  tick(now = this.clock.now().getTime()): void {
    this.admission.evict(now);
    this.inbox.drainRejectLog(now);
    this.inbox.announceSilentBridges(now);
    this.sessions.tick(now);
    this.bookings.tick(now);
  }
}
