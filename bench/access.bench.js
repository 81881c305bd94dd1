// npm run bench:access — a real Mosquitto on loopback, the built server in external-broker mode with 10 000
// members and 500 machines (each a Tasmota reader and a Shelly relay), driven at 200 taps/s for 20 s with a
// realistic mix: per machine a trained member taps in (relay on), someone is denied (untrained, blocked,
// unknown card, machine in use), the member taps out (relay off), another denial. Measured in the same run:
// the broker's own one-hop publish→receive latency, probed while the load runs.
const { spawn } = require('node:child_process');
const { createHmac, randomUUID } = require('node:crypto');
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const mqtt = require('mqtt');
const { freePort, seedDatabase, startServer, percentile } = require('./support');

const MEMBERS = 10_000;
const MACHINES = 500;
const RATE = Number(process.env.BENCH_TAPS_PER_S ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const SECRET = 'bench-card-hash-secret-0123456789abcdef';

const hash = (uid) => createHmac('sha256', SECRET).update(uid).digest('hex');
const uidOf = (i) => (0x10000000 + i).toString(16).toUpperCase();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startMosquitto(dir) {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 100000\nset_tcp_nodelay true\n`,
  );
  const child = spawn('/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
      await c.endAsync();
      return { url: `mqtt://127.0.0.1:${port}`, child };
    } catch {
      await sleep(50);
    }
  }
  throw new Error('mosquitto did not start (is the mosquitto package installed? npm test installs it)');
}

