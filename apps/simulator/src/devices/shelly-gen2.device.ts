import { createHash } from 'node:crypto';
import type { RelaySource, RelayState } from '../sim-types';
import { round, unixSeconds } from '../time.util';
import { LoadModel } from './load-model';
import { VirtualDevice, type Publication } from './virtual-device';

type RpcId = number | string | null;

interface RpcError {
  code: number;
  message: string;
}

class RpcFailure extends Error {
  constructor(readonly rpc: RpcError) {
    super(rpc.message);
  }
}

/**
 * A Shelly Gen2+ (Plus/Pro/Gen3) switch with a meter, JSON-RPC over MQTT (device-protocols.md B2).
 *   → <prefix>/rpc            {"id":1,"src":"<client>","method":"Switch.Set","params":{"id":0,"on":true}}
 *   ← <src>/rpc               {"id":1,"src":"<device id>","dst":"<client>","result":{"was_on":false}}  or  {…,"error":{code,message}}
 *   ← <prefix>/events/rpc     {"src":…,"dst":"<prefix>/events","method":"NotifyStatus","params":{"ts":…,"switch:0":{…delta}}}
 *   ← <prefix>/status/switch:0  full status, only with options.statusNtf = true (off by default, like the device)
 *   ← <prefix>/online         true (retained) / false (retained last will)
 * Methods: Switch.Set, Switch.Toggle, Switch.GetStatus, Shelly.GetStatus, Shelly.GetDeviceInfo; others → 404.
 * The server sends src = `werkbank-server/<prefix>` and request ids 1 = on, 2 = off, 3 = status; the device just
 * echoes id and src, like the real one.
 * Options: switchId (default 0), shellyId (the device id in `src`, default = address), statusNtf; the load
 * (LoadModel): loadWatts, idleWatts, printWatts, standbyWatts.
 */
export class ShellyGen2Device extends VirtualDevice {
  readonly kinds = { reader: false, relay: true, printer: false };
  private readonly load = new LoadModel(this.config.options, this.ctx.now);
  private source = 'init';

  private get prefix(): string {
    return this.config.address;
  }

  private get shellyId(): string {
    return this.option('shellyId') ?? this.config.address;
  }

  private get switchId(): number {
    return Number(this.option('switchId') ?? '0');
  }

  private get switchKey(): string {
    return `switch:${this.switchId}`;
  }

  private get statusNtf(): boolean {
    return this.option('statusNtf') === 'true';
  }

  protected clientId(): string {
    return this.option('clientId') ?? this.shellyId;
  }

  protected will(): Publication {
    return { topic: `${this.prefix}/online`, payload: 'false', qos: 1, retain: true };
  }

