import type { BambuGcodeState, PrinterSnapshot } from '../sim-types';
import { VirtualDevice, type Publication } from './virtual-device';

/**
 * OctoPrint with the OctoPrint-MQTT plugin (device-protocols.md C2), publish only, default sub-topics under
 * the base topic (the device's address):
 *   <base>/mqtt               retained `connected`; last will `disconnected`
 *   <base>/event/<Event>      PrintStarted, PrintDone, PrintFailed with `_event` and `_timestamp`
 *   <base>/progress/printing  retained `{"location","path","progress","_timestamp"}`, every telemetry period
 * A job runs options.printSeconds (default 300); options.relay names the relay that powers the printer.
 * The simulator's printer vocabulary is Bambu's gcode states (RUNNING, FINISH, FAILED, IDLE).
 */
export class OctoprintMqttDevice extends VirtualDevice {
  readonly kinds = { reader: false, relay: false, printer: true };
  private state: BambuGcodeState = 'IDLE';
  private percent = 0;
  private elapsedMs = 0;
  private path = '';

  private get jobMs(): number {
    return Math.max(1, this.numberOption('printSeconds', 300)) * 1000;
  }

  protected clientId(): string {
    return this.option('clientId') ?? `octoprint-${this.config.address.replace(/\//g, '-')}`;
  }

  protected will(): Publication | null {
    return { topic: `${this.config.address}/mqtt`, payload: 'disconnected', qos: 1, retain: true };
  }

  protected commandTopics(): string[] {
    return []; // the plugin only publishes
  }

  protected async onConnected(): Promise<void> {
    await this.publish({ topic: `${this.config.address}/mqtt`, payload: 'connected', qos: 1, retain: true });
    // Like the plugin, progress only while idle or printing: after a failure it keeps its last value.
    if (this.state === 'IDLE' || this.state === 'RUNNING') await this.progress();
  }

  protected async onCommand(): Promise<void> {}

  override printerState(): PrinterSnapshot {
    const running = this.state === 'RUNNING';
    return {
      gcodeState: this.state,
      percent: this.percent,
      remainingMinutes: running ? Math.ceil((this.jobMs - this.elapsedMs) / 60_000) : 0,
      jobName: this.path,
    };
  }

  /** Starts a job (true) or ends the running one as done (false). */
  override setPrinting(printing: boolean): boolean {
    if (printing && this.state !== 'RUNNING') {
      this.path = this.option('jobName') ?? 'werkbank-demo.gcode';
      this.percent = 0;
      this.elapsedMs = 0;
      this.change('RUNNING', 'PrintStarted');
    } else if (!printing && this.state === 'RUNNING') {
      this.percent = 100;
      this.change('FINISH', 'PrintDone');
    }
    return true;
  }

  /** Its relay switched off in the middle of a job: OctoPrint loses the serial connection and fails it. */
  override powerLost(): void {
    if (this.state === 'RUNNING') this.change('FAILED', 'PrintFailed', { reason: 'error' });
  }

  protected override async onTick(): Promise<void> {
    if (this.state !== 'RUNNING') return;
    this.elapsedMs += this.ctx.telePeriodMs;
    this.percent = Math.min(100, Math.floor((this.elapsedMs / this.jobMs) * 100));
    if (this.percent >= 100) this.change('FINISH', 'PrintDone');
    else await this.progress();
  }

  private change(state: BambuGcodeState, event: string, extra: Record<string, unknown> = {}): void {
    this.state = state;
    this.log('info', 'printer', { state, event, percent: this.percent });
    this.ctx.emit({ ...this.ref, type: 'printer', gcodeState: state, percent: this.percent });
    if (!this.online) return;
    const payload = {
      _event: event,
      _timestamp: this.timestamp(),
      name: this.path,
      path: this.path,
      origin: 'local',
      ...(state === 'FINISH' ? { time: this.elapsedMs / 1000 } : {}),
      ...extra,
    };
    this.publish({
      topic: `${this.config.address}/event/${event}`,
      payload: JSON.stringify(payload),
      qos: 0,
      retain: false,
    })
      // The plugin publishes progress 0 on PrintStarted and 100 on PrintDone, nothing on PrintFailed.
      .then(() => (state === 'FAILED' ? undefined : this.progress()))
      .catch((error: unknown) => this.fail('event failed', error));
  }

  private async progress(): Promise<void> {
    await this.publish({
      topic: `${this.config.address}/progress/printing`,
      payload: JSON.stringify({
        location: this.path === '' ? '' : 'local',
        path: this.path,
        progress: this.percent,
        _timestamp: this.timestamp(),
      }),
      qos: 0,
      retain: true,
    });
  }

  private timestamp(): number {
    return Math.floor(this.ctx.now().getTime() / 1000);
  }
}
