/**
 * Child process for the queue crash test: opens the queue in QUEUE_DIR and appends records as fast as it can,
 * printing `appended <seq> <msgId>` after each append returned (= durable), until it is killed.
 */
import pino from 'pino';
import { DenyReason } from '@werkbank/contracts';
import { UsageQueue } from '../src/offline/usage-queue';

const queue = new UsageQueue(process.env.QUEUE_DIR as string, pino({ level: 'silent' }));
queue.open();
process.stdout.write(`ready ${queue.stats().nextSeq}\n`);
const padding = 'x'.repeat(Number(process.env.PAD ?? '0'));
for (;;) {
  const record = queue.append({
    type: 'access_denied',
    at: new Date().toISOString(),
    machineId: `laser-1${padding}`.slice(0, 64),
    uid: '008EC793',
    reason: DenyReason.NotTrained,
    allowlistVersion: 7,
  });
  process.stdout.write(`appended ${record.seq} ${record.msgId}\n`);
}
