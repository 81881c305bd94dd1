import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessEventItem, SessionEndReason } from '@werkbank/contracts';
import {
  AccessEventEntity,
  markReportDays,
  StaffPresenceEntity,
  UsageSessionEntity,
  VisitEntity,
} from '@werkbank/persistence';

/** An access event as journaled: the same shape the events list serves. */
export type AccessRow = AccessEventItem;

export interface SessionRow {
  id: string;
  machineId: string;
  siteId: string;
  memberKey: string;
  startedAt: string;
  endsAt: string | null;
  takeoverOf: string | null;
}

export type JournalEntry =
  | { t: 'access'; row: AccessRow }
  | { t: 'session_start'; row: SessionRow }
  | { t: 'session_end'; id: string; endedAt: string; endReason: SessionEndReason }
  | {
      t: 'visit';
      row: { id: string; siteId: string; memberKey: string; at: string; source: 'entrance_tap' | 'manual' };
    }
  | { t: 'presence_start'; row: { id: string; siteId: string; staffId: string; arrivedAt: string } }
  | { t: 'presence_end'; siteId: string; staffId: string; leftAt: string };

const FILE = 'activity.journal';
const FLUSH_DELAY_MS = 20;

/**
 * Makes access activity durable before it is reported, without a database round trip on the hot path:
 * each entry is appended to a local journal with a synchronous write (it survives a crash of the process;
 * with JOURNAL_FSYNC also a power loss), then written to the database in batches. Rows carry their ids, and
 * every insert ignores rows that exist already, so replaying the journal after a restart never counts twice.
 *
 * Inside `gather()` (one device message: a tap journals its access and its session start) the entries are
 * written together, by `sync()` before the first outbound message or at the end, in one system call.
 */
@Injectable()
export class ActivityJournal {
  private readonly logger = new Logger(ActivityJournal.name);
  private fd: number | null = null;
  private path = '';
  private pending: JournalEntry[] = [];
  /** Lines recorded inside gather() and not yet written to the file. */
  private unwritten: string[] = [];
  private gathering = 0;
  private pendingSegments: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private segmentSeq = 0;
  private fsync = false;
  /** Entries written to the database since start (for health/metrics). */
  flushed = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Replays what an earlier process journaled but did not flush, then opens a fresh journal. */
  async open(dataDir: string, fsync: boolean): Promise<number> {
    this.path = join(dataDir, FILE);
    this.fsync = fsync;
    const leftovers = readdirSync(dataDir)
      .filter((f) => f === FILE || f.startsWith(`${FILE}.`))
      .sort((a, b) => segmentNumber(a) - segmentNumber(b));
    let replayed = 0;
    for (const file of leftovers) {
      const entries = parseJournal(readFileSync(join(dataDir, file), 'utf8'));
      if (entries.length > 0) await this.dataSource.transaction((em) => writeEntries(em, entries));
      replayed += entries.length;
      unlinkSync(join(dataDir, file));
    }
    if (replayed > 0) this.logger.log(`replayed ${replayed} journaled activity entries into the database`);
    this.fd = openSync(this.path, 'a');
    return replayed;
  }

  record(entry: JournalEntry): void {
    if (this.fd === null) throw new Error('activity journal is not open');
    this.unwritten.push(`${JSON.stringify(entry)}\n`);
    this.pending.push(entry);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
    if (this.gathering === 0) this.sync();
  }

  /**
   * Runs `work` with the entries it records written in one go: at the latest when it returns, earlier where
   * the work calls sync() because it is about to report something.
   */
  gather<T>(work: () => T): T {
    this.gathering += 1;
    try {
      return work();
    } finally {
      this.gathering -= 1;
      if (this.gathering === 0) this.syncOrKeep();
    }
  }

  /** Writes the recorded lines to the file; call it before reporting what they record. */
  sync(): void {
    if (this.unwritten.length === 0 || this.fd === null) return;
    const text = this.unwritten.length === 1 ? this.unwritten[0] : this.unwritten.join('');
    // On a failed write the lines stay, for the next sync; the entries reach the database with the next flush.
    writeSync(this.fd, text);
    this.unwritten = [];
    if (this.fsync) fsyncSync(this.fd);
  }

  /** A failed write must not throw into a device handler or a timer: the entries still reach the database. */
  private syncOrKeep(): void {
    try {
      this.sync();
    } catch (error) {
      this.logger.error(
        { err: error },
        'writing the activity journal failed; the database flush keeps the entries',
      );
    }
  }

