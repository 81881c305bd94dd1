import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { DenyReason, SessionEndReason } from '@werkbank/contracts';
import { makeTempDir } from '../../../test/support/temp-dir';
import { UsageQueue } from './usage-queue';

const ROOT = join(__dirname, '../../..');
const logger = pino({ level: 'silent' });
const FILE = 'usage-queue.jsonl';

const denied = {
  type: 'access_denied' as const,
  at: '2025-05-01T10:00:00.000Z',
  machineId: 'laser-1',
  uid: '008EC793',
  reason: DenyReason.NotTrained,
  allowlistVersion: 3,
};

/** Runs the writer child until it has appended at least `count` records, then kills it with SIGKILL. */
async function appendAndKill(dir: string, count: number): Promise<Array<{ seq: number; msgId: string }>> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-r',
      'tsconfig-paths/register',
      'firmware-bridge/testing/queue-writer.ts',
    ],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', QUEUE_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const confirmed: Array<{ seq: number; msgId: string }> = [];
  let buffer = '';
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', () => resolve());
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() as string;
      for (const line of lines) {
        const [word, seq, msgId] = line.split(' ');
        if (word === 'appended') confirmed.push({ seq: Number(seq), msgId });
      }
      // Killed while it is writing: the kill lands between or inside appends.
      if (confirmed.length >= count && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
  });
  expect(child.signalCode).toBe('SIGKILL');
  return confirmed;
}

describe('UsageQueue', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir('queue')));
  afterEach(() => dir.remove());

  it('numbers records, keeps them across a restart and compacts acknowledged ones', () => {
    const queue = new UsageQueue(dir.path, logger);
    queue.open();
    const a = queue.append(denied);
    const b = queue.append({
      type: 'session_ended',
      at: denied.at,
      sessionId: 's-1',
      endReason: SessionEndReason.TapOut,
    });
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(a.msgId).not.toBe(b.msgId);
    queue.close();

    const again = new UsageQueue(dir.path, logger);
    again.open();
    expect(again.pending()).toEqual([a, b]);
    expect(again.ack([a.msgId, 'unknown'])).toBe(1);
    expect(again.ack([a.msgId])).toBe(0);
    expect(again.ack([b.msgId])).toBe(1);
    // Everything acknowledged: compacted to the header, and seq continues from there after a restart.
    expect(readFileSync(join(dir.path, FILE), 'utf8')).toBe('{"kind":"header","nextSeq":2}\n');
    again.close();
    const third = new UsageQueue(dir.path, logger);
    third.open();
    expect(third.length).toBe(0);
    expect(third.append(denied).seq).toBe(2);
  });

  it('survives SIGKILL mid-append: nothing confirmed is lost, nothing duplicated, a torn line dropped', async () => {
    const first = await appendAndKill(dir.path, 300);
    // A write torn by power loss: part of a record without its newline.
    const torn = JSON.stringify({ ...denied, msgId: 'torn', seq: 999_999 }).slice(0, 40);
    appendFileSync(join(dir.path, FILE), torn);

    const queue = new UsageQueue(dir.path, logger);
    queue.open();
    const stats = queue.stats();
    expect(stats.tornLines).toBeGreaterThanOrEqual(1);
    expect(stats.corruptLines).toBe(0);
    const pending = queue.pending();
    const ids = new Set(pending.map((r) => r.msgId));
    expect(ids.size).toBe(pending.length);
    for (const c of first) expect(ids.has(c.msgId)).toBe(true);
    // The kill may land after a write but before its confirmation line: at most one unconfirmed extra.
    expect(pending.length - first.length).toBeGreaterThanOrEqual(0);
    expect(pending.length - first.length).toBeLessThanOrEqual(1);
    expect(pending.map((r) => r.seq)).toEqual(pending.map((_, i) => i));
    expect(ids.has('torn')).toBe(false);
    queue.close();

    // The file was rewritten clean: a second run appends on a fresh line and continues the numbering.
    const second = await appendAndKill(dir.path, 50);
    const reopened = new UsageQueue(dir.path, logger);
    reopened.open();
    const all = reopened.pending();
    expect(new Set(all.map((r) => r.msgId)).size).toBe(all.length);
    for (const c of [...first, ...second]) expect(reopened.has(c.msgId)).toBe(true);
    expect(second[0].seq).toBe(pending.length);
    const seqs = all.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(reopened.stats().corruptLines).toBe(0);
    reopened.close();
  }, 60_000);

  it('keeps the readable part of a corrupt file and reports the rest', () => {
    const queue = new UsageQueue(dir.path, logger);
    queue.open();
    const kept = [queue.append(denied), queue.append(denied)];
    queue.close();
    const path = join(dir.path, FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.splice(2, 0, '{"type":"access_denied","msgId":"x"', '\u0000\u0000garbage');
    writeFileSync(path, lines.join('\n'));
    const reopened = new UsageQueue(dir.path, logger);
    reopened.open();
    expect(reopened.pending()).toEqual(kept);
    expect(reopened.stats()).toMatchObject({ corruptLines: 2, tornLines: 0 });
    expect(reopened.append(denied).seq).toBe(2);
  });
});
