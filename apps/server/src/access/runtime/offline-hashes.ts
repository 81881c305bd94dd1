import { Injectable, Logger } from '@nestjs/common';
import { BridgeRepository } from '@werkbank/persistence';
import { BridgeKeys } from '../../cards/bridge-keys';

/** Taps gathered before their offline hashes are checked; a second's worth at most, so the writes batch. */
const FLUSH_DELAY_MS = 200;

/**
 * Every card's offline hash (uidHash → HMAC(bridgeCardKey, UID)), in memory for the allowlists, and its upkeep.
 * The server sees raw UIDs only at enrollment and at taps; a tap of a known card whose offline hash is missing
 * (enrolled before bridges existed) or stale (the bridge card key changed) fills it in. The tap path pays one
 * Set lookup per card, once per process: the HMAC, the comparison and the database write happen later, in a
 * batch, and never before the tap's decision is out.
 */
@Injectable()
export class OfflineHashes {
  private readonly logger = new Logger(OfflineHashes.name);
  private readonly byUidHash = new Map<string, string>();
  /** Cards whose stored offline hash this process has checked against the current key. */
  private readonly checked = new Set<string>();
  /** uidHash → canonical UID, waiting for the next batch. */
  private pending = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private readonly listeners: ((uidHashes: string[]) => void)[] = [];

  constructor(
    private readonly repository: BridgeRepository,
    private readonly keys: BridgeKeys,
  ) {}

  async load(): Promise<void> {
    this.byUidHash.clear();
    for (const row of await this.repository.offlineHashes()) this.byUidHash.set(row.uidHash, row.offlineHash);
  }

  get(uidHash: string): string | undefined {
    return this.byUidHash.get(uidHash);
  }

  /** `listener` hears of cards whose offline hash was filled in or replaced (after the write committed). */
  onChanged(listener: (uidHashes: string[]) => void): void {
    this.listeners.push(listener);
  }

  /** Hot path (a tap of a known card): remembers the UID for the next batch, unless the card is checked. */
  noteTap(uidHash: string, canonicalUid: string): void {
    if (this.checked.has(uidHash)) return;
    this.pending.set(uidHash, canonicalUid);
    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.running = this.running.then(() => this.flush());
      }, FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** A card row changed (enrolled, edited): takes its stored offline hash. */
  async reloadCard(id: string): Promise<void> {
    const row = await this.repository.offlineHashOfCard(id);
    if (!row) return;
    this.checked.delete(row.uidHash);
    if (row.offlineHash === null) this.byUidHash.delete(row.uidHash);
    else this.byUidHash.set(row.uidHash, row.offlineHash);
  }

  forget(uidHash: string): void {
    this.byUidHash.delete(uidHash);
    this.checked.delete(uidHash);
  }

  /** Waits for the batches under way (tests, shutdown). */
  async settle(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = new Map();
    const updates: { uidHash: string; offlineHash: string }[] = [];
    for (const [uidHash, uid] of batch) {
      const offlineHash = this.keys.offlineHash(uid);
      if (this.byUidHash.get(uidHash) !== offlineHash) updates.push({ uidHash, offlineHash });
      else this.checked.add(uidHash);
    }
    if (updates.length === 0) return;
    try {
      await this.repository.setOfflineHashes(updates);
    } catch (error) {
      // Not lost: the card's next tap tries again.
      this.logger.warn({ err: error, cards: updates.length }, 'offline hashes not stored');
      return;
    }
    for (const u of updates) {
      this.byUidHash.set(u.uidHash, u.offlineHash);
      this.checked.add(u.uidHash);
    }
    const changed = updates.map((u) => u.uidHash);
    for (const listener of this.listeners) {
      try {
        listener(changed);
      } catch (error) {
        this.logger.error({ err: error }, 'offline hash listener failed');
      }
    }
  }
}
