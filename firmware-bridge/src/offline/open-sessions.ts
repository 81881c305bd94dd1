import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startSession, type PolicySnapshot } from '@werkbank/access-core';
import { writeFileAtomic } from './atomic-file';

/**
 * The sessions running on this bridge's machines, whoever started them: the server (online, its session id)
 * or the bridge itself (offline, a bridge-made id). Kept on disk (atomic rewrite per change) so a member can
 * still tap out offline after a restart, and fed into every offline snapshot as its activeSessions.
 */
export interface OpenSession {
  machineId: string;
  sessionId: string;
  /** The member's pseudonym (offline member id); null when the server started it for a card the list lacks. */
  memberKey: string | null;
  /** The card that started it (canonical UID), for the usage records. */
  uid: string | null;
  startedAt: number;
  /** Epoch ms when it reaches its maximum; null = no limit known (server-owned sessions). */
  endsAt: number | null;
  /** Started by the bridge while offline (its start is in the usage queue). */
  offline: boolean;
}

const FILE = 'open-sessions.json';

export class OpenSessions {
  private readonly byMachine = new Map<string, OpenSession>();
  private readonly path: string;

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.path = join(dataDir, FILE);
  }

  load(): void {
    if (!existsSync(this.path)) return;
    try {
      const saved = JSON.parse(readFileSync(this.path, 'utf8')) as OpenSession[];
      for (const session of saved) this.byMachine.set(session.machineId, session);
    } catch (error) {
      // Written atomically, so only disk corruption gets here: the sessions are forgotten, machines stay off.
      this.logger.error({ file: this.path, err: error }, 'open sessions unreadable, starting without');
    }
  }

  get(machineId: string): OpenSession | undefined {
    return this.byMachine.get(machineId);
  }

  all(): OpenSession[] {
    return [...this.byMachine.values()];
  }

  open(session: OpenSession): void {
    this.byMachine.set(session.machineId, session);
    this.save();
  }

  /** Removes the machine's session if it is still `sessionId` (a late end must not remove a successor). */
  close(machineId: string, sessionId?: string): OpenSession | undefined {
    const session = this.byMachine.get(machineId);
    if (session === undefined || (sessionId !== undefined && session.sessionId !== sessionId))
      return undefined;
    this.byMachine.delete(machineId);
    this.save();
    return session;
  }

  /** Writes the sessions into a snapshot's activeSessions (after every rebuild from a new list). */
  applyTo(snapshot: PolicySnapshot): void {
    for (const session of this.byMachine.values()) {
      startSession(snapshot, session.machineId, {
        sessionId: session.sessionId,
        // A session of a card the list lacks still occupies the machine.
        memberId: session.memberKey ?? `unlisted:${session.sessionId}`,
        startedAt: session.startedAt,
        endsAt: session.endsAt,
      });
    }
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify(this.all()));
  }
}
