import { bambuReportTopic, bambuRequestTopic } from '@werkbank/device-protocol';
import type { BambuGcodeState, PrinterSnapshot } from '../sim-types';
import { VirtualDevice, type Publication } from './virtual-device';

const ACTIVE: readonly BambuGcodeState[] = ['PREPARE', 'RUNNING', 'PAUSE'];

export function isActivePrintState(state: BambuGcodeState): boolean {
  return ACTIVE.includes(state);
}

/**
 * A Bambu Lab printer's local MQTT reports (device-protocols.md C1), published on the shared broker:
 *   device/<serial>/report   {"print":{"gcode_state":"RUNNING","mc_percent":42,"mc_remaining_time":7,…}}
 *   device/<serial>/request  {"pushing":{"command":"pushall"}} → full report;
 *                            {"print":{"command":"pause"|"resume"|"stop"}} → ack report + state change
 * A real printer is itself the broker (mqtts://<printer>:8883, user bblp); here it publishes to the lab broker
 * so the server sees the same payloads. P1/A1 (default) send only changed fields; options.model = X1C sends
 * full reports. Bambu has no last will. A job runs options.printSeconds (default 300) through PREPARE →
 * RUNNING → FINISH, advancing every telemetry period; options.relay names the relay that powers it.
 */
export class BambuPrinterDevice extends VirtualDevice {
  readonly kinds = { reader: false, relay: false, printer: true };
  private state: BambuGcodeState = 'IDLE';
  private percent = 0;
  private startedAt = 0;
  private elapsedMs = 0;
  private jobName = '';
  private printError = 0;
  private sequence = 0;

  private get fullReports(): boolean {
    return (this.option('model') ?? 'P1S').toUpperCase().startsWith('X1');
  }

  private get jobMs(): number {
    return Math.max(1, this.numberOption('printSeconds', 300)) * 1000;
  }

  protected clientId(): string {
    return this.option('clientId') ?? `bblp-${this.config.address}`;
  }

  protected will(): Publication | null {
    return null;
  }

  protected commandTopics(): string[] {
    return [bambuRequestTopic(this.config.address)];
  }

  protected async onConnected(): Promise<void> {
    await this.report(this.fullState(), 0);
  }

  override printerState(): PrinterSnapshot {
    return {
      gcodeState: this.state,
      percent: this.percent,
      remainingMinutes: this.remainingMinutes(),
      jobName: this.jobName,
    };
  }

  private remainingMinutes(): number {
    if (!isActivePrintState(this.state)) return 0;
    return Math.ceil(Math.max(0, this.jobMs - this.elapsedMs) / 60_000);
  }

  /** Starts a job (printing = true) or ends the running one as finished (false). */
  override setPrinting(printing: boolean): boolean {
    if (printing) {
      if (isActivePrintState(this.state)) return true;
      this.jobName = this.option('jobName') ?? 'werkbank-demo.3mf';
      this.percent = 0;
      this.elapsedMs = 0;
      this.printError = 0;
      this.startedAt = this.ctx.now().getTime();
      this.transition('PREPARE');
    } else if (isActivePrintState(this.state)) {
      this.percent = 100;
      this.transition('FINISH');
    }
    return true;
  }

  /** The printer lost power (its relay switched off) in the middle of a job. */
  override powerLost(): void {
    if (!isActivePrintState(this.state)) return;
    this.printError = 0x0300_8001;
    this.transition('FAILED');
  }

  private transition(state: BambuGcodeState, delta: Record<string, unknown> = {}): void {
    this.state = state;
    this.log('info', 'printer', { gcodeState: state, percent: this.percent, job: this.jobName || undefined });
    this.ctx.emit({ ...this.ref, type: 'printer', gcodeState: state, percent: this.percent });
    if (!this.online) return;
    const fields = this.fullReports
      ? this.fullState()
      : {
          gcode_state: state,
          mc_percent: this.percent,
          mc_remaining_time: this.remainingMinutes(),
          subtask_name: this.jobName,
          print_error: this.printError,
          ...this.temperatures(),
          ...delta,
        };
    this.report(fields, 1).catch((error: unknown) => this.fail('report failed', error));
  }

