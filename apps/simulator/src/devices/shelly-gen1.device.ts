import { SHELLY_GEN1_ROOT } from '@werkbank/device-protocol';
import type { RelaySource, RelayState } from '../sim-types';
import { LoadModel } from './load-model';
import { VirtualDevice, type Publication } from './virtual-device';

/**
 * A Shelly Gen1 relay with a meter (1PM, Plug S…; device-protocols.md B1).
 *   shellies/<id>/relay/<n>/command   on | off | toggle
 *   shellies/<id>/command             update (republish the status)
 *   shellies/<id>/relay/<n>           on | off
 *   shellies/<id>/relay/<n>/power     watts, e.g. 120.00
 *   shellies/<id>/relay/<n>/energy    watt-minutes
 *   shellies/<id>/online              true (retained) / false (retained last will)
 * Status is also republished every telemetry period (the device's mqtt_update_period).
 * Options: relay (output index, default 0); the load (LoadModel): loadWatts, idleWatts, printWatts, standbyWatts.
 */
export class ShellyGen1Device extends VirtualDevice {
  readonly kinds = { reader: false, relay: true, printer: false };
  private readonly load = new LoadModel(this.config.options, this.ctx.now);

  private get base(): string {
    return `${SHELLY_GEN1_ROOT}/${this.config.address}`;
  }

  private get relayBase(): string {
    return `${this.base}/relay/${this.option('relay') ?? '0'}`;
  }

  protected clientId(): string {
    return this.option('clientId') ?? this.config.address;
  }

  protected will(): Publication {
    return { topic: `${this.base}/online`, payload: 'false', qos: 1, retain: true };
  }

  protected commandTopics(): string[] {
    return [`${this.relayBase}/command`, `${this.base}/command`];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: 'true' });
    await this.publishStatus();
  }

  protected override async onTick(): Promise<void> {
    await this.publishStatus();
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
      if (this.online) this.publishPower().catch((error: unknown) => this.fail('status failed', error));
    }
    return true;
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    const value = payload.trim().toLowerCase();
    if (topic === `${this.base}/command`) {
      if (value === 'update') await this.publishStatus();
      return;
    }
    if (topic !== `${this.relayBase}/command`) return;
    let target: boolean;
    if (value === 'on') target = true;
    else if (value === 'off') target = false;
    else if (value === 'toggle') target = !this.load.on;
    else {
      this.log('warn', 'unknown relay command', { payload: value });
      return;
    }
    if (this.load.set(target)) this.announce('command');
    await this.publishStatus();
  }

  private announce(source: RelaySource): void {
    const watts = this.load.watts();
    this.log('info', 'relay', { on: this.load.on, watts, source, printing: this.load.printing || undefined });
    this.ctx.emit({ ...this.ref, type: 'relay', on: this.load.on, watts, source });
  }

  private async publishPower(): Promise<void> {
    await this.publish({
      topic: `${this.relayBase}/power`,
      payload: this.load.watts().toFixed(2),
      qos: 0,
      retain: false,
    });
    await this.publish({
      topic: `${this.relayBase}/energy`,
      payload: String(Math.round(this.load.energy() * 60)),
      qos: 0,
      retain: false,
    });
  }

  private async publishStatus(): Promise<void> {
    await this.publish({
      topic: this.relayBase,
      payload: this.load.on ? 'on' : 'off',
      qos: 0,
      retain: false,
    });
    await this.publishPower();
  }
}
