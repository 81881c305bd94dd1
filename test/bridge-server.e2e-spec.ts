import { validateBridgeConfig } from '../firmware-bridge/src/config/validate-bridge-config';
import { createHmac, createPublicKey, verify } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { decide } from '@werkbank/access-core';
import { readBridgeCardKey } from '../firmware-bridge/src/link/link-from-config';
import { AllowlistStore } from '../firmware-bridge/src/offline/allowlist-store';
import { Ed25519Verifier } from '../firmware-bridge/src/offline/ed25519-verifier';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The server side of the firmware bridges, against the real server, its embedded broker and a SQLite file:
 * signed allowlists per bridge (full and delta), the broker keeping each bridge to its own lists, evt/usage
 * stored exactly once (also after a restart), and the heartbeat on the devices API.
 */

const UID_A = '008EC793';
const UID_B = '04A1B2C3';
const ENV = { BRIDGE_HEARTBEAT_S: '1', ALLOWLIST_DEBOUNCE_MS: '200' };

interface Envelope {
  v: number;
  keyId: string;
  body: string;
  sig: string;
}

interface Provisioning {
  bridgeId: string;
  broker: { url: string; username: string; topicPrefix: string };
  publicKeys: { keyId: string; pem: string }[];
  bridgeCardKey: string;
}

/** What a bridge does with a list: verify the signature with the provisioned key, then read the body. */
function openVerified(payload: string, provisioning: Provisioning): Record<string, unknown> {
  const envelope = JSON.parse(payload) as Envelope;
  const key = provisioning.publicKeys.find((k) => k.keyId === envelope.keyId);
  if (!key) throw new Error(`no provisioned key ${envelope.keyId}`);
  const bytes = Buffer.from(envelope.body, 'base64');
  const ok = verify(null, bytes, createPublicKey(key.pem), Buffer.from(envelope.sig, 'base64'));
  if (!ok) throw new Error('signature does not verify');
  return JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
}

/** As the bridge computes it: its own reader of the key file, then HMAC over the ASCII UID. */
function offlineHash(p: Provisioning, uid: string): string {
  const file = join(tmpdir(), `werkbank-bridge-card-key-${process.pid}`);
  writeFileSync(file, `${p.bridgeCardKey}\n`, { mode: 0o600 });
  try {
    return createHmac('sha256', readBridgeCardKey(file)).update(uid, 'ascii').digest('hex');
  } finally {
    rmSync(file, { force: true });
  }
}

