import { isCanonicalUid, Pn532Command, pn532Requests } from '@werkbank/device-protocol';
import fc from 'fast-check';
import pino from 'pino';
import { FakeSerialDevice } from '../../testing/fake-serial-device';
import { PortSupervisor } from '../serial/port-supervisor';
import type { Tap } from './card-reader';
import { LineReader } from './line.reader';
import { Pn532Exchange } from './pn532-exchange';
import { Rdm6300Reader } from './rdm6300.reader';

// Serial noise must never crash the bridge nor invent a card: random bytes in, at most canonical UIDs out.
const logger = pino({ level: 'silent' });
const chunks = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 });

class NoiseSource extends FakeSerialDevice {
  protected receive(): void {}
}

async function openWith(device: NoiseSource): Promise<PortSupervisor> {
  const port = new PortSupervisor({
    path: '/nonexistent/noise',
    baudRate: 9600,
    logger,
    opener: device.memoryOpener(),
  });
  return port;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe('readers under serial noise', () => {
  it('RDM6300 reader: never throws, every tap is a canonical 4-byte UID', async () => {
    await fc.assert(
      fc.asyncProperty(chunks, async (noise) => {
        const device = new NoiseSource('noise', 9600);
        const port = await openWith(device);
        const reader = new Rdm6300Reader(
          { kind: 'rdm6300', path: '/nonexistent/noise', machineId: 'm', baud: 9600 },
          port,
          logger,
        );
        const taps: Tap[] = [];
        reader.onTap((tap) => taps.push(tap));
        reader.start();
        await until(() => port.isOpen);
        for (const chunk of noise) await device.send(chunk);
        await new Promise((resolve) => setImmediate(resolve));
        await reader.stop();
        return taps.every((t) => isCanonicalUid(t.uid) && t.uid.length === 8);
      }),
      { numRuns: 60 },
    );
  });

  it('line reader: never throws, every tap is canonical', async () => {
    await fc.assert(
      fc.asyncProperty(chunks, async (noise) => {
        const device = new NoiseSource('noise', 9600);
        const port = await openWith(device);
        const reader = new LineReader(
          {
            kind: 'line',
            path: '/nonexistent/noise',
            machineId: 'm',
            baud: 9600,
            pattern: /([0-9A-Fa-f:]+)/,
            uidFormat: 'hex',
          },
          port,
          logger,
        );
        const taps: Tap[] = [];
        reader.onTap((tap) => taps.push(tap));
        reader.start();
        await until(() => port.isOpen);
        for (const chunk of [...noise, Uint8Array.from([0x0a])]) await device.send(chunk);
        await new Promise((resolve) => setImmediate(resolve));
        await reader.stop();
        return taps.every((t) => isCanonicalUid(t.uid));
      }),
      { numRuns: 60 },
    );
  });

  it('PN532 exchange: a command facing random answers resolves (ok or error), never throws', async () => {
    await fc.assert(
      fc.asyncProperty(chunks, async (noise) => {
        let exchange: Pn532Exchange | null = null;
        exchange = new Pn532Exchange(
          async () => {
            setImmediate(() => noise.forEach((chunk) => exchange?.receive(chunk)));
            return true;
          },
          { ackTimeoutMs: 5, responseTimeoutMs: 10, maxRetries: 1 },
        );
        const result = await exchange.command(
          pn532Requests.inListPassiveTarget106A(),
          Pn532Command.InListPassiveTarget,
        );
        return typeof result.ok === 'boolean';
      }),
      { numRuns: 100 },
    );
  });
});
