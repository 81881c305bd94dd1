import { Inject, Injectable } from '@nestjs/common';
import { DeviceRole } from '@werkbank/contracts';
import type { FeedbackCommand, Outbound } from '@werkbank/device-protocol';
import { Clock, CLOCK } from '../../common/clock';
import { DeviceDirectory, type RegisteredDevice } from '../../devices/device-directory';
import { MqttBus } from '../../mqtt/mqtt-bus';
import { ActivityJournal } from '../activity-journal';

/**
 * The one way out to devices. Whatever the journal holds is on disk before any device hears of it: a relay
 * never switches for a decision a crash could forget.
 */
@Injectable()
export class DeviceCommands {
  constructor(
    private readonly directory: DeviceDirectory,
    private readonly journal: ActivityJournal,
    private readonly bus: MqttBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  feedback(device: RegisteredDevice, feedback: FeedbackCommand): void {
    this.send(this.directory.adapterOf(device)?.encodeFeedback(device.address, feedback));
  }

  /** Switches every relay of a machine. */
  switchRelays(machineId: string, on: boolean, sessionId: string | null): void {
    const issuedAt = this.clock.now().toISOString();
    for (const d of this.directory.ofMachineWithRole(machineId, DeviceRole.Actuator)) {
      this.send(
        this.directory.adapterOf(d)?.encodeActuator(d.address, on, { sessionId, issuedAt, machineId }),
      );
    }
  }

  /** Asks a relay for its state; the answer arrives as an ordinary relay report. */
  queryRelay(device: RegisteredDevice): void {
    this.send(this.directory.adapterOf(device)?.encodeStateQuery(device.address));
  }

  queryRelaysOf(machineId: string): void {
    for (const d of this.directory.ofMachineWithRole(machineId, DeviceRole.Actuator)) this.queryRelay(d);
  }

  private send(messages: readonly Outbound[] | undefined): void {
    if (!messages || messages.length === 0) return;
    this.journal.sync();
    for (const m of messages) this.bus.publish(m);
  }
}
