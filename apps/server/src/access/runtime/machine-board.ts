import { Injectable } from '@nestjs/common';
import type { MachineLiveState } from '@werkbank/contracts';
import { DeviceDirectory } from '../../devices/device-directory';
import { LiveHub } from '../live-hub';
import { AccessState } from './access-state';
import type { MachineRuntime } from './machine-runtime';

/** What the live board shows of a machine, and the push of it to the board when it changes. */
@Injectable()
export class MachineBoard {
  /** Off during boot: restoring sessions and loading machines is no news for the board. */
  private live = false;

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly state: AccessState,
    private readonly hub: LiveHub,
  ) {}

  goLive(): void {
    this.live = true;
  }

  view(machine: MachineRuntime): MachineLiveState {
    const devices = this.directory.ofMachine(machine.machineId);
    const { session } = machine;
    return {
      machineId: machine.machineId,
      siteId: machine.siteId,
      name: machine.name,
      state: machine.state,
      relayOn: machine.relayOn,
      powerW: machine.powerW,
      online: devices.length > 0 && devices.every((d) => d.online),
      session: machine.liveSession,
      print: machine.print,
      waitingForPrint:
        session.phase === 'ending' ||
        (session.phase !== 'active' && session.printing && machine.relayOn === true),
    };
  }

  publish(machine: MachineRuntime): void {
    if (!this.live) return;
    const { session } = machine;
    const memberId =
      session.phase === 'active' || session.phase === 'ending' ? session.session.memberId : null;
    this.hub.machine(this.view(machine), this.state.memberName(memberId));
  }
}
