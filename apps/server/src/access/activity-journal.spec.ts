import 'reflect-metadata';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { SessionEndReason } from '@werkbank/contracts';
import {
  AccessEventEntity,
  buildDataSourceOptions,
  serializeSqliteTransactions,
  UsageSessionEntity,
} from '@werkbank/persistence';
import { makeTempDir } from '../../../../test/support/temp-dir';
import { ActivityJournal, parseJournal } from './activity-journal';

describe('ActivityJournal', () => {
  const dir = makeTempDir('journal');
  let ds: DataSource;

  beforeAll(async () => {
    ds = serializeSqliteTransactions(
      await new DataSource(
        buildDataSourceOptions({ type: 'sqlite', location: `${dir.path}/j.sqlite` }),
      ).initialize(),
    );
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds.destroy();
    dir.remove();
  });

  const access = (id: string, msgId: string | null = null) => ({
    t: 'access' as const,
    row: {
      id,
      at: new Date().toISOString(),
      deviceId: 'dev-1',
      msgId,
      machineId: 'm1',
      siteId: 's1',
      memberKey: 'k',
      cardSuffix: 'C793',
      outcome: 'denied' as const,
      reason: null,
      sessionId: null,
    },
  });

  it('skips a torn last line (a crash mid-write was never reported as done)', () => {
    const text = `${JSON.stringify(access('a'))}\n${JSON.stringify(access('b')).slice(0, 30)}`;
    expect(parseJournal(text).map((e) => (e.t === 'access' ? e.row.id : ''))).toEqual(['a']);
  });

  it('replays what a crashed process journaled, exactly once', async () => {
    const crashed = new ActivityJournal(ds);
    await crashed.open(dir.path, false);
    crashed.record(access('11111111-1111-1111-1111-111111111111', 'msg-1'));
    crashed.record({
      t: 'session_start',
      row: {
        id: '22222222-2222-2222-2222-222222222222',
        machineId: 'm1',
        siteId: 's1',
        memberKey: 'k',
        startedAt: new Date().toISOString(),
        endsAt: null,
        takeoverOf: null,
      },
    });
    crashed.record({
      t: 'session_end',
      id: '22222222-2222-2222-2222-222222222222',
      endedAt: new Date().toISOString(),
      endReason: SessionEndReason.TapOut,
    });
    // The process dies here: no flush, no close (a dead process runs no timers either).
    clearTimeout((crashed as unknown as { timer: NodeJS.Timeout }).timer);
    // A duplicate delivery of the same event also sits in the file, and the last write was torn.
    appendFileSync(
      `${dir.path}/activity.journal`,
      `${JSON.stringify(access('33333333-3333-3333-3333-333333333333', 'msg-1'))}\n{"t":"acc`,
    );

    const next = new ActivityJournal(ds);
    const replayed = await next.open(dir.path, false);
    expect(replayed).toBe(4);
    expect(await ds.getRepository(AccessEventEntity).count()).toBe(1); // same device + msgId counts once
    const session = await ds
      .getRepository(UsageSessionEntity)
      .findOneByOrFail({ id: '22222222-2222-2222-2222-222222222222' });
    expect(session.endReason).toBe(SessionEndReason.TapOut);

    // A second replay of the same lines changes nothing.
    appendFileSync(
      `${dir.path}/activity.journal.1-1`,
      `${JSON.stringify(access('11111111-1111-1111-1111-111111111111', 'msg-1'))}\n`,
    );
    await next.close();
    await new ActivityJournal(ds).open(dir.path, false);
    expect(await ds.getRepository(AccessEventEntity).count()).toBe(1);
    expect(readdirSync(dir.path).filter((f) => f.startsWith('activity.journal.'))).toEqual([]);
  });

  it('flushes batches to the database and removes their journal segments', async () => {
    const journal = new ActivityJournal(ds);
    await journal.open(dir.path, true);
    for (let i = 0; i < 250; i++)
      journal.record(access(`44444444-4444-4444-4444-${String(i).padStart(12, '0')}`));
    await journal.flush();
    expect(await ds.getRepository(AccessEventEntity).count()).toBe(251);
    expect(readdirSync(dir.path).filter((f) => f.startsWith('activity.journal.'))).toEqual([]);
    await journal.close();
  });

  it('writes what one device message records together, and before anything is reported', async () => {
    const journal = new ActivityJournal(ds);
    await journal.open(dir.path, false);
    const onDisk = () => parseJournal(readFileSync(`${dir.path}/activity.journal`, 'utf8')).length;
    const seen: number[] = [];
    journal.gather(() => {
      journal.record(access('55555555-5555-5555-5555-000000000001'));
      journal.record(access('55555555-5555-5555-5555-000000000002'));
      seen.push(onDisk()); // gathered, not written yet
      journal.sync(); // about to report: both lines go out in one write
      seen.push(onDisk());
      journal.record(access('55555555-5555-5555-5555-000000000003'));
    });
    seen.push(onDisk()); // the rest is written when the work returns
    journal.record(access('55555555-5555-5555-5555-000000000004'));
    seen.push(onDisk()); // outside gather(), every entry is written at once
    expect(seen).toEqual([0, 2, 3, 4]);
    await journal.close();
    expect(await ds.getRepository(AccessEventEntity).count()).toBe(255);
  });

  it('writes gathered entries even when the work throws', async () => {
    const journal = new ActivityJournal(ds);
    await journal.open(dir.path, false);
    expect(() =>
      journal.gather(() => {
        journal.record(access('66666666-6666-6666-6666-000000000001'));
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
    expect(parseJournal(readFileSync(`${dir.path}/activity.journal`, 'utf8'))).toHaveLength(1);
    await journal.close();
  });
});
