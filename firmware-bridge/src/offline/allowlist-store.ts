import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { buildOfflineSnapshot, type PolicySnapshot } from '@werkbank/access-core';
import {
  openAllowlist,
  type AllowlistDeltaBody,
  type AllowlistFullBody,
  type AllowlistOpenFailure,
  type AllowlistVerifier,
  type HealthAllowlist,
} from '@werkbank/device-protocol';
import { fsyncDirectory, writeFileAtomic } from './atomic-file';

/**
 * The bridge's signed allowlist: the full list and the newest delta on top of it, kept on disk as the envelopes
 * received (so a list read back at start is verified again, like one from the broker).
 *
 * A message is applied only if its signature verifies with a configured key, it is for this bridge, its
 * version is higher than what is held (equal = already applied, not an error), it has not expired, and a delta
 * only if its baseVersion is the held full list's version. Everything else is refused with a counted reason
 * and the previous state is kept. A delta for a full list not yet received (retained messages arrive in any
 * order) is parked until that list arrives.
 */

export type AllowlistChannel = 'allowlist' | 'allowlist/delta';

export type AllowlistRejectReason =
  | AllowlistOpenFailure
  | 'wrong_kind'
  | 'foreign_bridge'
  | 'rollback'
  | 'expired'
  | 'wrong_base'
  | 'unusable_body';

export type AllowlistOutcome =
  | { result: 'applied'; kind: 'full' | 'delta'; version: number }
  | { result: 'parked'; version: number }
  | { result: 'unchanged'; version: number }
  | { result: 'ignored'; why: string }
  | { result: 'rejected'; reason: AllowlistRejectReason; error: string };

export interface AllowlistStoreOptions {
  bridgeId: string;
  dataDir: string;
  verifier: AllowlistVerifier;
  logger: Logger;
}

interface Held<T> {
  body: T;
  payload: string;
}

const FULL_FILE = 'allowlist.json';
const DELTA_FILE = 'allowlist-delta.json';

export class AllowlistStore {
  private full: Held<AllowlistFullBody> | null = null;
  private delta: Held<AllowlistDeltaBody> | null = null;
  private parked: Held<AllowlistDeltaBody> | null = null;
  private built: PolicySnapshot | null = null;
  private readonly listeners: Array<(snapshot: PolicySnapshot) => void> = [];
  readonly rejects: Partial<Record<AllowlistRejectReason, number>> = {};

  constructor(private readonly options: AllowlistStoreOptions) {}

  /** Reads the lists saved before a restart; an unreadable or no longer acceptable file is reported and skipped. */
  load(now: number): void {
    const log = this.options.logger;
    for (const [file, channel] of [
      [FULL_FILE, 'allowlist'],
      [DELTA_FILE, 'allowlist/delta'],
    ] as const) {
      const path = join(this.options.dataDir, file);
      if (!existsSync(path)) continue;
      // Expiry is not checked at load: an expired list still fences off rollbacks, and decisions fail closed.
      const outcome = this.accept(channel, readFileSync(path), now, { atLoad: true });
      log.info({ file: path, outcome }, 'allowlist loaded from disk');
    }
  }

  /** Full list version, or null before the first list. */
  get version(): number | null {
    return this.full?.body.version ?? null;
  }

  get deltaVersion(): number | null {
    return this.delta?.body.version ?? null;
  }

  /** The version decisions are based on: the delta's when one is applied. */
  get effectiveVersion(): number | null {
    return this.delta?.body.version ?? this.full?.body.version ?? null;
  }

  get snapshot(): PolicySnapshot | null {
    return this.built;
  }

  /** Epoch ms after which the list must not be used; null without a list. */
  get expiresAt(): number | null {
    if (this.full === null) return null;
    const full = Date.parse(this.full.body.expiresAt);
    return this.delta === null ? full : Math.min(full, Date.parse(this.delta.body.expiresAt));
  }

  isUsable(now: number): boolean {
    const expiresAt = this.expiresAt;
    return this.built !== null && expiresAt !== null && now < expiresAt;
  }

  health(): HealthAllowlist | null {
    if (this.full === null) return null;
    return {
      version: this.full.body.version,
      issuedAt: this.full.body.issuedAt,
      expiresAt: new Date(this.expiresAt as number).toISOString(),
      deltaVersion: this.deltaVersion,
    };
  }

  /** Called with the new snapshot after every applied list or delta. */
  onChange(listener: (snapshot: PolicySnapshot) => void): void {
    this.listeners.push(listener);
  }

  /** A retained message from the broker (or a file at load). Never throws. */
  accept(
    channel: AllowlistChannel,
    payload: Buffer | string,
    now: number,
    { atLoad = false }: { atLoad?: boolean } = {},
  ): AllowlistOutcome {
    const outcome = this.evaluate(channel, payload, now, atLoad);
    const log = this.options.logger;
    if (outcome.result === 'rejected') {
      this.rejects[outcome.reason] = (this.rejects[outcome.reason] ?? 0) + 1;
      log.warn(
        { channel, reason: outcome.reason, error: outcome.error },
        'allowlist refused, previous one kept',
      );
    } else if (outcome.result === 'applied') {
      log.info({ channel, version: outcome.version, expiresAt: this.expiresAt }, 'allowlist applied');
    }
    return outcome;
  }