async function seed(dbFile) {
  await seedDatabase(dbFile, async (insert, p) => {
    const now = new Date();
    const site = {
      id: randomUUID(),
      name: 'Bench-Labor',
      kind: 'fixed',
      timezone: 'Europe/Berlin',
      address: null,
      municipalityKey: null,
    };
    await insert(p.SiteEntity, [site]);
    const type = { id: randomUUID(), name: '3D-Drucker', description: null };
    await insert(p.MachineTypeEntity, [type]);
    const qual = {
      id: randomUUID(),
      name: '3D-Druck',
      machineTypeId: type.id,
      validityMonths: 12,
      validityMonthsMinors: null,
      currentContentVersion: 'v1',
    };
    await insert(p.QualificationEntity, [qual]);
    const admin = {
      id: randomUUID(),
      username: 'bench',
      displayName: 'Bench',
      passwordHash: 'x',
      role: 'admin',
      active: true,
      memberId: null,
      lastLoginAt: null,
    };
    await insert(p.StaffAccountEntity, [admin]);
    const members = Array.from({ length: MEMBERS }, (_, i) => ({
      id: randomUUID(),
      memberKey: randomUUID().replace(/-/g, ''),
      firstName: 'M',
      lastName: `Member ${i}`,
      email: null,
      phone: null,
      status: 'active',
      guestValidFrom: null,
      guestValidUntil: null,
      homeSiteId: site.id,
      ageBand: 'not_stated',
      gender: 'not_stated',
      occupation: 'not_stated',
      homeMunicipalityKey: null,
      isMinor: false,
      birthDate: null,
      guardianConsentOn: null,
      guardianName: null,
      notes: null,
    }));
    await insert(p.MemberEntity, members);
    // Members 0..6999 trained; 7000..8999 untrained; 9000..9999 blocked cards (trained).
    await insert(
      p.CardEntity,
      members.map((m, i) => ({
        id: randomUUID(),
        memberId: m.id,
        uidHash: hash(uidOf(i)),
        uidSuffix: uidOf(i).slice(-4),
        technology: 'em4100',
        label: null,
        blocked: i >= 9000,
        blockedReason: null,
        blockedAt: null,
      })),
    );
    const today = now.toISOString().slice(0, 10);
    await insert(
      p.TrainingRecordEntity,
      members
        .filter((_, i) => i < 7000 || i >= 9000)
        .map((m) => ({
          id: randomUUID(),
          memberId: m.id,
          qualificationId: qual.id,
          action: 'grant',
          level: 'independent',
          trainerId: admin.id,
          trainedOn: today,
          expiresOn: '2099-01-01',
          contentVersion: 'v1',
          comment: null,
          groupId: null,
          recordedById: admin.id,
          recordedAt: now,
        })),
    );
    const machines = Array.from({ length: MACHINES }, (_, i) => ({
      id: randomUUID(),
      siteId: site.id,
      machineTypeId: type.id,
      name: `Drucker ${i}`,
      state: 'available',
      stateReason: null,
      needsSupervision: false,
      minimumAge: null,
      maxSessionMinutes: null,
      allowTakeover: false,
      idlePowerWatts: null,
      idleMinutes: null,
    }));
    await insert(p.MachineEntity, machines);
    const devices = machines.flatMap((m, i) => [
      {
        id: randomUUID(),
        name: `Leser ${i}`,
        siteId: site.id,
        machineId: m.id,
        role: 'machine_reader',
        protocol: 'tasmota_reader',
        address: `r-${i}`,
        options: null,
        mqttUsername: `r-${i}`,
        mqttPasswordHash: null,
      },
      {
        id: randomUUID(),
        name: `Relais ${i}`,
        siteId: site.id,
        machineId: m.id,
        role: 'actuator',
        protocol: 'shelly_gen1',
        address: `s-${i}`,
        options: null,
        mqttUsername: `s-${i}`,
        mqttPasswordHash: null,
      },
    ]);
    await insert(p.DeviceEntity, devices);
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-access-bench-'));
  const broker = await startMosquitto(dir);
  let server;
  const clients = [];
  try {
    await seed(join(dir, 'werkbank.sqlite'));
    server = await startServer(
      {
        DEMO_MODE: 'false',
        MQTT_MODE: 'external',
        MQTT_URL: broker.url,
        CARD_HASH_SECRET: SECRET,
        TAP_DEBOUNCE_MS: '1000',
        LOG_LEVEL: 'error',
      },
      dir,
    );
    const connect = async () => {
      const c = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
      c.stream.setNoDelay(true); // the probes and the simulated devices get the same socket treatment as the server
      clients.push(c);
      return c;
    };
    const readers = await connect(); // plays the 500 Tasmota readers
    const relays = await connect(); // plays the 500 Shelly relays
    const hopA = await connect();
    const hopB = await connect();

    const lastTap = new Float64Array(MACHINES);
    const tapToRelay = [];
    let relayCommands = 0;
    await relays.subscribeAsync('shellies/+/relay/0/command', { qos: 1 });
    relays.on('message', (topic) => {
      const t = performance.now();
      const i = Number(topic.split('/')[1].slice(2));
      if (lastTap[i] > 0) tapToRelay.push(t - lastTap[i]);
      lastTap[i] = 0;
      relayCommands += 1;
    });
    const hops = [];
    const hopSent = new Map();
    await hopB.subscribeAsync('bench/hop', { qos: 1 });
    hopB.on('message', (_, payload) => {
      const sent = hopSent.get(payload.toString());
      if (sent !== undefined) hops.push(performance.now() - sent);
    });

    // Warm-up: one tap-in/tap-out so subscriptions and code paths are hot.
    const tap = (machine, member) => {
      lastTap[machine] = performance.now();
      readers.publish(
        `tele/r-${machine}/SENSOR`,
        JSON.stringify({ Time: '2026-11-23T10:00:00', RDM6300: { UID: uidOf(member) } }),
        { qos: 1 },
      );
    };
    // While the holder's session runs (phase 1) a trained member may also try: denied, machine in use.
    const denied = (n, phase) => {
      const pick = n % (phase === 1 ? 4 : 3);
      if (pick === 0) return 7000 + (n % 2000); // untrained
      if (pick === 1) return 9000 + (n % 1000); // blocked card
      if (pick === 2) return 20000 + n; // unknown card
      return MACHINES + (n % (7000 - MACHINES)); // trained, but the machine is in use
    };
    // Machine i's holder is member i (trained); cycle per machine: in, denied, out, denied.
    const total = RATE * DURATION_S;
    const interval = 1000 / RATE;
    const started = performance.now();
    let sent = 0;
    let hopSeq = 0;
    const perPhase = { allowedOrOut: 0, denied: 0 };
    while (sent < total) {
      const due = started + sent * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const machine = sent % MACHINES;
      const round = Math.floor(sent / MACHINES);
      const phase = round % 4;
      if (phase === 0 || phase === 2) {
        tap(machine, machine);
        perPhase.allowedOrOut += 1;
      } else {
        lastTap[machine] = 0;
        readers.publish(
          `tele/r-${machine}/SENSOR`,
          JSON.stringify({
            Time: '2026-11-23T10:00:00',
            RDM6300: { UID: uidOf(denied(round * MACHINES + machine, phase)) },
          }),
          { qos: 1 },
        );
        perPhase.denied += 1;
      }
      // A probe every second tap: as many hop samples as tap→relay samples, so both p99s are equally sure.
      if (sent % 2 === 0) {
        const id = String(hopSeq++);
        hopSent.set(id, performance.now());
        hopA.publish('bench/hop', id, { qos: 1 });
      }
      sent += 1;
    }
    const elapsed = (performance.now() - started) / 1000;
    await sleep(1500); // let the last commands arrive
    const rss = server.peakRssMb();
    const stats = await (await fetch(`${server.url}/api/health`)).json();
    if (tapToRelay.length < perPhase.allowedOrOut * 0.95) {
      throw new Error(
        `only ${tapToRelay.length} relay commands for ${perPhase.allowedOrOut} tap-ins/outs: the server fell behind or lost taps`,
      );
    }
    const fmt = (x) => x.toFixed(3);
    const t50 = percentile(tapToRelay, 50),
      t99 = percentile(tapToRelay, 99);
    const h50 = percentile(hops, 50),
      h99 = percentile(hops, 99);
    console.log(
      `server healthy: ${stats.status}; ${sent} taps in ${elapsed.toFixed(1)} s (${(sent / elapsed).toFixed(0)}/s): ${perPhase.allowedOrOut} tap-in/out, ${perPhase.denied} denied`,
    );
    console.log(`relay commands received: ${relayCommands}; tap→relay samples: ${tapToRelay.length}`);
    console.log(
      `tap → relay command (two broker hops + decision): p50 ${fmt(t50)} ms, p99 ${fmt(t99)} ms, max ${fmt(Math.max(...tapToRelay))} ms`,
    );
    console.log(
      `broker one hop (same run, same broker): p50 ${fmt(h50)} ms, p99 ${fmt(h99)} ms (${hops.length} probes)`,
    );
    console.log(`server peak RSS: ${rss.toFixed(0)} MB`);
    console.log(
      `RESULT tap_to_relay_p50_ms=${fmt(t50)} tap_to_relay_p99_ms=${fmt(t99)} broker_hop_p50_ms=${fmt(h50)} broker_hop_p99_ms=${fmt(h99)} ratio_p99=${(t99 / h99).toFixed(2)} rss_mb=${rss.toFixed(0)}`,
    );
  } finally {
    for (const c of clients) await c.endAsync(true).catch(() => undefined);
    if (server) await server.stop({ keepData: true });
    broker.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
