import { Injectable } from '@nestjs/common';
import { removeBooking } from '@werkbank/access-core';
import { DeviceRole } from '@werkbank/contracts';
import { DevicesRepository } from '@werkbank/persistence';
import { ChangeFeed } from '../../common/change-feed';
import { DeviceDirectory } from '../../devices/device-directory';
import { MqttBus } from '../../mqtt/mqtt-bus';
import { ActivityJournal } from '../activity-journal';
import { SnapshotLoader } from '../snapshot-loader';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { EntranceTaps } from './entrance-taps';
import { MachineBoard } from './machine-board';
import { MachineSessions } from './machine-sessions';
import { StaffPresence } from './staff-presence';

/**
 * Keeps the runtime's memory in step with what staff change: each change event re-reads the rows it names and
 * patches the snapshot, the presence list, the machines or the device directory before the change's request
 * is answered, so the next tap already sees it.
 */
@Injectable()
export class SnapshotSync {
  constructor(
    private readonly changes: ChangeFeed,
    private readonly loader: SnapshotLoader,
    private readonly state: AccessState,
    private readonly journal: ActivityJournal,
    private readonly presence: StaffPresence,
    private readonly entrance: EntranceTaps,
    private readonly sessions: MachineSessions,
    private readonly board: MachineBoard,
    private readonly directory: DeviceDirectory,
    private readonly devices: DevicesRepository,
    private readonly commands: DeviceCommands,
    private readonly bus: MqttBus,
  ) {}

  /** Registers the listeners (once, after the boot load). */
  listen(): void {
    const { changes, loader, state } = this;
    changes.on('card', ({ id }) => loader.reloadCard(state.snapshot, id));
    changes.on('cardRemoved', ({ uidHash }) => loader.removeCard(state.snapshot, uidHash));
    changes.on('member', ({ id }) => loader.reloadMember(state.snapshot, state.names, id));
    changes.on('members', ({ ids }) => loader.reloadMembers(state.snapshot, state.names, ids));
    changes.on('memberRemoved', async ({ id }) => {
      await loader.reloadMember(state.snapshot, state.names, id);
      // Erasure re-keys the member's activity after this: journal lines still in flight must be in the database.
      await this.journal.flush();
    });
    changes.on('training', ({ memberId }) => loader.reloadGrants(state.snapshot, memberId));
    changes.on('qualification', ({ id }) => loader.reloadQualification(state.snapshot, id));
    changes.on('site', async ({ id }) => {
      if (!(await loader.reloadSite(state.snapshot, id))) this.entrance.forgetSite(id);
    });
    changes.on('staff', () => this.presence.reload());
    const onMachine = async ({ id }: { id: string }) => {
      const m = await loader.reloadMachine(state.snapshot, id);
      if (m) this.board.publish(this.sessions.upsert(m));
      else this.sessions.remove(id);
    };
    changes.on('machine', onMachine);
    changes.on('machineRemoved', onMachine);
    changes.on('device', async ({ id }) => {
      const d = await this.devices.findById(id);
      if (!d) return this.directory.remove(id);
      this.directory.upsert(d);
      await this.bus.subscribe(this.directory.subscriptions());
      const registered = this.directory.get(d.id);
      if (registered && d.role === DeviceRole.Actuator) this.commands.queryRelay(registered);
    });
    changes.on('deviceRemoved', ({ id }) => this.directory.remove(id));
    changes.on('booking', ({ id }) => loader.reloadBooking(state.snapshot, id));
    changes.on('bookingRemoved', ({ id }) => void removeBooking(state.snapshot, id));
  }
}
