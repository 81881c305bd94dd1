import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { decodeUsageMessage, type UsageMessage } from '@werkbank/device-protocol';
import { writeAll, writeFileAtomic } from './atomic-file';

/**
 * The durable store-and-forward queue of `evt/usage` records the bridge made offline.
 *
 * One file, one JSON object per line, appended with one write and an fsync per record: `append()` returns
 * only once the record is on disk, so a record survives kill -9 and power loss, and the caller switches the
 * relay after it (durable first, like the server). A crash mid-write leaves a torn last line: at start it is
 * detected (no newline, or not a valid record), dropped and counted, and the file rewritten so later appends
 * start on a clean line. The first line is a header with the next `seq`, so seq stays monotonic even when
 * every record has been acknowledged and compacted away. msgIds are random UUIDs: unique even if the queue
 * file is lost and seq starts again.
 *
 * Acknowledged records (the server's `cmd/ack`) are dropped in memory at once and from the file at the next
 * compaction (atomic rewrite). An ack lost in a crash only means the record is sent again; the server stores
 * each msgId once.
 */

/** A usage record before the queue numbers it. */
type Draft<M> = M extends UsageMessage ? Omit<M, 'msgId' | 'seq'> : never;
export type UsageDraft = Draft<UsageMessage>;

export interface UsageQueueStats {
  /** Records in the queue not yet acknowledged. */
  length: number;
  nextSeq: number;
  appended: number;
  acknowledged: number;
  /** Dropped at load: a torn last line after a crash. */
  tornLines: number;
  /** Dropped at load: complete lines that are not valid records (disk corruption). */
  corruptLines: number;
}

interface Header {
  kind: 'header';
  nextSeq: number;
}

const FILE = 'usage-queue.jsonl';
/** Compact once this many acknowledged records are still in the file. */
const COMPACT_AFTER_ACKS = 1000;

export class UsageQueue {
  private readonly path: string;
  private fd: number | null = null;
  private nextSeq = 0;
  /** Unacknowledged records in seq order (Map keeps insertion order). */
  private readonly records = new Map<string, UsageMessage>();
  private ackedInFile = 0;
  private readonly counts = { appended: 0, acknowledged: 0, tornLines: 0, corruptLines: 0 };

  constructor(
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.path = join(dataDir, FILE);
  }

  /** Reads what survived the last run and opens the file for appending. */
  open(): void {
    let needsRewrite = !existsSync(this.path);
    if (!needsRewrite) needsRewrite = this.readBack(readFileSync(this.path, 'utf8'));
    if (needsRewrite) this.rewrite();
    this.fd = openSync(this.path, 'a', 0o600);
    this.logger.info({ file: this.path, ...this.stats() }, 'usage queue opened');
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  get length(): number {
    return this.records.size;
  }

  stats(): UsageQueueStats {
    return { length: this.records.size, nextSeq: this.nextSeq, ...this.counts };
  }

  /** Numbers the record, writes it and fsyncs; durable when this returns. */
  append(draft: UsageDraft): UsageMessage {
    if (this.fd === null) throw new Error('usage queue is not open');
    const record = { ...draft, msgId: randomUUID(), seq: this.nextSeq } as UsageMessage;
    writeAll(this.fd, Buffer.from(`${JSON.stringify(record)}\n`, 'utf8'));
    fsyncSync(this.fd);
    this.nextSeq += 1;
    this.records.set(record.msgId, record);
    this.counts.appended += 1;
    return record;
  }

  /** Unacknowledged records, oldest (lowest seq) first. */
  pending(limit = Infinity): UsageMessage[] {
    const out: UsageMessage[] = [];
    for (const record of this.records.values()) {
      if (out.length >= limit) break;
      out.push(record);
    }
    return out;
  }

  /** Unacknowledged records, oldest first, lazily (the replay walks only as far as its window). */
  *entries(): IterableIterator<UsageMessage> {
    yield* this.records.values();
  }

  has(msgId: string): boolean {
    return this.records.has(msgId);
  }

  /** Drops acknowledged records; returns how many were still queued. */
  ack(msgIds: readonly string[]): number {
    let dropped = 0;
    for (const msgId of msgIds) if (this.records.delete(msgId)) dropped += 1;
    this.counts.acknowledged += dropped;
    this.ackedInFile += dropped;
    if (dropped > 0 && (this.records.size === 0 || this.ackedInFile >= COMPACT_AFTER_ACKS)) this.compact();
    return dropped;
  }

  /** Rewrites the file with the header and the unacknowledged records only. */
  compact(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.rewrite();
    this.fd = openSync(this.path, 'a', 0o600);
  }

  private rewrite(): void {
    const header: Header = { kind: 'header', nextSeq: this.nextSeq };
    const lines = [JSON.stringify(header), ...[...this.records.values()].map((r) => JSON.stringify(r))];
    writeFileAtomic(this.path, `${lines.join('\n')}\n`);
    this.ackedInFile = 0;
  }

  /** Parses the file; returns whether it must be rewritten (something was dropped). */
  private readBack(text: string): boolean {
    const lines = text.split('\n');
    // A file that ends with a newline splits into a last empty string; anything else there is a torn write.
    const tail = lines.pop() as string;
    let dirty = false;
    if (tail.length > 0) {
      this.counts.tornLines += 1;
      dirty = true;
      this.logger.warn({ file: this.path, bytes: tail.length }, 'usage queue: torn last record dropped');
    }
    lines.forEach((line, index) => {
      const parsed = this.parseLine(line);
      if (parsed === 'header') return;
      if (parsed === null) {
        dirty = true;
        // A bad LAST line is a torn write whose newline made it to disk before the rest of it did.
        if (index === lines.length - 1) this.counts.tornLines += 1;
        else this.counts.corruptLines += 1;
        this.logger.warn({ file: this.path, line: index + 1 }, 'usage queue: unreadable record dropped');
        return;
      }
      if (this.records.has(parsed.msgId)) return;
      this.records.set(parsed.msgId, parsed);
      this.nextSeq = Math.max(this.nextSeq, parsed.seq + 1);
    });
    return dirty;
  }

  private parseLine(line: string): UsageMessage | 'header' | null {
    if (line.startsWith('{"kind":"header"')) {
      try {
        const header = JSON.parse(line) as Header;
        if (Number.isSafeInteger(header.nextSeq) && header.nextSeq >= 0) {
          this.nextSeq = Math.max(this.nextSeq, header.nextSeq);
          return 'header';
        }
      } catch {
        // falls through: an unreadable header is a corrupt line
      }
      return null;
    }
    const decoded = decodeUsageMessage(line);
    return decoded.ok ? decoded.value : null;
  }
}