  private evaluate(
    channel: AllowlistChannel,
    payload: Buffer | string,
    now: number,
    atLoad: boolean,
  ): AllowlistOutcome {
    // An empty retained payload clears the topic on the broker; it is unsigned, so it cannot revoke anything here.
    if (payload.length === 0) return { result: 'ignored', why: 'empty payload (topic cleared)' };
    const opened = openAllowlist(payload, this.options.verifier);
    if (!opened.ok) return { result: 'rejected', reason: opened.reason, error: opened.error };
    const body = opened.body;
    const wanted = channel === 'allowlist' ? 'full' : 'delta';
    if (body.kind !== wanted) {
      return { result: 'rejected', reason: 'wrong_kind', error: `a ${body.kind} list on ${channel}` };
    }
    if (body.bridgeId !== this.options.bridgeId) {
      return { result: 'rejected', reason: 'foreign_bridge', error: `list of ${body.bridgeId}` };
    }
    if (!atLoad && Date.parse(body.expiresAt) <= now) {
      return { result: 'rejected', reason: 'expired', error: `expired at ${body.expiresAt}` };
    }
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    return body.kind === 'full'
      ? this.acceptFull({ body, payload: text }, now, atLoad)
      : this.acceptDelta({ body, payload: text }, atLoad);
  }

  private acceptFull(next: Held<AllowlistFullBody>, now: number, atLoad: boolean): AllowlistOutcome {
    const version = next.body.version;
    const held = this.full?.body.version ?? -1;
    if (version === held) return { result: 'unchanged', version };
    // One counter per bridge: a full list older than the applied delta is a rollback too.
    const newest = Math.max(held, this.delta?.body.version ?? -1);
    if (version <= newest) {
      return { result: 'rejected', reason: 'rollback', error: `version ${version}, holding ${newest}` };
    }
    const parked = this.parked?.body.baseVersion === version ? this.parked : null;
    const snapshot = this.build(next.body, parked?.body ?? null);
    if (typeof snapshot === 'string') return { result: 'rejected', reason: 'unusable_body', error: snapshot };
    if (!atLoad) writeFileAtomic(join(this.options.dataDir, FULL_FILE), next.payload);
    this.full = next;
    this.delta = null;
    this.parked = null;
    if (parked !== null && (atLoad || Date.parse(parked.body.expiresAt) > now)) {
      this.delta = parked;
      writeFileAtomic(join(this.options.dataDir, DELTA_FILE), parked.payload);
    } else if (!atLoad) {
      this.removeDeltaFile();
    }
    this.publish(snapshot);
    return { result: 'applied', kind: 'full', version };
  }

  private acceptDelta(next: Held<AllowlistDeltaBody>, atLoad: boolean): AllowlistOutcome {
    const { version, baseVersion } = next.body;
    const fullVersion = this.full?.body.version ?? null;
    const held = this.delta?.body.version ?? fullVersion ?? -1;
    if (this.delta !== null && version === this.delta.body.version) return { result: 'unchanged', version };
    if (fullVersion === null || baseVersion > fullVersion) {
      // For a full list still to come: kept in memory until it arrives (never applied on its own).
      if (!atLoad && (this.parked === null || this.parked.body.version < version)) this.parked = next;
      return atLoad
        ? { result: 'rejected', reason: 'wrong_base', error: `base ${baseVersion}, holding ${fullVersion}` }
        : { result: 'parked', version };
    }
    if (version <= held) {
      return { result: 'rejected', reason: 'rollback', error: `version ${version}, holding ${held}` };
    }
    if (baseVersion !== fullVersion) {
      return {
        result: 'rejected',
        reason: 'wrong_base',
        error: `base ${baseVersion}, holding ${fullVersion}`,
      };
    }
    const snapshot = this.build((this.full as Held<AllowlistFullBody>).body, next.body);
    if (typeof snapshot === 'string') return { result: 'rejected', reason: 'unusable_body', error: snapshot };
    if (!atLoad) writeFileAtomic(join(this.options.dataDir, DELTA_FILE), next.payload);
    this.delta = next;
    this.publish(snapshot);
    return { result: 'applied', kind: 'delta', version };
  }

  /** The snapshot, or why it cannot be built (an unknown time zone, say). */
  private build(full: AllowlistFullBody, delta: AllowlistDeltaBody | null): PolicySnapshot | string {
    try {
      return buildOfflineSnapshot(full, delta);
    } catch (error) {
      return (error as Error).message;
    }
  }

  private publish(snapshot: PolicySnapshot): void {
    this.built = snapshot;
    for (const listener of this.listeners) listener(snapshot);
  }

  private removeDeltaFile(): void {
    const path = join(this.options.dataDir, DELTA_FILE);
    if (!existsSync(path)) return;
    unlinkSync(path);
    fsyncDirectory(this.options.dataDir);
  }
}
