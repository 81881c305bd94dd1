import type { LiveSession, MachineLiveState, SessionEndedEvent, TapEvent } from '@werkbank/contracts';
import type { Outbound } from '@werkbank/device-protocol';
import type { EventEntity, UsageSessionEntity, VisitEntity } from '@werkbank/persistence';
import type { Clock } from '../../../common/clock';
import type { JournalEntry } from '../../activity-journal';
import type { LiveSink } from '../../live-hub';

/* Fakes of what the access runtime talks to (bus, journal, clock, database reads), for runtime-harness.ts. */

/** What happened, in order, across the fake journal and the fake bus (to check "journal before relay"). */
export type Step =
  { kind: 'record'; entry: JournalEntry } | { kind: 'sync' } | { kind: 'publish'; message: Outbound };

export class FakeClock implements Clock {
  constructor(public t: number) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): number {
    this.t += ms;
    return this.t;
  }
}

/** The bus as the runtime uses it: publishes are recorded, messages can be delivered to the handler. */
export class FakeBus {
  private handler: ((topic: string, payload: Buffer) => void) | null = null;
  readonly subscriptions: string[][] = [];
  constructor(private readonly steps: Step[]) {}
  publish(message: Outbound): void {
    this.steps.push({ kind: 'publish', message });
  }
  onMessage(handler: (topic: string, payload: Buffer) => void): void {
    this.handler = handler;
  }
  async subscribe(filters: string[]): Promise<void> {
    this.subscriptions.push(filters);
  }
  deliver(topic: string, payload: string): void {
    this.handler?.(topic, Buffer.from(payload));
  }
}

/** The journal's contract without the disk: entries in order, and when the runtime asked for a sync. */
export class FakeJournal {
  flushes = 0;
  constructor(private readonly steps: Step[]) {}
  record(entry: JournalEntry): void {
    this.steps.push({ kind: 'record', entry });
  }
  sync(): void {
    this.steps.push({ kind: 'sync' });
  }
  gather<T>(work: () => T): T {
    return work();
  }
  async flush(): Promise<void> {
    this.flushes += 1;
  }
}

/** Hears what the runtime tells the live board (the hub delivers after setImmediate: `await settle()`). */
export class RecordingSink implements LiveSink {
  readonly taps: { event: TapEvent; memberName: string | null }[] = [];
  readonly machines: MachineLiveState[] = [];
  readonly started: LiveSession[] = [];
  readonly ended: SessionEndedEvent[] = [];
  readonly devices: { deviceId: string; online: boolean }[] = [];
  readonly enrollments: { socketId: string; uid: string }[] = [];
  tap(_siteId: string | null, event: TapEvent, memberName: string | null): void {
    this.taps.push({ event, memberName });
  }
  machine(state: MachineLiveState): void {
    this.machines.push(state);
  }
  sessionStarted(_siteId: string, session: LiveSession): void {
    this.started.push(session);
  }
  sessionEnded(_siteId: string, event: SessionEndedEvent): void {
    this.ended.push(event);
  }
  device(event: { deviceId: string; online: boolean }): void {
    this.devices.push(event);
  }
  enrollment(socketId: string, event: { uid: string }): void {
    this.enrollments.push({ socketId, uid: event.uid });
  }
}

/** The bookings table as the runtime writes it: claims and no-show releases. */
export class FakeBookings {
  readonly claimed = new Map<string, Date>();
  readonly released: string[] = [];

  async markClaimed(id: string, at: Date): Promise<void> {
    if (!this.claimed.has(id)) this.claimed.set(id, at);
  }

  async releaseNoShows(ids: readonly string[]): Promise<string[]> {
    const fresh = ids.filter((id) => !this.released.includes(id) && !this.claimed.has(id));
    this.released.push(...fresh);
    return fresh;
  }
}

/** The event reader's database side: the site's open events, and the attendance written. */
export class FakeEventDoor {
  open: Pick<EventEntity, 'id'>[] = [];
  queries: { siteId: string; at: Date; leadMs: number }[] = [];
  attended: { eventId: string; memberId: string }[] = [];
  failure: Error | null = null;

  async findOpenAt(siteId: string, at: Date, leadMs: number) {
    this.queries.push({ siteId, at, leadMs });
    return this.open;
  }

  async recordCardAttendance(eventId: string, memberId: string) {
    if (this.failure) throw this.failure;
    this.attended.push({ eventId, memberId });
  }
}

/** Rows of the activity the runtime reads back at boot; tests fill them before `restore`. */
export class FakeActivity {
  tapIds: { deviceId: string; msgId: string; at: Date }[] = [];
  visits: VisitEntity[] = [];
  open: UsageSessionEntity[] = [];
  async tapIdsSince(since: Date) {
    return this.tapIds.filter((r) => r.at >= since);
  }
  async visitsSince(since: Date) {
    return this.visits.filter((r) => r.at >= since);
  }
  async openSessions() {
    return this.open;
  }
}
