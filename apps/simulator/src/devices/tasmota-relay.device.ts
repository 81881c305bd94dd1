import { tasmotaTopic } from '@werkbank/device-protocol';
import type { RelaySource, RelayState } from '../sim-types';
import { round, tasmotaTime, tasmotaUptime } from '../time.util';
import { LoadModel } from './load-model';
import { tasmotaClientId } from './tasmota-reader.device';
import { VirtualDevice, type Publication } from './virtual-device';

/** PulseTime 1–111 = 0.1 s steps, ≥ 112 = value − 100 s (Tasmota Commands.md). */
export function pulseTimeMs(value: number): number {
  if (value <= 0) return 0;
  return value <= 111 ? value * 100 : (value - 100) * 1000;
}

/**
 * A Tasmota relay / smart plug with an energy meter (device-protocols.md B3).
 *   cmnd/<t>/POWER[n]      ON | OFF | TOGGLE | 0 | 1 | 2, empty = query
 *   stat/<t>/RESULT        {"POWER":"ON"}       then  stat/<t>/POWER  ON
 *   tele/<t>/STATE         {"Time":…,"Uptime":…,"POWER":"ON","Wifi":{…}}     every TelePeriod
 *   tele/<t>/SENSOR        {"Time":…,"ENERGY":{"Power":120,…}}                every TelePeriod, and right after a
 *                          switch (as with PowerDelta set)
 *   tele/<t>/LWT           Online / Offline (retained, last will)
 *   cmnd/<t>/PulseTime[n]  device-side auto-off (the failsafe the docs recommend)
 * Options: relay (1–32, as the server's adapter), clientId; the load (LoadModel): loadWatts, idleWatts, printWatts,
 * standbyWatts.
 */
export class TasmotaRelayDevice extends VirtualDevice {
  readonly kinds = { reader: false, relay: true, printer: false };
  private readonly load = new LoadModel(this.config.options, this.ctx.now);
  private pulseTime = 0;
  private pulseTimer: NodeJS.Timeout | null = null;

  private get relay(): string {
    return this.option('relay') ?? '';
  }

  /** The key this output reports under: `POWER` on a single-relay device, `POWER<n>` on a multi-relay one. */
  private get powerKey(): string {
    return this.relay === '' ? 'POWER' : `POWER${this.relay}`;
  }

  private get pulseKey(): string {
    return `PulseTime${this.relay === '' ? '1' : this.relay}`;
  }

  protected clientId(): string {
    return this.option('clientId') ?? tasmotaClientId(this.config.deviceId);
  }

  protected will(): Publication {
    return {
      topic: tasmotaTopic('tele', this.config.address, 'LWT'),
      payload: 'Offline',
      qos: 1,
      retain: true,
    };
  }

