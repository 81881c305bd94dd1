import { X509Certificate } from 'node:crypto';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { connectAsync } from 'mqtt';
import { generate } from 'mqtt-packet';
import request from 'supertest';
import { io as connectSocket, Socket } from 'socket.io-client';
import { DenyReason } from '@werkbank/contracts';
import { CertificateAuthority, hasOpenssl, IssuedCertificate, issue, makeCa } from './support/certificates';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { runFromSource, spawnFromSource } from './support/run-from-source';
import { makeTempDir } from './support/temp-dir';
import { ADMIN_PASSWORD, AuthedClient } from './support/test-app';
import { freePort } from './support/free-port';

const fingerprintOf = (certFile: string) => new X509Certificate(readFileSync(certFile)).fingerprint256;

/** The certificate a TLS port presents to a client that trusts `ca`. */
function servedFingerprint(port: number, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** What a client sending `bytes` without TLS gets back before the connection closes. */
function sendRaw(
  port: number,
  bytes: Buffer,
  host = '127.0.0.1',
): Promise<{ reply: Buffer; error?: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = createConnection({ host, port }, () => socket.write(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ reply: Buffer.concat(chunks), error: error.code }),
    );
    socket.on('close', () => resolve({ reply: Buffer.concat(chunks) }));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describe('anyone on the network: HTTPS and MQTT over TLS from Werkbank itself (TLS_CERT_FILE)', () => {
  const dir = makeTempDir('tls');
  const live = { cert: join(dir.path, 'live.crt'), key: join(dir.path, 'live.key') };
  let ca: CertificateAuthority;
  let wrongCa: CertificateAuthority;
  let first: IssuedCertificate;
  let httpsPort: number;
  let mqttPort: number;
  let mqttTlsPort: number;
  let url: string;
  let server: ReturnType<typeof spawnFromSource>;
  let adminToken: string;

  const install = (certificate: IssuedCertificate) => {
    copyFileSync(certificate.certFile, live.cert);
    copyFileSync(certificate.keyFile, live.key);
    chmodSync(live.key, 0o600);
  };
  const https = () => ({
    get: (path: string) => request(url).get(path).ca(ca.pem),
    post: (path: string) => request(url).post(path).ca(ca.pem),
  });
  const admin = (): AuthedClient => {
    const auth = (r: request.Test) => r.ca(ca.pem).set('authorization', `Bearer ${adminToken}`);
    return {
      get: (path) => auth(request(url).get(path)),
      post: (path, body) => auth(request(url).post(path)).send(body as object),
      patch: (path, body) => auth(request(url).patch(path)).send(body ?? {}),
      put: (path, body) => auth(request(url).put(path)).send(body as object),
      delete: (path) => auth(request(url).delete(path)),
    };
  };
  const alive = async () => {
    expect(server.exitCode).toBeNull();
    expect((await https().get('/api/health')).status).toBe(200);
  };

  beforeAll(async () => {
    if (!hasOpenssl()) throw new Error('this test needs the openssl command line tool to make certificates');
    ca = makeCa(dir.path, 'lab-ca');
    wrongCa = makeCa(dir.path, 'other-ca');
    first = issue(dir.path, 'first', ca);
    install(first);
    [httpsPort, mqttPort, mqttTlsPort] = [await freePort(), await freePort(), await freePort()];
    // The real process: a handshake error that escaped would end it, which an in-process test could not see.
    server = spawnFromSource('apps/server/src/main.ts', {
      DATA_DIR: join(dir.path, 'data'),
      PORT: String(httpsPort),
      HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      MQTT_TLS_PORT: String(mqttTlsPort),
      MQTT_PLAIN: 'false',
      TLS_CERT_FILE: live.cert,
      TLS_KEY_FILE: live.key,
      DEMO_MODE: 'false',
      LOG_LEVEL: 'fatal',
      ADMIN_PASSWORD,
    });
    url = `https://127.0.0.1:${httpsPort}`;
    for (const end = Date.now() + 60_000; ;) {
      const health = await https()
        .get('/api/health')
        .catch(() => null);
      if (health?.status === 200) break;
      if (Date.now() > end || server.exitCode !== null) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const login = await https().post('/api/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
    adminToken = login.body.token as string;
  }, 90_000);
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    dir.remove();
  });

  it('serves HTTPS with the configured certificate and HSTS; plain HTTP on that port gets no answer', async () => {
    const res = await https().get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(await servedFingerprint(httpsPort, ca.pem)).toBe(fingerprintOf(first.certFile));
    const plain = await new Promise<number | string>((resolve) => {
      const req = httpGet(`http://127.0.0.1:${httpsPort}/api/health`, (r) => resolve(r.statusCode ?? 0));
      req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      req.setTimeout(10_000, () => req.destroy());
    });
    expect(plain).not.toBe(200);
    await alive();
  });

  it('the session cookie is Secure over direct TLS, even if a forwarded header says http', async () => {
    const login = await https()
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect((login.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure/i);
    // The client is on loopback, which TRUST_PROXY trusts by default; the socket is still encrypted.
    const claimed = await https()
      .post('/api/auth/login')
      .set('x-forwarded-proto', 'http')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect((claimed.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure/i);
    expect(claimed.headers['strict-transport-security']).toContain('max-age=');
  });

  it('the live staff view connects over wss', async () => {
    const socket: Socket = connectSocket(url, {
      transports: ['websocket'],
      reconnection: false,
      ca: ca.pem.toString(),
      auth: { token: adminToken },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', () => resolve());
        socket.on('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('a device logs in over MQTT TLS with its own credentials, and its tap reaches the server', async () => {
    const make = new Factory(admin());
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const address = 'tls-reader';
    const created = await admin()
      .post('/api/devices', {
        name: address,
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address,
      })
      .expect(201);
    const username = created.body.device.mqttUsername as string;
    const password = created.body.mqttPassword as string;
    const tlsUrl = `mqtts://127.0.0.1:${mqttTlsPort}`;
    const reader = await FakeDevice.connect(tlsUrl, username, password, { ca: ca.pem });
    try {
      expect(await reader.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
      const mark = reader.mark();
      const tap = { uid: '0BADC0DE', tech: 'em4100', at: new Date().toISOString(), msgId: 'tls-1' };
      await reader.publish(`werkbank/v1/${address}/evt/card`, JSON.stringify(tap));
      const feedback = JSON.parse(await reader.next(`werkbank/v1/${address}/cmd/feedback`, mark)) as {
        result: string;
        reason: string;
      };
      expect(feedback).toMatchObject({ result: 'denied', reason: DenyReason.UnknownCard });
      // Within its rights only, over TLS as over plain MQTT.
      expect(await reader.subscribe('werkbank/v1/someone-else/cmd/#')).toBe(false);
    } finally {
      await reader.close();
    }
    await expect(
      FakeDevice.connect(tlsUrl, username, 'wrong-password', { ca: ca.pem, connectTimeout: 5000 }),
    ).rejects.toThrow();
  });

  it('with MQTT_PLAIN=false, plain MQTT answers only on this machine (127.0.0.1), TLS everywhere', async () => {
    // Linux routes all of 127/8 to loopback: 127.0.0.2 stands in for an address of the network.
    expect(await accepts(mqttPort, '127.0.0.2')).toBe(false);
    expect(await accepts(mqttPort, '127.0.0.1')).toBe(true); // the server's own connection
    expect(await accepts(mqttTlsPort, '127.0.0.2')).toBe(true);
  });

  it('garbage, plain MQTT and a wrong CA on the TLS port end only their own connection', async () => {
    const before = (await admin().get('/api/access/stats').expect(200)).body.brokerTlsRefused as number;
    const connect = generate({
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'plain-on-tls',
      clean: true,
      keepalive: 30,
      username: 'nobody',
      password: Buffer.from('x'),
    });
    for (const bytes of [connect, Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.alloc(4096, 0x16)]) {
      const { reply } = await sendRaw(mqttTlsPort, bytes);
      expect(reply.subarray(0, 1).toString('hex')).not.toBe('20'); // no CONNACK: nothing reached the broker
      await alive();
    }
    await expect(
      connectAsync(`mqtts://127.0.0.1:${mqttTlsPort}`, {
        ca: wrongCa.pem,
        username: 'nobody',
        password: 'x',
        reconnectPeriod: 0,
        connectTimeout: 5000,
      }),
    ).rejects.toThrow(/certificate/i);
    // A browser that does not trust the certificate, on the HTTPS port.
    await expect(request(url).get('/api/health').ca(wrongCa.pem)).rejects.toThrow(/certificate/i);
    await alive();
    const after = await eventually(async () => {
      const count = (await admin().get('/api/access/stats').expect(200)).body.brokerTlsRefused as number;
      return count >= before + 3 ? count : null;
    });
    expect(after).toBeGreaterThanOrEqual(before + 3);
  }, 60_000);

  it('over TLS too, a packet announced above the size limit closes its connection before it is buffered', async () => {
    const before = (await admin().get('/api/access/stats').expect(200)).body.brokerOversized as number;
    const socket = tlsConnect({ host: '127.0.0.1', port: mqttTlsPort, ca: ca.pem, servername: 'localhost' });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    // A CONNECT announcing 1 MiB (remaining length 0x80 0x80 0x40): the guard must see the decrypted bytes.
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x40]));
    await new Promise((resolve) => socket.once('close', resolve));
    await eventually(async () => {
      const count = (await admin().get('/api/access/stats').expect(200)).body.brokerOversized as number;
      return count === before + 1;
    });
    await alive();
  });

  it('a renewed certificate is served after SIGHUP without a restart; a broken file keeps the old one', async () => {
    const renewed = issue(dir.path, 'renewed', ca);
    install(renewed);
    server.kill('SIGHUP');
    const expected = fingerprintOf(renewed.certFile);
    await eventually(async () => (await servedFingerprint(httpsPort, ca.pem)) === expected, 10_000);
    await eventually(async () => (await servedFingerprint(mqttTlsPort, ca.pem)) === expected, 10_000);
    // A renewal caught half-written: the running certificate stays, the process lives on.
    writeFileSync(live.cert, '-----BEGIN CERTIFICATE-----\nMIIB\n');
    server.kill('SIGHUP');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await alive();
    expect(await servedFingerprint(httpsPort, ca.pem)).toBe(expected);
    expect(await servedFingerprint(mqttTlsPort, ca.pem)).toBe(expected);
    install(renewed);
  }, 30_000);
});

describe('an operator who sets only TLS_CERT_FILE', () => {
  it('gets a start-up error naming TLS_KEY_FILE and what to do, not a half-secured server', async () => {
    if (!hasOpenssl()) throw new Error('this test needs the openssl command line tool to make certificates');
    const dir = makeTempDir('tls-half');
    try {
      const certificate = issue(dir.path, 'server', makeCa(dir.path, 'ca'));
      const run = await runFromSource('apps/server/src/main.ts', [], {
        DATA_DIR: join(dir.path, 'data'),
        PORT: '0',
        MQTT_PORT: '0',
        DEMO_MODE: 'false',
        TLS_CERT_FILE: certificate.certFile,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/TLS_KEY_FILE: required with TLS_CERT_FILE/);
      expect(run.stderr).toMatch(/set both .* or neither/);
    } finally {
      dir.remove();
    }
  }, 60_000);
});