describe('firmware bridges: server side', () => {
  const data = makeTempDir('bridge-server');
  let t: TestApp;
  let make: Factory;
  let lab: {
    machineId: string;
    otherMachineId: string;
    bridge: { id: string; username: string; password: string };
    other: { id: string; username: string; password: string };
    memberA: { id: string; firstName: string; lastName: string };
    cardA: string;
  };
  let bridge: FakeDevice;
  let provisioning: Provisioning;

  const connect = (who: { username: string; password: string }) =>
    FakeDevice.connect(t.app.get(MqttEndpoint).url, who.username, who.password);

  beforeAll(async () => {
    t = await startTestApp({ dataDir: data.path, keepData: true, env: ENV });
    const admin = t.as(t.adminToken);
    make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const otherMachine = await make.machine(site.id, type.id);
    const qualification = await make.qualification(type.id);
    const memberA = await make.member({ email: 'alex.bridge@example.org' });
    const memberB = await make.member();
    await make.training([memberA.id, memberB.id], qualification.id);
    const cardA = await make.card(memberA.id, UID_A);
    await make.card(memberB.id, UID_B);
    const device = async (address: string, machineId: string) => {
      const res = await admin
        .post('/api/devices', {
          name: address,
          siteId: site.id,
          machineId,
          role: 'machine_reader',
          protocol: 'werkbank',
          address,
        })
        .expect(201);
      return {
        id: res.body.device.id as string,
        username: res.body.device.mqttUsername as string,
        password: res.body.mqttPassword as string,
      };
    };
    const bridgeDevice = await device('bridge-holz-1', machine.id);
    const otherDevice = await device('bridge-metall-1', otherMachine.id);
    lab = {
      machineId: machine.id,
      otherMachineId: otherMachine.id,
      bridge: bridgeDevice,
      other: otherDevice,
      memberA,
      cardA: cardA.id,
    };
    const file = await admin.get(`/api/devices/${bridgeDevice.id}/bridge.yml`).expect(200);
    provisioning = parse(file.text) as Provisioning;
    bridge = await connect(bridgeDevice);
    expect(await bridge.subscribe(`werkbank/v1/bridge-holz-1/allowlist`)).toBe(true);
    expect(await bridge.subscribe(`werkbank/v1/bridge-holz-1/allowlist/delta`)).toBe(true);
    expect(await bridge.subscribe(`werkbank/v1/bridge-holz-1/cmd/#`)).toBe(true);
  });

  afterAll(async () => {
    await bridge?.close();
    await t?.close();
    data.remove();
  });

  const fullList = async () =>
    openVerified(await bridge.next('werkbank/v1/bridge-holz-1/allowlist', 0, (p) => p !== ''), provisioning);

  it('the provisioning file names the bridge, its broker and keys, and only admins get it (audited)', async () => {
    expect(provisioning.bridgeId).toBe('bridge-holz-1');
    expect(provisioning.broker.username).toBe(lab.bridge.username);
    expect(provisioning.broker.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    expect(provisioning.bridgeCardKey).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(provisioning)).not.toContain(lab.bridge.password);
    // The bridge takes the file as it is, once a reader of the machine is added (the one step left by hand).
    const config = validateBridgeConfig(
      {
        ...provisioning,
        readers: [{ kind: 'rdm6300', path: '/dev/serial0', machineId: lab.machineId }],
      },
      '/etc/werkbank-bridge',
    );
    expect(config).toMatchObject({
      bridgeId: 'bridge-holz-1',
      bridgeCardKeyFile: null,
      dataDir: '/var/lib/werkbank-bridge',
    });
    expect(config.publicKeyPems).toHaveLength(1);
    const staff = await t.createStaff(StaffRole.Staff, 'desk-bridge');
    await t.as(staff.token).get(`/api/devices/${lab.bridge.id}/bridge.yml`).expect(403);
    const unknown = await t
      .as(t.adminToken)
      .get('/api/devices/00000000-0000-4000-8000-000000000000/bridge.yml')
      .expect(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    const audit = await t
      .as(t.adminToken)
      .get(`/api/audit?entityType=device&entityId=${lab.bridge.id}`)
      .expect(200);
    expect(JSON.stringify(audit.body)).toContain('bridge.yml');
  });

  it('publishes a signed full list, retained, with offline hashes and member keys but no names or e-mails', async () => {
    const body = await fullList();
    expect(body).toMatchObject({ kind: 'full', bridgeId: 'bridge-holz-1' });
    const machines = body.machines as { machineId: string }[];
    expect(machines.map((m) => m.machineId)).toEqual([lab.machineId]);
    const cards = body.cards as { offlineHash: string }[];
    expect(cards.map((c) => c.offlineHash).sort()).toEqual(
      [offlineHash(provisioning, UID_A), offlineHash(provisioning, UID_B)].sort(),
    );
    const text = JSON.stringify(body);
    for (const secret of [
      lab.memberA.firstName,
      lab.memberA.lastName,
      'alex.bridge@example.org',
      lab.memberA.id,
      UID_A,
    ])
      expect(text).not.toContain(secret);
    const days = (Date.parse(body.expiresAt as string) - Date.parse(body.issuedAt as string)) / 86_400_000;
    expect(days).toBe(7);
  });

  it('a blocked card goes out as a signed delta within a second', async () => {
    const full = await fullList();
    const mark = bridge.mark();
    const started = Date.now();
    await t.as(t.adminToken).post(`/api/cards/${lab.cardA}/block`, { reason: 'lost' }).expect(200);
    const payload = await bridge.next(
      'werkbank/v1/bridge-holz-1/allowlist/delta',
      mark,
      (p) => p !== '',
      1000,
    );
    expect(Date.now() - started).toBeLessThan(1000);
    const delta = openVerified(payload, provisioning);
    expect(delta).toMatchObject({
      kind: 'delta',
      bridgeId: 'bridge-holz-1',
      baseVersion: full.version,
      expiresAt: full.expiresAt,
      revokedCards: [offlineHash(provisioning, UID_A)],
    });
    expect(delta.version as number).toBeGreaterThan(full.version as number);
  });

  it('the bridge’s own allowlist store takes the server’s full list and delta; offline the blocked card is refused', async () => {
    const dir = makeTempDir('bridge-store');
    try {
      const pem = join(dir.path, 'allowlist.pub');
      writeFileSync(pem, provisioning.publicKeys[0]!.pem);
      const quiet = {
        info: () => undefined,
        warn: () => undefined,
        error: () => undefined,
        debug: () => undefined,
      };
      const store = new AllowlistStore({
        bridgeId: provisioning.bridgeId,
        dataDir: dir.path,
        verifier: Ed25519Verifier.fromFiles([pem]),
        logger: quiet as unknown as ConstructorParameters<typeof AllowlistStore>[0]['logger'],
      });
      const now = Date.now();
      const full = await bridge.next('werkbank/v1/bridge-holz-1/allowlist', 0, (p) => p !== '');
      expect(store.accept('allowlist', full, now)).toMatchObject({ result: 'applied', kind: 'full' });
      const delta = await bridge.next('werkbank/v1/bridge-holz-1/allowlist/delta', 0, (p) => p !== '');
      expect(store.accept('allowlist/delta', delta, now)).toMatchObject({ result: 'applied', kind: 'delta' });
      const offline = store.snapshot!;
      const at = (uid: string) =>
        decide(offline, { uidHash: offlineHash(provisioning, uid), machineId: lab.machineId }, now);
      expect(at(UID_A)).toMatchObject({ outcome: 'denied', reason: 'CARD_BLOCKED' });
      expect(at(UID_B)).toMatchObject({ outcome: 'allowed' });
    } finally {
      dir.remove();
    }
  });

  it('a delta whose body was changed after signing does not verify', async () => {
    const payload = await bridge.next('werkbank/v1/bridge-holz-1/allowlist/delta', 0, (p) => p !== '');
    const envelope = JSON.parse(payload) as Envelope;
    const forged = JSON.stringify({
      ...envelope,
      body: Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(envelope.body, 'base64').toString()), revokedCards: [] }),
      ).toString('base64'),
    });
    expect(() => openVerified(forged, provisioning)).toThrow(/does not verify/);
  });

  it('attacker: another bridge can read neither list of this bridge, nor all lists by wildcard', async () => {
    const other = await connect(lab.other);
    try {
      for (const filter of [
        'werkbank/v1/bridge-holz-1/allowlist',
        'werkbank/v1/bridge-holz-1/allowlist/delta',
        'werkbank/v1/+/allowlist',
        'werkbank/v1/+/allowlist/#',
        'werkbank/#',
      ])
        expect(await other.subscribe(filter)).toBe(false);
      // Its own list it gets, and that one names only its own machine.
      expect(await other.subscribe('werkbank/v1/bridge-metall-1/allowlist')).toBe(true);
      const own = openVerified(
        await other.next('werkbank/v1/bridge-metall-1/allowlist', 0, (p) => p !== ''),
        provisioning,
      );
      expect((own.machines as { machineId: string }[]).map((m) => m.machineId)).toEqual([lab.otherMachineId]);
      expect(other.received.filter((m) => m.topic.includes('bridge-holz-1'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  // Dated a few days back, as a replay after an outage is (the server refuses dates outside the offline window).
  const dayAgo = (days: number, time: string) =>
    `${new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)}T${time}Z`;
  const started = {
    type: 'session_started',
    msgId: '01JT8Q3M5ZK4X0C9B4V8W7Y6N1',
    seq: 41,
    at: dayAgo(3, '10:00:00.600'),
    sessionId: 'b1-000041',
    uid: UID_B,
    allowlistVersion: 3,
  };
  const ended = {
    type: 'session_ended',
    msgId: '01JT8Q9M5ZK4X0C9B4V8W7Y6N2',
    seq: 42,
    at: dayAgo(3, '11:12:09.004'),
    sessionId: 'b1-000041',
    endReason: 'tap_out',
  };
  const denied = {
    type: 'access_denied',
    msgId: '01JT8QAM5ZK4X0C9B4V8W7Y6N3',
    seq: 43,
    at: dayAgo(3, '11:15:30.000'),
    uid: UID_A,
    reason: 'CARD_BLOCKED',
    allowlistVersion: 3,
  };
  const replay = async (device: FakeDevice) => {
    for (const m of [started, ended, denied])
      await device.publish('werkbank/v1/bridge-holz-1/evt/usage', JSON.stringify(m));
  };
  const offlineSessions = async () => {
    const res = await t.as(t.adminToken).get(`/api/sessions?machineId=${lab.machineId}`).expect(200);
    const items = res.body.items as {
      offline: boolean;
      externalId: string;
      endedAt: string | null;
      endReason: string;
    }[];
    return items.filter((session) => session.offline);
  };
  const deniedEvents = async () => {
    const res = await t.as(t.adminToken).get('/api/access/events').expect(200);
    const items = (res.body.items ?? res.body) as { reason: string | null; at: string }[];
    return items.filter((e) => e.at === denied.at);
  };

  it('evt/usage sent twice is stored once, acknowledged each time, with the session marked offline', async () => {
    const mark = bridge.mark();
    await replay(bridge);
    await replay(bridge);
    const acks = () =>
      bridge.received
        .slice(mark)
        .filter((m) => m.topic === 'werkbank/v1/bridge-holz-1/cmd/ack')
        .flatMap((m) => (JSON.parse(m.payload) as { msgIds: string[] }).msgIds);
    await eventually(() => acks().length === 6);
    expect(acks().sort()).toEqual(
      [started, started, ended, ended, denied, denied].map((m) => m.msgId).sort(),
    );
    expect(await offlineSessions()).toEqual([
      expect.objectContaining({
        offline: true,
        externalId: 'b1-000041',
        endedAt: ended.at,
        endReason: 'tap_out',
        startedAt: started.at,
      }),
    ]);
    expect(await deniedEvents()).toEqual([
      expect.objectContaining({ reason: 'CARD_BLOCKED', outcome: 'denied' }),
    ]);
  });

  it('attacker: a bridge cannot record usage on a machine it is not bound to', async () => {
    const forged = {
      ...started,
      msgId: '01JT8QFORGED0C9B4V8W7Y6N4',
      sessionId: 'forged-1',
      machineId: lab.otherMachineId,
    };
    const mark = bridge.mark();
    await bridge.publish('werkbank/v1/bridge-holz-1/evt/usage', JSON.stringify(forged));
    // Acknowledged (so the bridge stops resending it) but without effect.
    await bridge.next('werkbank/v1/bridge-holz-1/cmd/ack', mark, (p) => p.includes(forged.msgId));
    const res = await t.as(t.adminToken).get(`/api/sessions?machineId=${lab.otherMachineId}`).expect(200);
    expect(res.body.items).toEqual([]);
    expect(await offlineSessions()).toHaveLength(1);
  });

  it('attacker: usage dated outside the offline window is refused, and a session id counts once', async () => {
    const mark = bridge.mark();
    const ancient = {
      ...started,
      msgId: '01JT8QANCIENTC9B4V8W7Y6N5',
      sessionId: 'ancient-1',
      at: '0001-01-01T00:00:00Z',
    };
    const future = {
      ...ended,
      msgId: '01JT8QFUTURE0C9B4V8W7Y6N6',
      sessionId: 'ancient-1',
      at: '9999-12-30T00:00:00Z',
    };
    const again = { ...started, msgId: '01JT8QAGAIN00C9B4V8W7Y6N7' }; // the stored session's id, a new msgId
    for (const m of [ancient, future, again])
      await bridge.publish('werkbank/v1/bridge-holz-1/evt/usage', JSON.stringify(m));
    // Each acknowledged (the bridge must stop resending), none with an effect.
    await bridge.next('werkbank/v1/bridge-holz-1/cmd/ack', mark, (p) => p.includes(again.msgId));
    const sessions = await offlineSessions();
    expect(sessions).toHaveLength(1);
    expect(sessions[0].externalId).toBe(started.sessionId);
  });

  it('a tap-out the bridge decided offline ends the session the server started, once', async () => {
    const mark = bridge.mark();
    await bridge.publish(
      'werkbank/v1/bridge-holz-1/evt/card',
      JSON.stringify({ uid: UID_B, tech: 'em4100', at: null, msgId: '01JT8QONLINE0C9B4V8W7Y6N5' }),
    );
    const feedback = JSON.parse(await bridge.next('werkbank/v1/bridge-holz-1/cmd/feedback', mark)) as {
      result: string;
    };
    expect(feedback.result).toBe('allowed');
    // The server's session (the bridge would learn its id from cmd/actuator as the machine's relay).
    const on = await eventually(async () => {
      const res = await t
        .as(t.adminToken)
        .get(`/api/sessions?machineId=${lab.machineId}&openOnly=true`)
        .expect(200);
      return (res.body.items as { id: string; offline: boolean }[]).find((i) => !i.offline) ?? null;
    });
    const sessionId = on.id;
    const tapOut = {
      type: 'session_ended',
      msgId: '01JT8QTAPOUT0C9B4V8W7Y6N6',
      seq: 44,
      at: new Date().toISOString(),
      sessionId,
      endReason: 'tap_out',
    };
    await bridge.publish('werkbank/v1/bridge-holz-1/evt/usage', JSON.stringify(tapOut));
    await bridge.publish('werkbank/v1/bridge-holz-1/evt/usage', JSON.stringify(tapOut));

    const ended = await eventually(async () => {
      const res = await t.as(t.adminToken).get(`/api/sessions?machineId=${lab.machineId}`).expect(200);
      const items = res.body.items as {
        id: string;
        offline: boolean;
        endedAt: string | null;
        endReason: string;
      }[];
      const session = items.find((i) => i.id === sessionId);
      return session?.endedAt ? session : null;
    });
    expect(ended).toMatchObject({ offline: false, endReason: 'tap_out' });
    expect(await offlineSessions()).toHaveLength(1); // no offline session made of it
  });

  it('attacker: a tap naming a machine the bridge is not bound to switches nothing', async () => {
    const mark = bridge.mark();
    await bridge.publish(
      'werkbank/v1/bridge-holz-1/evt/card',
      JSON.stringify({
        uid: UID_B,
        tech: 'em4100',
        at: null,
        msgId: '01JT8QOTHERM0C9B4V8W7Y6N7',
        machineId: lab.otherMachineId,
      }),
    );
    const feedback = JSON.parse(await bridge.next('werkbank/v1/bridge-holz-1/cmd/feedback', mark)) as {
      result: string;
      reason: string;
    };
    expect(feedback).toMatchObject({ result: 'denied', reason: 'UNKNOWN_MACHINE' });
    expect(bridge.received.slice(mark).filter((m) => m.topic.endsWith('/cmd/actuator'))).toEqual([]);
    const res = await t.as(t.adminToken).get(`/api/sessions?machineId=${lab.otherMachineId}`).expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('the heartbeat shows on the devices API, and the bridge is offline after three silent intervals', async () => {
    const health = {
      at: new Date().toISOString(),
      version: '0.1.0',
      uptimeS: 42,
      queueLength: 7,
      allowlist: {
        version: 3,
        issuedAt: '2026-11-20T03:00:00.000Z',
        expiresAt: '2026-11-27T03:00:00.000Z',
        deltaVersion: 4,
      },
      ports: [{ id: 'reader-1', path: '/dev/serial0', state: 'open' }],
    };
    await bridge.publish('werkbank/v1/bridge-holz-1/health', JSON.stringify(health));
    const shown = await eventually(async () => {
      const res = await t.as(t.adminToken).get(`/api/devices/${lab.bridge.id}`).expect(200);
      return res.body.bridge?.online === true && res.body.bridge;
    });
    expect(shown).toMatchObject({
      queueLength: 7,
      allowlistVersion: 3,
      allowlistDeltaVersion: 4,
      ports: [{ id: 'reader-1', path: '/dev/serial0', state: 'open' }],
    });
    await eventually(async () => {
      const res = await t.as(t.adminToken).get('/api/devices').expect(200);
      const row = (res.body as { id: string; online: boolean; bridge: { online: boolean } | null }[]).find(
        (d) => d.id === lab.bridge.id,
      );
      return row?.bridge?.online === false && row.online === false;
    }, 6000);
  });

  it('a malformed heartbeat is refused and counted, not shown', async () => {
    const before = (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body.malformed as number;
    await bridge.publish('werkbank/v1/bridge-holz-1/health', JSON.stringify({ queueLength: -1 }));
    await eventually(async () => {
      const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
      return stats.body.malformed === before + 1;
    });
  });

  it('after a server restart, the same replay stores nothing twice and a new full list continues the versions', async () => {
    const before = await fullList();
    await bridge.close();
    await t.close();
    t = await startTestApp({ dataDir: data.path, keepData: true, env: ENV });
    bridge = await connect(lab.bridge);
    expect(await bridge.subscribe('werkbank/v1/bridge-holz-1/allowlist')).toBe(true);
    expect(await bridge.subscribe('werkbank/v1/bridge-holz-1/cmd/#')).toBe(true);
    const after = await fullList();
    expect(after.version as number).toBeGreaterThan(before.version as number);
    // The card blocked before the restart stays out of the admissible cards: it is listed as blocked.
    expect(after.cards).toContainEqual({
      offlineHash: offlineHash(provisioning, UID_A),
      memberKey: expect.any(String),
      blocked: true,
    });

    const mark = bridge.mark();
    await replay(bridge);
    await eventually(
      () =>
        bridge.received.slice(mark).filter((m) => m.topic === 'werkbank/v1/bridge-holz-1/cmd/ack').length ===
        3,
    );
    expect(await offlineSessions()).toHaveLength(1);
    expect(await deniedEvents()).toHaveLength(1);
  });
});

describe('offline hashes fill in at the next tap', () => {
  const data = makeTempDir('bridge-rekey');
  const NEW_KEY = 'b'.repeat(64);
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    data.remove();
  });

  it('after the bridge card key changed, a tap of the card puts its new offline hash into the next full list', async () => {
    t = await startTestApp({ dataDir: data.path, keepData: true, env: ENV });
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const qualification = await make.qualification(type.id);
    const member = await make.member();
    await make.training([member.id], qualification.id);
    await make.card(member.id, UID_A);
    const res = await admin
      .post('/api/devices', {
        name: 'bridge',
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'bridge-rekey',
      })
      .expect(201);
    const creds = {
      username: res.body.device.mqttUsername as string,
      password: res.body.mqttPassword as string,
    };
    await t.close();

    t = await startTestApp({ dataDir: data.path, keepData: true, env: { ...ENV, BRIDGE_CARD_KEY: NEW_KEY } });
    const file = parse(
      (await t.as(t.adminToken).get(`/api/devices/${res.body.device.id}/bridge.yml`).expect(200)).text,
    ) as Provisioning;
    expect(file.bridgeCardKey).toBe(NEW_KEY);
    const bridge = await FakeDevice.connect(t.app.get(MqttEndpoint).url, creds.username, creds.password);
    try {
      expect(await bridge.subscribe('werkbank/v1/bridge-rekey/allowlist')).toBe(true);
      expect(await bridge.subscribe('werkbank/v1/bridge-rekey/cmd/#')).toBe(true);
      const cardsOf = (payload: string) =>
        (openVerified(payload, file).cards as { offlineHash: string }[]).map((c) => c.offlineHash);
      const stale = cardsOf(await bridge.next('werkbank/v1/bridge-rekey/allowlist', 0, (p) => p !== ''));
      expect(stale).not.toContain(offlineHash(file, UID_A)); // made with the old key

      const mark = bridge.mark();
      await bridge.publish(
        'werkbank/v1/bridge-rekey/evt/card',
        JSON.stringify({ uid: UID_A, tech: 'em4100', at: null, msgId: '01JT8QRK5ZK4X0C9B4V8W7Y6N9' }),
      );
      // The tap is decided as always (the offline hash is not on its path)…
      const feedback = await bridge.next('werkbank/v1/bridge-rekey/cmd/feedback', mark);
      expect(JSON.parse(feedback)).toMatchObject({ result: 'allowed' });
      // …and the next full list names the card by its new offline hash.
      const fresh = await bridge.next('werkbank/v1/bridge-rekey/allowlist', mark, (p) => p !== '', 3000);
      expect(cardsOf(fresh)).toEqual([offlineHash(file, UID_A)]);
    } finally {
      await bridge.close();
    }
  });
});
