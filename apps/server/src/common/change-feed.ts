import { Injectable, Logger } from '@nestjs/common';

/**
 * What changed, announced after the transaction commits. The access runtime listens and patches its
 * in-memory snapshot synchronously, so the very next tap sees the change.
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
}

type Listener<K extends keyof ChangeEvents> = (event: ChangeEvents[K]) => void | Promise<void>;

@Injectable()
export class ChangeFeed {
  private readonly logger = new Logger(ChangeFeed.name);
  private readonly listeners = new Map<keyof ChangeEvents, Listener<never>[]>();

  on<K extends keyof ChangeEvents>(kind: K, listener: Listener<K>): void {
    const list = this.listeners.get(kind) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(kind, list);
  }

  /** Resolves once every listener has applied the change (services await it before answering). */
  async emit<K extends keyof ChangeEvents>(kind: K, event: ChangeEvents[K]): Promise<void> {
    for (const listener of this.listeners.get(kind) ?? []) {
      try {
        await (listener as Listener<K>)(event);
      } catch (error) {
        this.logger.error({ err: error, kind }, 'change listener failed');
      }
    }
  }
}