  protected commandTopics(): string[] {
    return [`${this.prefix}/rpc`];
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ ...this.will(), payload: 'true' });
    if (this.statusNtf) await this.publishFullStatus();
  }

  protected override async onTick(): Promise<void> {
    // The device's minute energy update (apower only travels when it changes).
    await this.notify({ id: this.switchId, aenergy: this.aenergy() });
    if (this.statusNtf) await this.publishFullStatus();
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
      if (this.online) this.notifyPower().catch((error: unknown) => this.fail('notify failed', error));
    }
    return true;
  }

  private announce(source: RelaySource): void {
    const watts = this.load.watts();
    this.log('info', 'relay', { on: this.load.on, watts, source, printing: this.load.printing || undefined });
    this.ctx.emit({ ...this.ref, type: 'relay', on: this.load.on, watts, source });
  }

  private aenergy(): Record<string, unknown> {
    return {
      total: round(this.load.energy(), 3),
      by_minute: [0, 0, 0],
      minute_ts: Math.floor(this.ctx.now().getTime() / 60_000) * 60,
    };
  }

  switchStatus(): Record<string, unknown> {
    const watts = round(this.load.watts(), 1);
    return {
      id: this.switchId,
      source: this.source,
      output: this.load.on,
      apower: watts,
      voltage: 230.1,
      freq: 50.0,
      current: round(watts / 230.1, 3),
      aenergy: this.aenergy(),
      temperature: { tC: 45.2, tF: 113.4 },
    };
  }

  protected async onCommand(topic: string, payload: string): Promise<void> {
    if (topic !== `${this.prefix}/rpc`) return;
    let frame: unknown;
    try {
      frame = JSON.parse(payload);
    } catch {
      this.log('warn', 'rpc dropped', { reason: 'not JSON' });
      return;
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      this.log('warn', 'rpc dropped', { reason: 'not an object' });
      return;
    }
    const request = frame as Record<string, unknown>;
    const src = request['src'];
    const method = request['method'];
    const rawId = request['id'];
    const id: RpcId = typeof rawId === 'number' || typeof rawId === 'string' ? rawId : null;
    if (typeof src !== 'string' || src === '' || /[+#]/.test(src)) {
      // Without src the device has nowhere to reply.
      this.log('warn', 'rpc dropped', { reason: 'no src', method: String(method) });
      return;
    }
    const params = request['params'];
    const args: Record<string, unknown> =
      typeof params === 'object' && params !== null && !Array.isArray(params)
        ? (params as Record<string, unknown>)
        : {};
    let changed = false;
    let reply: Record<string, unknown>;
    try {
      const wasOn = this.load.on;
      const result = this.call(typeof method === 'string' ? method : '', args);
      changed = wasOn !== this.load.on;
      reply = { id, src: this.shellyId, dst: src, result };
      this.log('info', 'rpc', { method: String(method), id: String(id), src });
    } catch (error) {
      if (!(error instanceof RpcFailure)) throw error;
      reply = { id, src: this.shellyId, dst: src, error: error.rpc };
      this.log('warn', 'rpc error', {
        method: String(method),
        code: error.rpc.code,
        message: error.rpc.message,
      });
    }
    await this.publish({ topic: `${src}/rpc`, payload: JSON.stringify(reply), qos: 1, retain: false });
    if (changed) {
      await this.notify({ id: this.switchId, output: this.load.on, source: this.source });
      await this.notifyPower();
    }
  }

  private checkSwitchId(args: Record<string, unknown>): void {
    const id = args['id'];
    if (id === undefined) throw new RpcFailure({ code: -103, message: "Missing required argument 'id'!" });
    if (id !== this.switchId) {
      throw new RpcFailure({ code: -105, message: `Argument 'id', value ${JSON.stringify(id)} not found!` });
    }
  }

  private switchTo(on: boolean): { was_on: boolean } {
    const wasOn = this.load.on;
    this.source = 'MQTT';
    if (this.load.set(on)) this.announce('command');
    return { was_on: wasOn };
  }

  private call(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'Switch.Set': {
        this.checkSwitchId(args);
        const on = args['on'];
        if (typeof on !== 'boolean')
          throw new RpcFailure({ code: -103, message: "Missing required argument 'on'!" });
        return this.switchTo(on);
      }
      case 'Switch.Toggle':
        this.checkSwitchId(args);
        return this.switchTo(!this.load.on);
      case 'Switch.GetStatus':
        this.checkSwitchId(args);
        return this.switchStatus();
      case 'Shelly.GetStatus':
        return {
          [this.switchKey]: this.switchStatus(),
          sys: { uptime: this.uptimeSeconds(), restart_required: false },
        };
      case 'Shelly.GetDeviceInfo':
        return {
          name: this.config.name,
          id: this.shellyId,
          mac: createHash('sha1').update(this.shellyId).digest('hex').slice(0, 12).toUpperCase(),
          slot: 1,
          model: 'SNSW-001P16EU',
          gen: 2,
          fw_id: '20241011-114455/1.4.4-g6d2a586',
          ver: '1.4.4',
          app: 'Plus1PM',
          auth_en: false,
          auth_domain: null,
        };
      default:
        throw new RpcFailure({ code: 404, message: `No handler for ${method}` });
    }
  }

  private async notify(delta: Record<string, unknown>): Promise<void> {
    await this.publish({
      topic: `${this.prefix}/events/rpc`,
      payload: JSON.stringify({
        src: this.shellyId,
        dst: `${this.prefix}/events`,
        method: 'NotifyStatus',
        params: { ts: unixSeconds(this.ctx.now()), [this.switchKey]: delta },
      }),
      qos: 0,
      retain: false,
    });
  }

  private async notifyPower(): Promise<void> {
    const watts = round(this.load.watts(), 1);
    await this.notify({ id: this.switchId, apower: watts, current: round(watts / 230.1, 3) });
    if (this.statusNtf) await this.publishFullStatus();
  }

  private async publishFullStatus(): Promise<void> {
    await this.publish({
      topic: `${this.prefix}/status/${this.switchKey}`,
      payload: JSON.stringify(this.switchStatus()),
      qos: 0,
      retain: false,
    });
  }
}
