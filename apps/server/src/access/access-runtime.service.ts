import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, MoreThanOrEqual } from 'typeorm';
import {
  AccessDecision,
  applySessionCommands,
  createSiteClock,
  deviceTapTime,
  isRepeatedRead,
  DailyVisits,
  decide,
  decideEntrance,
  initialSessionState,
  localDateOf,
  nextDeadline,
  PolicySnapshot,
  restoredSessionState,
  SessionCommand,
  SessionConfig,
  SessionEvent,
  sessionReducer,
  SessionState,
  type SiteClock,
  setStaffPresent,
  startSession,
  RejectLogLimiter,
  type RejectLogSummary,
  TapReplayGuard,
} from '@werkbank/access-core';
import {
  DENY_REASON_TEXT,
  DenyReason,
  DeviceRole,
  AuditAction,
  DomainRule,
  LiveSession,
  LivePrint,
  MachineLiveState,
  MachineState,
  SessionEndReason,
  TapEvent,
} from '@werkbank/contracts';
import {
  CardEvent,
  createAdapterRegistry,
  DeviceAddress,
  DeviceEvent,
  DeviceRouter,
  FeedbackCommand,
  RoutedDevice,
  topicConflicts,
  type TopicConflict,
  type TopicRights,
} from '@werkbank/device-protocol';
import {
  AccessEventEntity,
  DeviceEntity,
  MachineEntity,
  StaffAccountEntity,
  UsageSessionEntity,
  VisitEntity,
} from '@werkbank/persistence';
import { CardHasher } from '../cards/card-hasher';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { MqttAccounts } from '../mqtt/mqtt-accounts';
import { MqttBus } from '../mqtt/mqtt-bus';
import { AuditService } from '../audit/audit.service';
import { ActivityJournal } from './activity-journal';
import { PrintStates } from './print-states';
import { LiveHub } from './live-hub';
import { MemberDirectoryEntry, SnapshotLoader } from './snapshot-loader';

const TICK_MS = 1000;
/** Relay reports this soon after our own switch command may predate it (stale retained or periodic state). */
const RELAY_REPORT_GRACE_MS = 3000;

interface MachineRuntime {
  machineId: string;
  siteId: string;
  name: string;
  state: MachineState;
  session: SessionState;
  config: SessionConfig;
  relayOn: boolean | null;
  powerW: number | null;
  lastSwitchAt: number;
  /** What we last told the relays (null: nothing since start). */
  commandedOn: boolean | null;
  /** The last report inside the grace window after our command, re-checked when the window ends. */
  reportInGrace: boolean | null;
  liveSession: LiveSession | null;
  /** The printer's last report, for the live board. */
  print: LivePrint | null;
}

interface DeviceRuntime {
  entity: DeviceEntity;
  address: DeviceAddress;
  online: boolean;
}

export interface RuntimeCounters {
  messages: number;
  malformed: number;
  unroutable: number;
  duplicates: number;
  /** Own-protocol taps whose msgId was seen inside TAP_MAX_AGE_S (also before a restart). */
  replayed: number;
  /** Own-protocol taps whose `at` is outside [now - TAP_MAX_AGE_S, now + TAP_MAX_SKEW_S]. */
  stale: number;
  taps: number;
  allowed: number;
  denied: number;
}

function toAddress(d: DeviceEntity): DeviceAddress {
  return { deviceId: d.id, protocol: d.protocol, address: d.address, options: d.options };
}

/**
 * The real-time access core at runtime: routes device messages through the codecs, decides taps against the
 * in-memory snapshot (no database read on the hot path), runs one session state machine per machine,
 * journals every decision durably before it switches a relay or answers the reader, and reconciles with the
 * relays' reported states after a restart.
 */
