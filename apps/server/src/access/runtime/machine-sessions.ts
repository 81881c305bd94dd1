import { Inject, Injectable } from '@nestjs/common';
import {
  applySessionCommands,
  initialSessionState,
  nextDeadline,
  restoredSessionState,
  type RunningSession,
  type SessionCommand,
  type SessionEvent,
  sessionReducer,
  startSession,
} from '@werkbank/access-core';
import type { MachineLiveState } from '@werkbank/contracts';
import type { PrinterEvent } from '@werkbank/device-protocol';
import type { MachineEntity } from '@werkbank/persistence';
import { Clock, CLOCK } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AppConfig } from '../../config/app-config';
import { ActivityJournal } from '../activity-journal';
import { LiveHub } from '../live-hub';
import { PrintStates } from '../print-states';
import { AccessState } from './access-state';
import { DeviceCommands } from './device-commands';
import { MachineBoard } from './machine-board';
import type { MachineRuntime } from './machine-runtime';

/** Relay reports this soon after our own switch command may predate it (stale retained or periodic state). */
export const RELAY_REPORT_GRACE_MS = 3000;

/**
 * One session state machine per machine, addressed by machine id: events go in (taps, relay, power and printer
 * reports, deadlines, staff actions), the pure reducer decides, and its commands are carried out in order
 * (journal, relays, board). Nothing here reads the database.
 */
@Injectable()
export class MachineSessions {
  private readonly machines = new Map<string, MachineRuntime>();