  /** Writes pending entries to the database; the journal segment is deleted once they are committed. */
  async flush(): Promise<void> {
    if (this.flushing) await this.flushing;
    this.timer = null;
    if (this.pending.length === 0 || this.fd === null) return;
    this.syncOrKeep(); // the lines belong in the segment rotated out below
    const batch = this.pending;
    this.pending = [];
    // Rotate: later entries go to a new file, so this batch's file can go as soon as the batch is stored.
    closeSync(this.fd);
    const segment = `${this.path}.${Date.now()}-${++this.segmentSeq}`;
    renameSync(this.path, segment);
    this.fd = openSync(this.path, 'a');
    this.pendingSegments.push(segment);
    this.flushing = this.dataSource
      .transaction((em) => writeEntries(em, batch))
      .then(() => {
        this.flushed += batch.length;
        for (const s of this.pendingSegments.splice(0)) if (existsSync(s)) unlinkSync(s);
      })
      .catch((error: unknown) => {
        // Keep the journal files and the entries: the next flush (or the next start) stores them.
        this.logger.error({ err: error }, 'writing activity to the database failed; will retry');
        this.pending = [...batch, ...this.pending];
        this.timer ??= setTimeout(() => void this.flush(), 1000);
      })
      .finally(() => {
        this.flushing = null;
      });
    await this.flushing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

function segmentNumber(file: string): number {
  const m = /\.(\d+)-(\d+)$/.exec(file);
  return m ? Number(m[1]) * 1e6 + Number(m[2]) : Number.MAX_SAFE_INTEGER; // the live file is newest
}

/** A crash can cut the last line short: such a line was never reported as done, so it is skipped. */
export function parseJournal(text: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      /* torn final write */
    }
  }
  return entries;
}

async function writeEntries(em: EntityManager, entries: JournalEntry[]): Promise<void> {
  const access: AccessRow[] = [];
  const starts: SessionRow[] = [];
  const visits: VisitEntity[] = [];
  const presence: StaffPresenceEntity[] = [];
  const later: JournalEntry[] = [];
  for (const e of entries) {
    switch (e.t) {
      case 'access':
        access.push(e.row);
        break;
      case 'session_start':
        starts.push(e.row);
        break;
      case 'visit':
        visits.push(em.create(VisitEntity, { ...e.row, at: new Date(e.row.at) }));
        break;
      case 'presence_start':
        presence.push(
          em.create(StaffPresenceEntity, { ...e.row, arrivedAt: new Date(e.row.arrivedAt), leftAt: null }),
        );
        break;
      case 'session_end':
      case 'presence_end':
        later.push(e);
        break;
    }
  }
  const chunk = <T>(rows: T[]): T[][] =>
    Array.from({ length: Math.ceil(rows.length / 100) }, (_, i) => rows.slice(i * 100, i * 100 + 100));
  for (const rows of chunk(starts)) {
    await em
      .createQueryBuilder()
      .insert()
      .into(UsageSessionEntity)
      .values(
        rows.map((r) => ({
          ...r,
          startedAt: new Date(r.startedAt),
          endsAt: r.endsAt ? new Date(r.endsAt) : null,
          endedAt: null,
          endReason: null,
        })),
      )
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
  for (const rows of chunk(access)) {
    await em
      .createQueryBuilder()
      .insert()
      .into(AccessEventEntity)
      .values(rows.map((r) => ({ ...r, at: new Date(r.at) })))
      .orIgnore()
      .updateEntity(false)
      .execute();
  }
  await markReportDays(
    em,
    visits.map((v) => ({ siteId: v.siteId, utcDay: v.at.toISOString().slice(0, 10) })),
  );
  for (const rows of chunk(visits))
    await em
      .createQueryBuilder()
      .insert()
      .into(VisitEntity)
      .values(rows)
      .orIgnore()
      .updateEntity(false)
      .execute();
  for (const rows of chunk(presence))
    await em
      .createQueryBuilder()
      .insert()
      .into(StaffPresenceEntity)
      .values(rows)
      .orIgnore()
      .updateEntity(false)
      .execute();
  for (const e of later) {
    if (e.t === 'session_end') {
      // Only the first end counts: a replayed end never moves an already recorded one.
      await em.update(
        UsageSessionEntity,
        { id: e.id, endedAt: IsNull() },
        { endedAt: new Date(e.endedAt), endReason: e.endReason },
      );
      await markSessionDays(em, e.id);
    } else if (e.t === 'presence_end') {
      await em.update(
        StaffPresenceEntity,
        { siteId: e.siteId, staffId: e.staffId, leftAt: IsNull() },
        { leftAt: new Date(e.leftAt) },
      );
    }
  }
}

/** An ended session changes the reports of every UTC date it covered (a replayed end marks them again: harmless). */
async function markSessionDays(em: EntityManager, sessionId: string): Promise<void> {
  const session = await em.getRepository(UsageSessionEntity).findOne({
    where: { id: sessionId },
    select: { id: true, siteId: true, startedAt: true, endedAt: true },
  });
  if (!session?.endedAt) return;
  const marks = [];
  const last = session.endedAt.toISOString().slice(0, 10);
  for (let day = session.startedAt.toISOString().slice(0, 10); day <= last; day = nextDay(day))
    marks.push({ siteId: session.siteId, utcDay: day });
  await markReportDays(em, marks);
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