@Injectable()
export class AccessRuntime {
  private readonly logger = new Logger(AccessRuntime.name);
  private readonly registry;
  private readonly router;
  private snapshot!: PolicySnapshot;
  private names = new Map<string, MemberDirectoryEntry>();
  /** staff account id → the key it has in the snapshot's staffPresent (its member id, else its own id). */
  private staffKeys = new Map<string, string>();
  /** member id → staff account id, for presence taps at entrance readers. */
  private staffByMember = new Map<string, string>();
  private readonly devices = new Map<string, DeviceRuntime>();
  /** machine id → its devices, so a tap never scans the whole registry. */
  private readonly devicesByMachine = new Map<string, DeviceRuntime[]>();
  private readonly machines = new Map<string, MachineRuntime>();
  private readonly recentTaps = new Map<
    string,
    { uid: string; receivedAt: number; deviceAt: number | null }
  >();
  /** The lab's wall clock (TIMEZONE), for device times sent without a zone (Tasmota's `Time`). */
  private readonly labClock: SiteClock;
  /** Own-protocol taps: stale `at` and seen msgIds are refused (ids of the window are loaded at boot). */
  private readonly replayGuard: TapReplayGuard;
  private readonly enrollment = new Map<string, { socketId: string; until: number }>();
  /** `${siteId}:${staffId}` → when the staff member arrived (for the presence list). */
  private readonly presenceSince = new Map<string, string>();
  /** Who checked in today at each site: one visit per member, site and local day. */
  private readonly visitsToday = new DailyVisits();
  /** Every reject is counted; only a bounded number per device and minute is logged (a flood cannot fill the disk). */
  private readonly rejectLog = new RejectLogLimiter({ linesPerWindow: 5, windowMs: 60_000 });
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  readonly counters: RuntimeCounters = {
    messages: 0,
    malformed: 0,
    unroutable: 0,
    duplicates: 0,
    replayed: 0,
    stale: 0,
    taps: 0,
    allowed: 0,
    denied: 0,
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly loader: SnapshotLoader,
    private readonly journal: ActivityJournal,
    private readonly printStates: PrintStates,
    private readonly bus: MqttBus,
    private readonly accounts: MqttAccounts,
    private readonly hasher: CardHasher,
    private readonly live: LiveHub,
    private readonly changes: ChangeFeed,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.registry = createAdapterRegistry({
      werkbankPrefix: config.MQTT_PREFIX,
      shellyRpcClientId: 'werkbank-server',
    });
    this.router = new DeviceRouter(this.registry);
    this.replayGuard = new TapReplayGuard({
      maxAgeMs: config.TAP_MAX_AGE_S * 1000,
      maxSkewMs: config.TAP_MAX_SKEW_S * 1000,
    });
    this.labClock = createSiteClock(config.TIMEZONE);
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  /** Boot: replay the journal, build the snapshot, restore open sessions, subscribe, ask relays for their state. */
  async start(): Promise<void> {
    await this.journal.open(this.config.DATA_DIR, this.config.JOURNAL_FSYNC);
    this.printStates.open(this.config.DATA_DIR);
    const loaded = await this.loader.loadAll();
    this.snapshot = loaded.snapshot;
    this.names = loaded.names;
    this.staffKeys = loaded.staffMembers;
    await this.reloadStaff();
    for (const m of await this.dataSource.getRepository(MachineEntity).find()) this.upsertMachineRuntime(m);
    for (const d of await this.dataSource.getRepository(DeviceEntity).find()) this.upsertDevice(d);
    this.warnOfTopicConflicts();
    this.indexByMachine();
    await this.restoreOpenSessions();
    await this.loadTodaysVisits();
    await this.loadRecentTapIds();
    this.registerChangeListeners();
    this.bus.onMessage((topic, payload) => this.onMessage(topic, payload));
    await this.bus.subscribe(this.subscriptionFilters());
    for (const d of this.devices.values()) if (d.entity.role === DeviceRole.Actuator) this.queryRelay(d);
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
    this.started = true;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.journal.close();
  }

  private subscriptionFilters(): string[] {
    const filters = this.router.subscriptions();
    const group = this.config.MQTT_SHARE_GROUP;
    return group ? filters.map((f) => `$share/${group}/${f}`) : filters;
  }

  // ---------------------------------------------------------------- device messages (the hot path)

  onMessage(topic: string, payload: Buffer): void {
    const receivedAt = this.now();
    this.counters.messages += 1;
    const routed = this.router.route(topic);
    if (routed.length === 0) {
      this.counters.unroutable += 1;
      return;
    }
    this.journal.gather(() => this.handleRouted(routed, topic, payload, receivedAt));
  }

  private handleRouted(routed: RoutedDevice[], topic: string, payload: Buffer, receivedAt: number): void {
    for (const { device, adapter } of routed) {
      const result = adapter.decode(device, topic, payload);
      if (!result.ok) {
        this.counters.malformed += 1;
        if (this.admitRejectLog(device.deviceId, receivedAt)) {
          this.logger.warn(
            { deviceId: device.deviceId, topic, reason: result.error },
            'malformed device message ignored',
          );
        }
        continue;
      }
      for (const event of result.events) {
        try {
          this.onDeviceEvent(device.deviceId, event, receivedAt);
        } catch (error) {
          // One bad event must never stop the runtime.
          if (this.admitRejectLog(device.deviceId, receivedAt)) {
            this.logger.error(
              { err: error, deviceId: device.deviceId, kind: event.kind },
              'device event failed',
            );
          }
        }
      }
    }
  }

  /** Whether this reject of a device gets its own log line; writes the summary of a window that is over. */
  private admitRejectLog(deviceId: string, now: number): boolean {
    const { log, summary } = this.rejectLog.admit(deviceId, now);
    if (summary !== null) this.logRejectSummary(summary);
    return log;
  }

  private logRejectSummary(summary: RejectLogSummary): void {
    this.logger.warn(
      { deviceId: summary.key, suppressed: summary.suppressed, windowSeconds: summary.windowMs / 1000 },
      `device ${summary.key}: ${summary.suppressed} more rejected messages in the last ${summary.windowMs / 1000} s`,
    );
  }

  private onDeviceEvent(deviceId: string, event: DeviceEvent, receivedAt: number): void {
    const device = this.devices.get(deviceId);
    if (!device) return;
    switch (event.kind) {
      case 'card':
        this.onCard(device, event, receivedAt);
        return;
      case 'availability':
        this.onAvailability(device, event.online);
        return;
      case 'relay':
        this.onRelayReport(device, event.on, receivedAt);
        return;
      case 'power':
        this.onPower(device, event.watts, receivedAt);
        return;
      case 'printer': {
        const printing =
          event.state === 'printing' || event.state === 'paused' || event.state === 'preparing';
        this.forMachineOf(device, (m) => {
          m.print = {
            printing,
            progress: event.progress === null ? null : event.progress / 100,
            remainingMinutes: event.remainingMinutes,
            // A progress report without a name keeps the name of the job it belongs to.
            jobName: event.jobName ?? (printing ? (m.print?.jobName ?? null) : null),
          };
          const finished = event.state === 'finished';
          const published = this.feed(m, { type: 'print', printing, finished, at: receivedAt });
          if (!published) this.publishMachine(m); // a progress report alone changes no session
        });
        return;
      }
      case 'usage':
      case 'command-failed':
        this.logger.debug({ deviceId, kind: event.kind }, 'device event not handled yet');
        return;
    }
  }

  private onCard(device: DeviceRuntime, card: CardEvent, receivedAt: number): void {
    if (card.msgId) {
      const deviceAt = card.at === null ? null : Date.parse(card.at);
      const freshness = this.replayGuard.check(`${device.entity.id}:${card.msgId}`, deviceAt, receivedAt);
      if (freshness !== 'fresh') {
        this.counters[freshness] += 1;
        return;
      }
    } else {
      // Vendor readers send no message ids: a held card repeats, QoS 1 may redeliver. One tap per window, by
      // the device's clock where it sends one (queued taps arrive bunched after a broker outage).
      const deviceAt = deviceTapTime(card.at, card.localAt, this.labClock, receivedAt);
      const last = this.recentTaps.get(device.entity.id);
      if (isRepeatedRead(last, card.uid, receivedAt, deviceAt, this.config.TAP_DEBOUNCE_MS)) {
        this.counters.duplicates += 1;
        return;
      }
      this.recentTaps.set(device.entity.id, { uid: card.uid, receivedAt, deviceAt });
    }
    this.counters.taps += 1;
    const uidHash = this.hasher.hash(card.uid);
    const known = this.snapshot.cards.get(uidHash);
    if (!known) this.reportEnrollment(device, card, receivedAt);
    if (device.entity.role === DeviceRole.EntranceReader) {
      this.onEntranceTap(device, uidHash, card, receivedAt);
      return;
    }
    const machineId = device.entity.machineId ?? '';
    const decision = decide(this.snapshot, { uidHash, machineId }, receivedAt);
    const machine = this.machines.get(machineId) ?? null;
    let sessionId: string | null = null;
    if (decision.outcome === 'allowed' && machine) {
      sessionId = randomUUID();
      this.recordAccess(device, card, decision, machine, sessionId, receivedAt);
      const event: SessionEvent = decision.takeoverOfSessionId
        ? {
            type: 'takeover',
            newSessionId: sessionId,
            memberId: decision.memberId,
            at: receivedAt,
            endsAt: decision.endsAt,
          }
        : {
            type: 'started',
            sessionId,
            memberId: decision.memberId,
            at: receivedAt,
            endsAt: decision.endsAt,
          };
      this.feed(machine, event);
      this.counters.allowed += 1;
    } else if (decision.outcome === 'tap_out' && machine) {
      sessionId = decision.sessionId;
      this.recordAccess(device, card, decision, machine, sessionId, receivedAt);
      this.feed(machine, { type: 'tap_out', at: receivedAt });
    } else {
      this.recordAccess(device, card, decision, machine, null, receivedAt);
      this.counters.denied += 1;
    }
    this.sendFeedback(device, decision);
    const decisionMs = this.now() - receivedAt;
    const memberId = decision.outcome === 'denied' ? decision.memberId : decision.memberId;
    const tap: TapEvent = {
      id: randomUUID(),
      at: new Date(receivedAt).toISOString(),
      deviceId: device.entity.id,
      machineId: machine?.machineId ?? null,
      siteId: device.entity.siteId,
      outcome: decision.outcome,
      reason: decision.outcome === 'denied' ? decision.reason : null,
      memberKey: decision.memberKey,
      cardSuffix: this.hasher.suffix(card.uid),
      sessionId,
      decisionMs,
    };
    this.live.tap(device.entity.siteId, tap, memberId ? (this.names.get(memberId)?.name ?? null) : null);
  }

  private recordAccess(
    device: DeviceRuntime,
    card: CardEvent,
    decision: AccessDecision,
    machine: MachineRuntime | null,
    sessionId: string | null,
    at: number,
  ): void {
    this.journal.record({
      t: 'access',
      row: {
        id: randomUUID(),
        at: new Date(at).toISOString(),
        deviceId: device.entity.id,
        msgId: card.msgId,
        machineId: machine?.machineId ?? null,
        siteId: device.entity.siteId,
        memberKey: decision.memberKey,
        cardSuffix: this.hasher.suffix(card.uid),
        outcome: decision.outcome,
        reason: decision.outcome === 'denied' ? decision.reason : null,
        sessionId,
      },
    });
  }

  private sendFeedback(device: DeviceRuntime, decision: AccessDecision): void {
    const lang = this.config.DEVICE_LANGUAGE;
    const feedback: FeedbackCommand =
      decision.outcome === 'denied'
        ? { result: 'denied', reason: decision.reason, text: DENY_REASON_TEXT[decision.reason][lang] }
        : {
            result: 'allowed',
            reason: null,
            text:
              decision.outcome === 'tap_out'
                ? lang === 'de'
                  ? 'Abgemeldet'
                  : 'Signed off'
                : lang === 'de'
                  ? 'Freigegeben'
                  : 'Access granted',
          };
    this.publishAll(
      this.registry.get(device.address.protocol)?.encodeFeedback(device.address, feedback) ?? [],
    );
  }

  private reportEnrollment(device: DeviceRuntime, card: CardEvent, at: number): void {
    const waiting = this.enrollment.get(device.entity.id);
    if (!waiting) return;
    this.enrollment.delete(device.entity.id);
    if (waiting.until < at) return;
    this.live.enrollment(waiting.socketId, {
      deviceId: device.entity.id,
      uid: card.uid,
      technology: card.technology,
      at: new Date(at).toISOString(),
    });
  }

  /**
   * Entrance readers: members check in (one visit per member, site and local day); staff members toggle their
   * presence at the site. A card that may not act (blocked, suspended, guest pass expired) is denied with the
   * reason and counts no visit.
   */
  private onEntranceTap(device: DeviceRuntime, uidHash: string, card: CardEvent, at: number): void {
    const decision = decideEntrance(this.snapshot, { uidHash, siteId: device.entity.siteId }, at);
    const member = decision.member ?? undefined;
    let feedback: FeedbackCommand;
    if (decision.outcome === 'denied') feedback = this.denial(decision.reason);
    else {
      const { site } = decision;
      const memberKey = decision.member.memberKey;
      const staffId = this.staffByMember.get(decision.member.memberId);
      const de = this.config.DEVICE_LANGUAGE === 'de';
      if (staffId) {
        const present = !this.isPresent(device.entity.siteId, staffId);
        this.setPresence(device.entity.siteId, staffId, present, at);
        // Audited after the reply is out: presence satisfies supervision rules, so who came when is on record.
        this.auditPresence(device.entity.siteId, staffId, present, device.entity.id);
        feedback = {
          result: 'allowed',
          reason: null,
          text: present ? (de ? 'Aufsicht anwesend' : 'On duty') : de ? 'Aufsicht abgemeldet' : 'Off duty',
        };
      } else if (this.visitsToday.checkIn(site.siteId, memberKey, localDateOf(at, site.timezone))) {
        this.journal.record({
          t: 'visit',
          row: {
            id: randomUUID(),
            siteId: site.siteId,
            memberKey,
            at: new Date(at).toISOString(),
            source: 'entrance_tap',
          },
        });
        feedback = { result: 'allowed', reason: null, text: de ? 'Willkommen' : 'Welcome' };
      } else {
        feedback = { result: 'allowed', reason: null, text: de ? 'Schon eingecheckt' : 'Already checked in' };
      }
    }
    this.publishAll(
      this.registry.get(device.address.protocol)?.encodeFeedback(device.address, feedback) ?? [],
    );
    this.live.tap(
      device.entity.siteId,
      {
        id: randomUUID(),
        at: new Date(at).toISOString(),
        deviceId: device.entity.id,
        machineId: null,
        siteId: device.entity.siteId,
        outcome: feedback.result,
        reason: feedback.reason,
        memberKey: member?.memberKey ?? null,
        cardSuffix: this.hasher.suffix(card.uid),
        sessionId: null,
        decisionMs: this.now() - at,
      },
      member ? (this.names.get(member.memberId)?.name ?? null) : null,
    );
  }

  private denial(reason: DenyReason): FeedbackCommand {
    return { result: 'denied', reason, text: DENY_REASON_TEXT[reason][this.config.DEVICE_LANGUAGE] };
  }

  private onAvailability(device: DeviceRuntime, online: boolean): void {
    if (device.online === online) return;
    device.online = online;
    this.live.device({ deviceId: device.entity.id, online, at: new Date(this.now()).toISOString() });
    if (online && device.entity.role === DeviceRole.Actuator) this.queryRelay(device);
    this.forMachineOf(device, (m) => this.publishMachine(m));
  }

  private onRelayReport(device: DeviceRuntime, on: boolean, at: number): void {
    this.forMachineOf(device, (m) => {
      const changed = m.relayOn !== on;
      m.relayOn = on;
      if (at - m.lastSwitchAt >= RELAY_REPORT_GRACE_MS) {
        m.reportInGrace = null;
        this.feed(m, { type: 'relay_reported', on, at });
      } else m.reportInGrace = on;
      if (changed) this.publishMachine(m);
    });
  }

  private onPower(device: DeviceRuntime, watts: number, at: number): void {
    this.forMachineOf(device, (m) => {
      m.powerW = watts;
      this.feed(m, { type: 'power', watts, at });
    });
  }

  private forMachineOf(device: DeviceRuntime, fn: (m: MachineRuntime) => void): void {
    const machine = device.entity.machineId ? this.machines.get(device.entity.machineId) : undefined;
    if (machine) fn(machine);
  }

  // ---------------------------------------------------------------- sessions

  /** Feed one event to a machine's state machine and carry out what it says, in order. */
  /** Runs the machine's session machine; true when that published the machine's new state. */
  private feed(machine: MachineRuntime, event: SessionEvent): boolean {
    const { state, commands } = sessionReducer(machine.session, event, machine.config);
    if (state.printing !== machine.session.printing) {
      this.printStates.set(machine.machineId, state.printing, event.at);
    }
    // The board shows the phase (waiting for a print) and the printing flag, also when no command follows.
    const visible = state.phase !== machine.session.phase || state.printing !== machine.session.printing;
    machine.session = state;
    if (commands.length > 0) {
      applySessionCommands(this.snapshot, machine.machineId, commands);
      for (const command of commands) this.execute(machine, command, event);
    } else if (!visible) return false;
    this.publishMachine(machine);
    return true;
  }

  private execute(machine: MachineRuntime, command: SessionCommand, cause: SessionEvent): void {
    switch (command.type) {
      case 'session_started': {
        const memberKey =
          this.names.get(command.memberId)?.memberKey ??
          this.snapshot.members.get(command.memberId)?.memberKey ??
          'unknown';
        this.journal.record({
          t: 'session_start',
          row: {
            id: command.sessionId,
            machineId: machine.machineId,
            siteId: machine.siteId,
            memberKey,
            startedAt: new Date(command.at).toISOString(),
            endsAt: command.endsAt === null ? null : new Date(command.endsAt).toISOString(),
            takeoverOf:
              cause.type === 'takeover' && machine.liveSession ? machine.liveSession.sessionId : null,
          },
        });
        machine.liveSession = {
          sessionId: command.sessionId,
          machineId: machine.machineId,
          memberKey,
          startedAt: new Date(command.at).toISOString(),
          endsAt: command.endsAt === null ? null : new Date(command.endsAt).toISOString(),
        };
        this.live.sessionStarted(
          machine.siteId,
          machine.liveSession,
          this.names.get(command.memberId)?.name ?? null,
        );
        return;
      }
      case 'relay':
        machine.lastSwitchAt = this.now();
        machine.relayOn = command.on;
        machine.commandedOn = command.on;
        machine.reportInGrace = null; // anything heard before this command is older than it
        for (const d of this.devicesOf(machine.machineId, DeviceRole.Actuator)) {
          const adapter = this.registry.get(d.address.protocol);
          this.publishAll(
            adapter?.encodeActuator(d.address, command.on, {
              sessionId: machine.liveSession?.sessionId ?? null,
              issuedAt: new Date().toISOString(),
            }) ?? [],
          );
        }
        return;
      case 'session_ended':
        this.journal.record({
          t: 'session_end',
          id: command.sessionId,
          endedAt: new Date(command.at).toISOString(),
          endReason: command.reason,
        });
        if (machine.liveSession?.sessionId === command.sessionId) machine.liveSession = null;
        this.live.sessionEnded(machine.siteId, {
          sessionId: command.sessionId,
          machineId: machine.machineId,
          endedAt: new Date(command.at).toISOString(),
          reason: command.reason,
        });
        return;
    }
  }

  /** The msgIds decided inside the replay window before this boot (the journal is replayed by now). */
  private async loadRecentTapIds(): Promise<void> {
    const since = new Date(this.now() - this.replayGuard.rememberMs);
    const rows = await this.dataSource
      .getRepository(AccessEventEntity)
      .createQueryBuilder('e')
      .select(['e.deviceId', 'e.msgId', 'e.at'])
      .where('e.at >= :since AND e.msgId IS NOT NULL', { since })
      .orderBy('e.at', 'ASC')
      .getMany();
    for (const row of rows) this.replayGuard.remember(`${row.deviceId}:${row.msgId}`, row.at.getTime());
  }

  private tick(): void {
    const now = this.now();
    this.replayGuard.evict(now);
    for (const summary of this.rejectLog.drain(now)) this.logRejectSummary(summary);
    for (const machine of this.machines.values()) {
      if (machine.reportInGrace !== null && now - machine.lastSwitchAt >= RELAY_REPORT_GRACE_MS) {
        this.recheckReportInGrace(machine);
      }
      const deadline = nextDeadline(machine.session, machine.config);
      if (deadline !== null && deadline <= now) this.feed(machine, { type: 'tick', at: now });
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
    if (reported === machine.commandedOn) return;
    for (const d of this.devicesOf(machine.machineId, DeviceRole.Actuator)) this.queryRelay(d);
  }

  /** Today's visits survive a restart: a member who checked in before it is not counted again. */
  private async loadTodaysVisits(): Promise<void> {
    // 48 h back covers today's local day in every zone; DailyVisits keeps only the latest day per site.
    const since = new Date(this.now() - 48 * 3600_000);
    const rows = await this.dataSource
      .getRepository(VisitEntity)
      .find({ where: { at: MoreThanOrEqual(since) }, order: { at: 'ASC' } });
    for (const row of rows) {
      const site = this.snapshot.sites.get(row.siteId);
      if (site)
        this.visitsToday.checkIn(row.siteId, row.memberKey, localDateOf(row.at.getTime(), site.timezone));
    }
  }

  /** Sessions open in the database belong to the machines again; the relays' reports then settle them. */
  private async restoreOpenSessions(): Promise<void> {
    const open = await this.dataSource
      .getRepository(UsageSessionEntity)
      .find({ where: { endedAt: IsNull() } });
    const memberOfKey = new Map([...this.snapshot.members.values()].map((m) => [m.memberKey, m.memberId]));
    for (const s of open) {
      const machine = this.machines.get(s.machineId);
      const memberId = memberOfKey.get(s.memberKey);
      if (!machine || !memberId) {
        this.journal.record({
          t: 'session_end',
          id: s.id,
          endedAt: new Date(this.now()).toISOString(),
          endReason: SessionEndReason.Reconciled,
        });
        continue;
      }
      const running = {
        sessionId: s.id,
        memberId,
        startedAt: s.startedAt.getTime(),
        endsAt: s.endsAt ? s.endsAt.getTime() : null,
      };
      machine.session = restoredSessionState(running, this.printStates.isPrinting(s.machineId));
      machine.lastSwitchAt = 0;
      startSession(this.snapshot, s.machineId, running);
      machine.liveSession = {
        sessionId: s.id,
        machineId: s.machineId,
        memberKey: s.memberKey,
        startedAt: s.startedAt.toISOString(),
        endsAt: s.endsAt ? s.endsAt.toISOString() : null,
      };
    }
    if (open.length > 0)
      this.logger.log(`restored ${open.length} open sessions; waiting for the relays to report`);
  }

  private queryRelay(device: DeviceRuntime): void {
    this.publishAll(this.registry.get(device.address.protocol)?.encodeStateQuery(device.address) ?? []);
  }

  /** The one way out to devices: what the journal holds is on disk before any device hears of it. */
  private publishAll(messages: { topic: string; payload: string; qos: 0 | 1; retain: boolean }[]): void {
    if (messages.length === 0) return;
    this.journal.sync();
    for (const m of messages) this.bus.publish(m);
  }

  // ---------------------------------------------------------------- staff actions

  forceOff(machineId: string, cutUnderPrint: boolean): MachineLiveState {
    const machine = this.machines.get(machineId);
    if (!machine) throw DomainError.notFound('Machine', machineId);
    // The reducer decides everything, also for an idle machine: relay off, unless a print runs and staff did
    // not ask to cut it.
    this.feed(machine, { type: 'force_off', at: this.now(), cutUnderPrint });
    return this.liveState(machine);
  }

  isPresent(siteId: string, staffId: string): boolean {
    const key = this.staffKeys.get(staffId) ?? staffId;
    return this.snapshot.sites.get(siteId)?.staffPresent.has(key) ?? false;
  }

  /** Returns whether the presence changed (it was not already so). */
  setPresence(siteId: string, staffId: string, present: boolean, at = this.now()): boolean {
    if (!this.snapshot.sites.has(siteId)) throw DomainError.notFound('Site', siteId);
    if (present && !this.staffKeys.has(staffId))
      throw DomainError.invalid('staffId', 'no such active staff account', DomainRule.InactiveAccount);
    if (this.isPresent(siteId, staffId) === present) return false;
    setStaffPresent(this.snapshot, siteId, this.staffKeys.get(staffId) ?? staffId, present);
    const iso = new Date(at).toISOString();
    if (present) this.presenceSince.set(`${siteId}:${staffId}`, iso);
    else this.presenceSince.delete(`${siteId}:${staffId}`);
    this.journal.record(
      present
        ? { t: 'presence_start', row: { id: randomUUID(), siteId, staffId, arrivedAt: iso } }
        : { t: 'presence_end', siteId, staffId, leftAt: iso },
    );
    return true;
  }

  private auditPresence(siteId: string, staffId: string, present: boolean, deviceId: string): void {
    setImmediate(() => {
      this.audit
        .record(null, present ? AuditAction.CheckIn : AuditAction.CheckOut, 'staff_presence', staffId, null, {
          siteId,
          via: 'entrance_reader',
          deviceId,
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'auditing a presence tap failed'));
    });
  }

  staffPresence(siteId: string): { staffId: string; arrivedAt: string | null }[] {
    const keys = this.snapshot.sites.get(siteId)?.staffPresent ?? new Set<string>();
    return [...this.staffKeys]
      .filter(([, key]) => keys.has(key))
      .map(([staffId]) => ({ staffId, arrivedAt: this.presenceSince.get(`${siteId}:${staffId}`) ?? null }));
  }

  startEnrollment(deviceId: string, socketId: string, ttlMs = 120_000): void {
    const device = this.devices.get(deviceId);
    if (
      !device ||
      (device.entity.role !== DeviceRole.MachineReader && device.entity.role !== DeviceRole.EntranceReader)
    ) {
      throw DomainError.invalid('deviceId', 'not a registered reader', DomainRule.NotAReader);
    }
    this.enrollment.set(deviceId, { socketId, until: this.now() + ttlMs });
  }

  stopEnrollment(deviceId: string, socketId: string): void {
    if (this.enrollment.get(deviceId)?.socketId === socketId) this.enrollment.delete(deviceId);
  }

  /** A registered device's address, from memory (demo taps name the reader by it).  */
  deviceAddress(deviceId: string): DeviceAddress | null {
    return this.devices.get(deviceId)?.address ?? null;
  }

  // ---------------------------------------------------------------- live state

  liveState(machine: MachineRuntime): MachineLiveState {
    const devices = this.devicesByMachine.get(machine.machineId) ?? [];
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
        machine.session.phase === 'ending' ||
        (machine.session.phase !== 'active' && machine.session.printing && machine.relayOn === true),
    };
  }

  machineStates(siteId?: string): MachineLiveState[] {
    return [...this.machines.values()]
      .filter((m) => !siteId || m.siteId === siteId)
      .map((m) => this.liveState(m));
  }

  memberNameOfKey(memberKey: string): string | null {
    for (const entry of this.names.values()) if (entry.memberKey === memberKey) return entry.name;
    return null;
  }

  deviceOnline(deviceId: string): boolean {
    return this.devices.get(deviceId)?.online ?? false;
  }

  private publishMachine(machine: MachineRuntime): void {
    if (!this.started) return;
    const state = this.liveState(machine);
    const memberId =
      machine.session.phase === 'active' || machine.session.phase === 'ending'
        ? machine.session.session.memberId
        : null;
    this.live.machine(state, memberId ? (this.names.get(memberId)?.name ?? null) : null);
  }

  // ---------------------------------------------------------------- registry upkeep

  private devicesOf(machineId: string, role: DeviceRole): DeviceRuntime[] {
    const all = this.devicesByMachine.get(machineId);
    return all ? all.filter((d) => d.entity.role === role) : [];
  }

  private indexByMachine(): void {
    this.devicesByMachine.clear();
    for (const d of this.devices.values()) {
      if (!d.entity.machineId) continue;
      const list = this.devicesByMachine.get(d.entity.machineId) ?? [];
      list.push(d);
      this.devicesByMachine.set(d.entity.machineId, list);
    }
  }

  private upsertMachineRuntime(m: MachineEntity): void {
    const existing = this.machines.get(m.id);
    const config: SessionConfig = {
      idlePowerWatts: m.idlePowerWatts ?? 0,
      idleMinutes: m.idleMinutes ?? 10,
      coolDownMinutes: this.config.COOL_DOWN_MINUTES,
    };
    this.machines.set(m.id, {
      machineId: m.id,
      siteId: m.siteId,
      name: m.name,
      state: m.state,
      session: existing?.session ?? initialSessionState(this.printStates.isPrinting(m.id)),
      config,
      relayOn: existing?.relayOn ?? null,
      powerW: existing?.powerW ?? null,
      lastSwitchAt: existing?.lastSwitchAt ?? 0,
      commandedOn: existing?.commandedOn ?? null,
      reportInGrace: existing?.reportInGrace ?? null,
      liveSession: existing?.liveSession ?? null,
      print: existing?.print ?? null,
    });
  }

  private upsertDevice(d: DeviceEntity): string[] {
    const address = toAddress(d);
    const problems = this.router.add(address);
    if (problems.length > 0) {
      this.logger.warn({ deviceId: d.id, problems }, 'device not routable');
      return problems;
    }
    const previous = this.devices.get(d.id);
    this.devices.set(d.id, { entity: d, address, online: previous?.online ?? false });
    if (this.started) this.indexByMachine();
    const adapter = this.registry.get(d.protocol);
    if (adapter)
      this.accounts.set({
        username: d.mqttUsername,
        passwordHash: d.mqttPasswordHash,
        rights: adapter.topicRights(address),
      });
    return [];
  }

  private removeDevice(id: string): void {
    const d = this.devices.get(id);
    if (!d) return;
    this.router.remove(id);
    this.accounts.remove(d.entity.mqttUsername);
    this.devices.delete(id);
    this.indexByMachine();
  }

  private async reloadStaff(): Promise<void> {
    const staff = await this.dataSource.getRepository(StaffAccountEntity).find({ where: { active: true } });
    const previousKeys = this.staffKeys;
    this.staffKeys = new Map(staff.map((s) => [s.id, s.memberId ?? s.id]));
    this.staffByMember = new Map(staff.filter((s) => s.memberId).map((s) => [s.memberId as string, s.id]));
    // A deactivated (or deleted) account stops supervising at once, not at the next restart.
    for (const entry of [...this.presenceSince.keys()]) {
      const [siteId, staffId] = entry.split(':');
      if (this.staffKeys.has(staffId)) continue;
      setStaffPresent(this.snapshot, siteId, previousKeys.get(staffId) ?? staffId, false);
      this.presenceSince.delete(entry);
      this.journal.record({ t: 'presence_end', siteId, staffId, leftAt: new Date(this.now()).toISOString() });
    }
  }

  private registerChangeListeners(): void {
    this.changes.on('card', ({ id }) => this.loader.reloadCard(this.snapshot, id));
    this.changes.on('cardRemoved', ({ uidHash }) => this.loader.removeCard(this.snapshot, uidHash));
    this.changes.on('member', ({ id }) => this.loader.reloadMember(this.snapshot, this.names, id));
    this.changes.on('members', ({ ids }) => this.loader.reloadMembers(this.snapshot, this.names, ids));
    this.changes.on('memberRemoved', async ({ id }) => {
      await this.loader.reloadMember(this.snapshot, this.names, id);
      // Erasure re-keys the member's activity after this: journal lines still in flight must be in the database.
      await this.journal.flush();
    });
    this.changes.on('training', ({ memberId }) => this.loader.reloadGrants(this.snapshot, memberId));
    this.changes.on('qualification', ({ id }) => this.loader.reloadQualification(this.snapshot, id));
    this.changes.on('site', async ({ id }) => {
      if (!(await this.loader.reloadSite(this.snapshot, id))) this.visitsToday.forgetSite(id);
    });
    this.changes.on('staff', () => this.reloadStaff());
    const onMachine = async ({ id }: { id: string }) => {
      const m = await this.loader.reloadMachine(this.snapshot, id);
      if (m) {
        this.upsertMachineRuntime(m);
        this.publishMachine(this.machines.get(m.id) as MachineRuntime);
      } else {
        this.machines.delete(id);
        this.printStates.set(id, false, this.now());
      }
    };
    this.changes.on('machine', onMachine);
    this.changes.on('machineRemoved', onMachine);
    this.changes.on('device', async ({ id }) => {
      const d = await this.dataSource.getRepository(DeviceEntity).findOneBy({ id });
      if (!d) return this.removeDevice(id);
      this.upsertDevice(d);
      await this.bus.subscribe(this.subscriptionFilters());
      if (d.role === DeviceRole.Actuator) this.queryRelay(this.devices.get(d.id) as DeviceRuntime);
    });
    this.changes.on('deviceRemoved', ({ id }) => this.removeDevice(id));
  }

  /** Why a device's protocol cannot serve its role (e.g. a relay registered as a reader); empty when it can. */
  roleProblems(d: DeviceEntity): string[] {
    const capabilities = this.registry.get(d.protocol)?.capabilities;
    if (!capabilities) return []; // routingProblems names the missing adapter
    const reader = d.role === DeviceRole.MachineReader || d.role === DeviceRole.EntranceReader;
    if (reader && !capabilities.cards)
      return [`${d.protocol} devices read no cards; choose a reader protocol`];
    if (d.role === DeviceRole.Actuator && !capabilities.actuator) {
      return [`${d.protocol} devices switch nothing; choose a relay protocol`];
    }
    if (d.role === DeviceRole.Printer && !capabilities.printer) {
      return [`${d.protocol} devices report no print jobs; choose a printer protocol`];
    }
    return [];
  }

  /** Problems the router would have with a device (used by the registry API before saving). */
  routingProblems(d: DeviceEntity): string[] {
    const adapter = this.registry.get(d.protocol);
    if (!adapter) return [`no adapter for protocol ${d.protocol}`];
    const problems = adapter.validate(toAddress(d));
    if (problems.length > 0) return problems;
    for (const other of this.devices.values()) {
      if (
        other.entity.id !== d.id &&
        other.entity.protocol === d.protocol &&
        other.entity.address === d.address
      ) {
        return [`address ${d.address} is already used by device ${other.entity.name}`];
      }
    }
    return [];
  }

  /** What a device may do on the broker; nothing while its address is not valid (it cannot log in usefully). */
  topicRights(d: DeviceEntity): TopicRights {
    const adapter = this.registry.get(d.protocol);
    const address = toAddress(d);
    if (!adapter || adapter.validate(address).length > 0) return { publish: [], subscribe: [] };
    return adapter.topicRights(address);
  }

  /**
   * Devices registered before overlapping topics were refused keep working, but each pair is named at start:
   * either device could read or forge the other's messages until one gets another address.
   */
  private warnOfTopicConflicts(): void {
    for (const d of this.devices.values()) {
      for (const conflict of this.topicConflicts(d.entity)) {
        this.logger.warn(
          { deviceId: d.entity.id, device: d.entity.name, otherDevice: conflict.otherDevice },
          `device "${d.entity.name}": ${conflict.problem}`,
        );
      }
    }
  }

  /** Where a device's broker topics would overlap another family's space or another registered device's. */
  topicConflicts(d: DeviceEntity): TopicConflict[] {
    const others = [...this.devices.values()].map((o) => ({ address: o.address, name: o.entity.name }));
    return topicConflicts(this.registry, { address: toAddress(d), name: d.name }, others);
  }
}