  constructor(
    private readonly state: AccessState,
    private readonly journal: ActivityJournal,
    private readonly printStates: PrintStates,
    private readonly commands: DeviceCommands,
    private readonly board: MachineBoard,
    private readonly live: LiveHub,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get(machineId: string): MachineRuntime | undefined {
    return this.machines.get(machineId);
  }

  all(): IterableIterator<MachineRuntime> {
    return this.machines.values();
  }

  /** Adds a machine or takes over its changed settings; a running session keeps running. */
  upsert(m: MachineEntity): MachineRuntime {
    const existing = this.machines.get(m.id);
    const machine: MachineRuntime = {
      machineId: m.id,
      siteId: m.siteId,
      name: m.name,
      state: m.state,
      session: existing?.session ?? initialSessionState(this.printStates.isPrinting(m.id)),
      config: {
        idlePowerWatts: m.idlePowerWatts ?? 0,
        idleMinutes: m.idleMinutes ?? 10,
        coolDownMinutes: this.config.COOL_DOWN_MINUTES,
      },
      relayOn: existing?.relayOn ?? null,
      powerW: existing?.powerW ?? null,
      lastSwitchAt: existing?.lastSwitchAt ?? 0,
      commandedOn: existing?.commandedOn ?? null,
      reportInGrace: existing?.reportInGrace ?? null,
      liveSession: existing?.liveSession ?? null,
      print: existing?.print ?? null,
    };
    this.machines.set(m.id, machine);
    return machine;
  }

  /** The machine was deleted: forget it, and its print flag (a later machine with that id starts clean). */
  remove(machineId: string): void {
    this.machines.delete(machineId);
    this.printStates.set(machineId, false, this.now());
  }

  /** Boot: a session still open in the database runs again on its machine; false when the machine is gone. */
  restore(machineId: string, running: RunningSession, memberKey: string): boolean {
    const machine = this.machines.get(machineId);
    if (!machine) return false;
    machine.session = restoredSessionState(running, this.printStates.isPrinting(machineId));
    machine.lastSwitchAt = 0;
    startSession(this.state.snapshot, machineId, running);
    machine.liveSession = {
      sessionId: running.sessionId,
      machineId,
      memberKey,
      startedAt: new Date(running.startedAt).toISOString(),
      endsAt: running.endsAt === null ? null : new Date(running.endsAt).toISOString(),
    };
    return true;
  }

  /** Feeds one event to a machine's session machine; true when that published the machine's new state. */
  feed(machineId: string, event: SessionEvent): boolean {
    const machine = this.machines.get(machineId);
    return machine ? this.run(machine, event) : false;
  }

  onRelayReport(machineId: string, on: boolean, at: number): void {
    const m = this.machines.get(machineId);
    if (!m) return;
    const changed = m.relayOn !== on;
    m.relayOn = on;
    if (at - m.lastSwitchAt >= RELAY_REPORT_GRACE_MS) {
      m.reportInGrace = null;
      this.run(m, { type: 'relay_reported', on, at });
    } else m.reportInGrace = on;
    if (changed) this.board.publish(m);
  }

  onPower(machineId: string, watts: number, at: number): void {
    const m = this.machines.get(machineId);
    if (!m) return;
    m.powerW = watts;
    this.run(m, { type: 'power', watts, at });
  }

  onPrinterReport(machineId: string, report: PrinterEvent, at: number): void {
    const m = this.machines.get(machineId);
    if (!m) return;
    const printing = report.state === 'printing' || report.state === 'paused' || report.state === 'preparing';
    m.print = {
      printing,
      progress: report.progress === null ? null : report.progress / 100,
      remainingMinutes: report.remainingMinutes,
      // A progress report without a name keeps the name of the job it belongs to.
      jobName: report.jobName ?? (printing ? (m.print?.jobName ?? null) : null),
    };
    const published = this.run(m, { type: 'print', printing, finished: report.state === 'finished', at });
    if (!published) this.board.publish(m); // a progress report alone changes no session
  }

  /** A device of the machine came or went: the board's online flag changes. */
  onDeviceAvailability(machineId: string): void {
    const m = this.machines.get(machineId);
    if (m) this.board.publish(m);
  }

  /** Staff cut a machine; the reducer decides, also for an idle machine (not under a print unless asked). */
  forceOff(machineId: string, cutUnderPrint: boolean): MachineLiveState {
    const machine = this.machines.get(machineId);
    if (!machine) throw DomainError.notFound('Machine', machineId);
    this.run(machine, { type: 'force_off', at: this.now(), cutUnderPrint });
    return this.board.view(machine);
  }

  states(siteId?: string): MachineLiveState[] {
    return [...this.machines.values()]
      .filter((m) => !siteId || m.siteId === siteId)
      .map((m) => this.board.view(m));
  }

  /** Deadlines (end of booking, idle, cool-down) and relay reports that fell into the grace window. */
  tick(now: number): void {
    for (const machine of this.machines.values()) {
      if (machine.reportInGrace !== null && now - machine.lastSwitchAt >= RELAY_REPORT_GRACE_MS) {
        this.recheckReportInGrace(machine);
      }
      const deadline = nextDeadline(machine.session, machine.config);
      if (deadline !== null && deadline <= now) this.run(machine, { type: 'tick', at: now });
    }
  }

  /**
   * A report inside the grace window may predate our command, or be a switch by hand right after it (a plug
   * switched on again 1 s after we cut it). When it disagrees with our command, ask the relay once the window
   * is over: its answer arrives after the window and settles the session like any report.
   */
  private recheckReportInGrace(machine: MachineRuntime): void {
    const reported = machine.reportInGrace;
    machine.reportInGrace = null;
    if (reported !== machine.commandedOn) this.commands.queryRelaysOf(machine.machineId);
  }

  private run(machine: MachineRuntime, event: SessionEvent): boolean {
    const { state, commands } = sessionReducer(machine.session, event, machine.config);
    if (state.printing !== machine.session.printing) {
      this.printStates.set(machine.machineId, state.printing, event.at);
    }
    // The board shows the phase (waiting for a print) and the printing flag, also when no command follows.
    const visible = state.phase !== machine.session.phase || state.printing !== machine.session.printing;
    machine.session = state;
    if (commands.length > 0) {
      applySessionCommands(this.state.snapshot, machine.machineId, commands);
      for (const command of commands) this.execute(machine, command, event);
    } else if (!visible) return false;
    this.board.publish(machine);
    return true;
  }

  private execute(machine: MachineRuntime, command: SessionCommand, cause: SessionEvent): void {
    switch (command.type) {
      case 'session_started': {
        const memberKey = this.state.memberKey(command.memberId);
        const startedAt = new Date(command.at).toISOString();
        const endsAt = command.endsAt === null ? null : new Date(command.endsAt).toISOString();
        const takeoverOf =
          cause.type === 'takeover' && machine.liveSession ? machine.liveSession.sessionId : null;
        this.journal.record({
          t: 'session_start',
          row: {
            id: command.sessionId,
            machineId: machine.machineId,
            siteId: machine.siteId,
            memberKey,
            startedAt,
            endsAt,
            takeoverOf,
          },
        });
        machine.liveSession = {
          sessionId: command.sessionId,
          machineId: machine.machineId,
          memberKey,
          startedAt,
          endsAt,
        };
        this.live.sessionStarted(
          machine.siteId,
          machine.liveSession,
          this.state.memberName(command.memberId),
        );
        return;
      }
      case 'relay':
        machine.lastSwitchAt = this.now();
        machine.relayOn = command.on;
        machine.commandedOn = command.on;
        machine.reportInGrace = null; // anything heard before this command is older than it
        this.commands.switchRelays(machine.machineId, command.on, machine.liveSession?.sessionId ?? null);
        return;
      case 'session_ended': {
        const endedAt = new Date(command.at).toISOString();
        this.journal.record({ t: 'session_end', id: command.sessionId, endedAt, endReason: command.reason });
        if (machine.liveSession?.sessionId === command.sessionId) machine.liveSession = null;
        this.live.sessionEnded(machine.siteId, {
          sessionId: command.sessionId,
          machineId: machine.machineId,
          endedAt,
          reason: command.reason,
        });
        return;
      }
    }
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
