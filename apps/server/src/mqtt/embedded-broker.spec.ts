import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as connectTls } from 'node:tls';
import { hasOpenssl, issue, makeCa } from '../../../../test/support/certificates';
import { secureContextOptions } from '../config/tls';
import { EmbeddedBroker } from './embedded-broker';
import { MqttAccounts } from './mqtt-accounts';

/**
 * Devices leave Nagle's algorithm on; the broker's side of each connection must turn it off, or a tap's PUBACK
 * and the relay command behind it wait for the peer's delayed ACK (~40 ms on Linux; ~19 ms relay p50 measured).
 */
describe('the embedded broker turns Nagle off on every accepted connection', () => {
  let broker: EmbeddedBroker;
  let dir: string;
  const noDelay = jest.spyOn(Socket.prototype, 'setNoDelay');

  beforeEach(() => {
    noDelay.mockClear();
    broker = new EmbeddedBroker(new MqttAccounts());
    dir = mkdtempSync(join(tmpdir(), 'werkbank-broker-'));
  });
  afterEach(async () => {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => noDelay.mockRestore());

  /** The `setNoDelay` calls made on sockets whose local port is the listener's: the broker's side only. */
  async function acceptedNoDelay(port: number, open: () => Socket): Promise<unknown[][]> {
    const client = open();
    try {
      for (const end = Date.now() + 5000; Date.now() < end;) {
        const calls = noDelay.mock.calls.filter(
          (_, i) => (noDelay.mock.contexts[i] as Socket).localPort === port,
        );
        if (calls.length > 0) return calls;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return [];
    } finally {
      client.destroy();
    }
  }

  it('on the plain listener', async () => {
    const port = await broker.listen(0, '127.0.0.1');
    // A device's socket as it comes: no noDelay option, Nagle on.
    const calls = await acceptedNoDelay(port, () => connectTcp(port, '127.0.0.1'));
    expect(calls).toEqual([[true]]);
  });

  it('on the TLS listener', async () => {
    if (!hasOpenssl()) throw new Error('this test needs the openssl command line tool to make certificates');
    const ca = makeCa(dir, 'ca');
    const server = issue(dir, 'server', ca);
    const port = await broker.listenTls(
      0,
      '127.0.0.1',
      secureContextOptions({ cert: server.certFile, key: server.keyFile }),
    );
    const calls = await acceptedNoDelay(port, () =>
      connectTls({ port, host: '127.0.0.1', ca: ca.pem, servername: 'localhost' }).on(
        'error',
        () => undefined,
      ),
    );
    expect(calls).toEqual([[true]]);
  });
});