  protected override async onTick(): Promise<void> {
    if (this.state === 'PREPARE') {
      this.transition('RUNNING', { layer_num: 0 });
      return;
    }
    if (this.state !== 'RUNNING') return;
    this.elapsedMs += this.ctx.telePeriodMs;
    this.percent = Math.min(100, Math.floor((this.elapsedMs / this.jobMs) * 100));
    if (this.percent >= 100) {
      this.transition('FINISH');
      return;
    }
    const progress = {
      mc_percent: this.percent,
      mc_remaining_time: this.remainingMinutes(),
      layer_num: this.layer(),
    };
    await this.report(this.fullReports ? this.fullState() : progress, 1);
  }

  private layer(): number {
    return Math.floor(this.percent * 1.5);
  }

  private temperatures(): Record<string, number> {
    const hot = isActivePrintState(this.state);
    return {
      nozzle_temper: hot ? 219.8 : 25.1,
      nozzle_target_temper: hot ? 220 : 0,
      bed_temper: hot ? 59.9 : 24.3,
      bed_target_temper: hot ? 60 : 0,
    };
  }

  fullState(): Record<string, unknown> {
    return {
      gcode_state: this.state,
      mc_percent: this.percent,
      mc_remaining_time: this.remainingMinutes(),
      mc_print_stage: isActivePrintState(this.state) ? '2' : '1',
      subtask_name: this.jobName,
      gcode_file: this.jobName === '' ? '' : `/data/Metadata/${this.jobName}.gcode`,
      gcode_start_time: this.startedAt === 0 ? '0' : String(Math.floor(this.startedAt / 1000)),
      layer_num: this.layer(),
      total_layer_num: 150,
      print_error: this.printError,
      print_type: isActivePrintState(this.state) ? 'local' : 'idle',
      hms: [],
      ...this.temperatures(),
      chamber_temper: 26,
      spd_lvl: 2,
      wifi_signal: '-52dBm',
    };
  }

  private async report(
    print: Record<string, unknown>,
    msg: 0 | 1,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    this.sequence += 1;
    await this.publish({
      topic: bambuReportTopic(this.config.address),
      payload: JSON.stringify({
        print: { ...print, command: 'push_status', msg, sequence_id: String(this.sequence), ...extra },
      }),
      qos: 0,
      retain: false,
    });
  }

  protected async onCommand(_topic: string, payload: string): Promise<void> {
    let request: unknown;
    try {
      request = JSON.parse(payload);
    } catch {
      this.log('warn', 'request dropped', { reason: 'not JSON' });
      return;
    }
    if (typeof request !== 'object' || request === null) return;
    const pushing = (request as Record<string, unknown>)['pushing'];
    const print = (request as Record<string, unknown>)['print'];
    if (
      typeof pushing === 'object' &&
      pushing !== null &&
      (pushing as Record<string, unknown>)['command'] === 'pushall'
    ) {
      await this.report(this.fullState(), 0);
      return;
    }
    if (typeof print !== 'object' || print === null) return;
    const command = (print as Record<string, unknown>)['command'];
    const sequenceId = (print as Record<string, unknown>)['sequence_id'];
    const ack = async (result: 'success' | 'failed'): Promise<void> => {
      await this.publish({
        topic: bambuReportTopic(this.config.address),
        payload: JSON.stringify({
          print: {
            command,
            param: '',
            reason: result,
            result,
            sequence_id: typeof sequenceId === 'string' ? sequenceId : '0',
          },
        }),
        qos: 0,
        retain: false,
      });
    };
    switch (command) {
      case 'pause':
        if (this.state !== 'RUNNING' && this.state !== 'PREPARE') return ack('failed');
        await ack('success');
        this.transition('PAUSE');
        return;
      case 'resume':
        if (this.state !== 'PAUSE') return ack('failed');
        await ack('success');
        this.transition('RUNNING');
        return;
      case 'stop':
        if (!isActivePrintState(this.state)) return ack('failed');
        await ack('success');
        this.transition('FAILED');
        return;
      default:
        this.log('info', 'request ignored', { command: String(command) });
    }
  }
}
