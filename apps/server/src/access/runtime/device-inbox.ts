import { Inject, Injectable, Logger } from '@nestjs/common';
import { RejectLogLimiter, type RejectLogSummary } from '@werkbank/access-core';
import { DeviceRole } from '@werkbank/contracts';
import type { DeviceEvent } from '@werkbank/device-protocol';
import { Clock, CLOCK } from '../../common/clock';
import { BridgeHealth } from '../../devices/bridge-health';
import { DeviceDirectory, type RegisteredDevice } from '../../devices/device-directory';
import { ActivityJournal } from '../activity-journal';
import { LiveHub } from '../live-hub';
import { DeviceCommands } from './device-commands';
import { MachineSessions } from './machine-sessions';
import { RuntimeCounters } from './runtime-counters';
import { TapHandler } from './tap-handler';
import { UsageRecorder } from './usage-recorder';

/**
 * Every MQTT message from devices comes in here (the hot path): routed to its device(s), decoded by the
 * family's codec, and each event handed to the part that handles it. A malformed message is counted and
 * logged, at most a few lines per device and minute; nothing a device sends can stop the runtime.
 */
@Injectable()
export class DeviceInbox {
  private readonly logger = new Logger(DeviceInbox.name);
  private readonly rejectLog = new RejectLogLimiter({ linesPerWindow: 5, windowMs: 60_000 });

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly taps: TapHandler,
    private readonly sessions: MachineSessions,
    private readonly commands: DeviceCommands,
    private readonly journal: ActivityJournal,
    private readonly live: LiveHub,
    private readonly counters: RuntimeCounters,
    private readonly usage: UsageRecorder,
    private readonly health: BridgeHealth,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onMessage(topic: string, payload: Buffer): void {
    const receivedAt = this.clock.now().getTime();
    this.counters.messages += 1;
    const routed = this.directory.route(topic);
    if (routed.length === 0) {
      this.counters.unroutable += 1;
      return;
    }
    // One journal write (and fsync) for everything this message causes.
    this.journal.gather(() => {
      for (const { device, adapter } of routed) {
        const result = adapter.decode(device, topic, payload);
        if (!result.ok) {
          this.counters.malformed += 1;
          this.reject(
            device.deviceId,
            receivedAt,
            { topic, reason: result.error },
            'malformed device message ignored',
          );
          continue;
        }
        for (const event of result.events) this.dispatch(device.deviceId, event, receivedAt);
      }
    });
  }

  /** Writes the summaries of reject-log windows that are over (called by the runtime's tick). */
  drainRejectLog(now: number): void {
    for (const summary of this.rejectLog.drain(now)) this.logSummary(summary);
  }

  /** Announces the bridges whose heartbeats stopped (called by the runtime's tick). */
  announceSilentBridges(now: number): void {
    for (const deviceId of this.health.newlySilent(now))
      this.live.device({
        deviceId,
        online: false,
        at: new Date(now).toISOString(),
        bridge: this.health.view(deviceId, now),
      });
  }

  private dispatch(deviceId: string, event: DeviceEvent, receivedAt: number): void {
    const device = this.directory.get(deviceId);
    if (!device) return;
    try {
      this.handle(device, event, receivedAt);
    } catch (error) {
      // One bad event must never stop the runtime.
      this.reject(deviceId, receivedAt, { err: error, kind: event.kind }, 'device event failed', 'error');
    }
  }

  private handle(device: RegisteredDevice, event: DeviceEvent, at: number): void {
    const machineId = device.entity.machineId;
    switch (event.kind) {
      case 'card':
        return this.taps.onCard(device, event, at);
      case 'availability':
        return this.onAvailability(device, event.online, at);
      case 'relay':
        if (machineId) this.sessions.onRelayReport(machineId, event.on, at);
        return;
      case 'power':
        if (machineId) this.sessions.onPower(machineId, event.watts, at);
        return;
      case 'printer':
        if (machineId) this.sessions.onPrinterReport(machineId, event, at);
        return;
      case 'usage':
        return this.usage.receive(device, event, at);
      case 'health':
        // Every heartbeat reaches the live board: its queue length and allowlist age change each time.
        this.health.record(device.entity.id, event.health, at);
        this.live.device({
          deviceId: device.entity.id,
          online: device.online,
          at: new Date(at).toISOString(),
          bridge: this.health.view(device.entity.id, at),
        });
        return;
      case 'command-failed':
        this.logger.debug({ deviceId: device.entity.id, kind: event.kind }, 'device event not handled yet');
        return;
    }
  }

  private onAvailability(device: RegisteredDevice, online: boolean, at: number): void {
    if (device.online === online) return;
    device.online = online;
    this.live.device({ deviceId: device.entity.id, online, at: new Date(at).toISOString() });
    if (online && device.entity.role === DeviceRole.Actuator) this.commands.queryRelay(device);
    if (device.entity.machineId) this.sessions.onDeviceAvailability(device.entity.machineId);
  }

  private reject(
    deviceId: string,
    now: number,
    fields: object,
    message: string,
    level: 'warn' | 'error' = 'warn',
  ): void {
    const { log, summary } = this.rejectLog.admit(deviceId, now);
    if (summary !== null) this.logSummary(summary);
    if (log) this.logger[level]({ deviceId, ...fields }, message);
  }

  private logSummary(summary: RejectLogSummary): void {
    const seconds = summary.windowMs / 1000;
    this.logger.warn(
      { deviceId: summary.key, suppressed: summary.suppressed, windowSeconds: seconds },
      `device ${summary.key}: ${summary.suppressed} more rejected messages in the last ${seconds} s`,
    );
  }
}
