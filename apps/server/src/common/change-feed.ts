import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

/**
 * What changed, announced after the transaction commits. The access runtime listens and patches its
 * in-memory snapshot, so the very next tap sees the change. Events carry ids, never rows: a listener reads
 * what it needs, so the same events can later travel between instances.
 */
export interface ChangeEvents {
  card: { id: string };
  cardRemoved: { id: string; uidHash: string };
  member: { id: string };
  /** Many new or changed members at once (an import). */
  members: { ids: string[] };
  memberRemoved: { id: string };
  machine: { id: string };
  machineRemoved: { id: string };
  site: { id: string };
  qualification: { id: string };
  training: { memberId: string };
  staff: { id: string };
  device: { id: string };
  deviceRemoved: { id: string };
  /** A booking made, moved or claimed. */
  booking: { id: string };
  /** A booking that no longer holds its machine (cancelled, released, its member erased). */
  bookingRemoved: { id: string };
}

export type ChangeKind = keyof ChangeEvents;

export type ChangeMessage = { [K in ChangeKind]: { kind: K; event: ChangeEvents[K] } }[ChangeKind];

/**
 * How change messages travel from the service that made a change to the listeners that apply it. In process
 * today; with several instances a transport publishes to all of them (and still delivers here first), so
 * services and listeners do not change.
 */
export interface ChangeTransport {
  /** Resolves once the message has been applied in this process. */
  publish(message: ChangeMessage): Promise<void>;
  /** The one receiver of this process (the feed); set once at construction. */
  subscribe(deliver: (message: ChangeMessage) => Promise<void>): void;
}

export const CHANGE_TRANSPORT = Symbol('CHANGE_TRANSPORT');

/** One process: publishing is delivering. */
export class InProcessChangeTransport implements ChangeTransport {
  private deliver: (message: ChangeMessage) => Promise<void> = async () => undefined;

  subscribe(deliver: (message: ChangeMessage) => Promise<void>): void {
    this.deliver = deliver;
  }

  publish(message: ChangeMessage): Promise<void> {
    return this.deliver(message);
  }
}

type Listener<K extends ChangeKind> = (event: ChangeEvents[K]) => void | Promise<void>;

@Injectable()
export class ChangeFeed {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly listeners = new Map<ChangeKind, Listener<never>[]>();

  /** Without a transport (command-line tools): in process. */
  constructor(
    @Optional()
    @Inject(CHANGE_TRANSPORT)
    private readonly transport: ChangeTransport = new InProcessChangeTransport(),
  ) {
    transport.subscribe((message) => this.apply(message));
  }

  on<K extends ChangeKind>(kind: K, listener: Listener<K>): void {
    const list = this.listeners.get(kind) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(kind, list);
  }

  /** Resolves once every listener of this process has applied the change (services await it before answering). */
  emit<K extends ChangeKind>(kind: K, event: ChangeEvents[K]): Promise<void> {
    return this.transport.publish({ kind, event } as ChangeMessage);
  }

  private async apply(message: ChangeMessage): Promise<void> {
    for (const listener of this.listeners.get(message.kind) ?? []) {
      try {
        await (listener as Listener<ChangeKind>)(message.event as never);
      } catch (error) {
        this.logger.error({ err: error, kind: message.kind }, 'change listener failed');
      }
    }
  }
}