  protected commandTopics(): string[] {
    return [`cmnd/${this.config.address}/#`];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: 'Online' });
    await this.publishTelemetry();
  }

  protected override async onTick(): Promise<void> {
    await this.publishTelemetry();
  }

  override relayState(): RelayState {
    return {
      on: this.load.on,
      watts: this.load.watts(),
      printing: this.load.printing,
      energyWh: this.load.energy(),
    };
  }

  override setPrinting(printing: boolean): boolean {
    if (this.load.setPrinting(printing)) {
      this.announce('print');
      if (this.online) this.publishSensor().catch((error: unknown) => this.fail('telemetry failed', error));
    }
    return true;
  }

  private commandKeys(): string[] {
    if (this.relay === '') return ['POWER', 'POWER1'];
    return this.relay === '1' ? ['POWER1', 'POWER'] : [`POWER${this.relay}`];
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    const head = `cmnd/${this.config.address}/`;
    if (!topic.startsWith(head)) return;
    const command = topic.slice(head.length).toUpperCase();
    if (this.commandKeys().includes(command)) return this.onPower(payload);
    const pulseKeys =
      this.relay === '' || this.relay === '1' ? ['PULSETIME', 'PULSETIME1'] : [`PULSETIME${this.relay}`];
    if (pulseKeys.includes(command)) return this.onPulseTime(payload);
    if (command === 'STATE') return this.publish(this.result(this.statePayload()));
    // Other commands (a co-located reader's Buzzer, Backlog…) are not this relay's business.
  }

  private async onPower(payload: string): Promise<void> {
    const value = payload.trim().toUpperCase();
    let target: boolean | null = null;
    if (value === 'ON' || value === '1' || value === 'TRUE') target = true;
    else if (value === 'OFF' || value === '0' || value === 'FALSE') target = false;
    else if (value === 'TOGGLE' || value === '2') target = !this.load.on;
    // Empty (or anything else Tasmota cannot parse) is a query: answer with the current state.
    if (target !== null) this.switchTo(target, 'command');
    await this.publishPowerState();
    if (target !== null) await this.publishSensor();
  }

  private switchTo(on: boolean, source: RelaySource): void {
    const changed = this.load.set(on);
    if (on && this.pulseTime > 0) this.armPulse();
    if (!on) this.disarmPulse();
    if (changed) this.announce(source);
  }

  private announce(source: RelaySource): void {
    const watts = this.load.watts();
    this.log('info', 'relay', { on: this.load.on, watts, source, printing: this.load.printing || undefined });
    this.ctx.emit({ ...this.ref, type: 'relay', on: this.load.on, watts, source });
  }

  private async onPulseTime(payload: string): Promise<void> {
    const value = payload.trim();
    if (value !== '') {
      const n = Number(value);
      if (Number.isInteger(n) && n >= 0 && n <= 65_535) {
        this.pulseTime = n;
        this.log('info', 'pulse-time', { value: n, ms: pulseTimeMs(n) });
        if (this.pulseTime === 0) this.disarmPulse();
      }
    }
    const remaining = this.pulseTimer === null ? 0 : this.pulseTime;
    await this.publish(this.result({ [this.pulseKey]: { Set: this.pulseTime, Remaining: remaining } }));
  }

  private armPulse(): void {
    this.disarmPulse();
    this.pulseTimer = setTimeout(() => {
      this.pulseTimer = null;
      if (!this.load.on) return;
      this.switchTo(false, 'pulse-time');
      if (this.online) {
        this.publishPowerState()
          .then(() => this.publishSensor())
          .catch((error: unknown) => this.fail('pulse-time off not published', error));
      }
    }, pulseTimeMs(this.pulseTime));
    this.pulseTimer.unref();
  }

  private disarmPulse(): void {
    if (this.pulseTimer !== null) clearTimeout(this.pulseTimer);
    this.pulseTimer = null;
  }

  override async stop(mode: 'graceful' | 'crash' = 'graceful'): Promise<void> {
    this.disarmPulse();
    await super.stop(mode);
  }

  private result(body: Record<string, unknown>): Publication {
    return {
      topic: tasmotaTopic('stat', this.config.address, 'RESULT'),
      payload: JSON.stringify(body),
      qos: 0,
      retain: false,
    };
  }

  private async publishPowerState(): Promise<void> {
    const text = this.load.on ? 'ON' : 'OFF';
    await this.publish(this.result({ [this.powerKey]: text }));
    await this.publish({
      topic: tasmotaTopic('stat', this.config.address, this.powerKey),
      payload: text,
      qos: 0,
      retain: false,
    });
  }

  private statePayload(): Record<string, unknown> {
    const uptime = this.uptimeSeconds();
    return {
      Time: tasmotaTime(this.ctx.now()),
      Uptime: tasmotaUptime(uptime),
      UptimeSec: uptime,
      Heap: 27,
      SleepMode: 'Dynamic',
      Sleep: 50,
      LoadAvg: 19,
      MqttCount: 1,
      [this.powerKey]: this.load.on ? 'ON' : 'OFF',
      Wifi: {
        AP: 1,
        SSId: 'werkbank-sim',
        BSSId: '00:00:00:00:00:00',
        Channel: 1,
        Mode: '11n',
        RSSI: 86,
        Signal: -57,
        LinkCount: 1,
        Downtime: '0T00:00:03',
      },
    };
  }

  private sensorPayload(): string {
    const watts = round(this.load.watts(), 1);
    const totalKwh = round(this.load.energy() / 1000, 3);
    const voltage = 230;
    const current = round(watts / voltage / 0.95, 3);
    // Several relays with one meter each report one value per channel.
    const channel = this.relay === '' ? 0 : Number(this.relay) - 1;
    const perChannel = <T>(value: T, zero: T): T | T[] =>
      channel === 0 ? value : Array.from({ length: channel + 1 }, (_, i) => (i === channel ? value : zero));
    return JSON.stringify({
      Time: tasmotaTime(this.ctx.now()),
      ENERGY: {
        TotalStartTime: tasmotaTime(new Date(this.bootedAt)),
        Total: totalKwh,
        Yesterday: 0,
        Today: totalKwh,
        Period: 0,
        Power: perChannel(watts, 0),
        ApparentPower: perChannel(round(watts / 0.95, 1), 0),
        ReactivePower: perChannel(round(watts * 0.33, 1), 0),
        Factor: perChannel(this.load.on ? 0.95 : 0, 0),
        Voltage: voltage,
        Current: perChannel(current, 0),
      },
    });
  }

  private async publishSensor(): Promise<void> {
    await this.publish({
      topic: tasmotaTopic('tele', this.config.address, 'SENSOR'),
      payload: this.sensorPayload(),
      qos: 0,
      retain: false,
    });
  }

  private async publishTelemetry(): Promise<void> {
    await this.publish({
      topic: tasmotaTopic('tele', this.config.address, 'STATE'),
      payload: JSON.stringify(this.statePayload()),
      qos: 0,
      retain: false,
    });
    await this.publishSensor();
  }
}
