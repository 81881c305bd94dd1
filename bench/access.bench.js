// npm run bench:access — the built server with 10 000 members and 500 machines (each a Tasmota reader and a
// Shelly relay), once on a real Mosquitto on loopback (external-broker mode) and once on its embedded broker
// (the default most labs run). Every reader and relay is its own MQTT connection made "as devices come":
// mqtt.js over a plain net socket with Nagle's algorithm on (mqtt.js never sets TCP_NODELAY, nor does most
// device firmware). The load is a realistic mix: per machine a trained member taps in (relay on), someone is
// denied (untrained, blocked, unknown card, machine in use), the member taps out (relay off), another denial.
//
// 1. Latency at 200 taps/s for 20 s on each broker: tap → relay command p50/p99, and in the same run the
//    broker's own one-hop publish→receive latency (a probe every second tap). The server's share of the p50 is
//    tap→relay p50 minus the broker hops in its path (two through Mosquitto, one embedded: see latency()), and
//    the server's CPU time per tap (from /proc) is the figure other processes on the machine disturb least.
// 2. Saturation (embedded broker): the offered rate steps up (BENCH_STEPS, default 250 … 4000 taps/s, BENCH_STEP_S
//    4 s each); the highest step whose p99 stays ≤ 10 ms with no tap lost is the rate one instance sustains.
// The device passwords are hashed with 10 PBKDF2 rounds instead of 10 000, so that 1 001 logins cost no time.
const { spawn } = require('node:child_process');
const { createHmac, randomUUID, pbkdf2Sync } = require('node:crypto');
const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const mqtt = require('mqtt');
const { freePort, seedDatabase, startServer, percentile } = require('./support');

const MEMBERS = 10_000;
const MACHINES = 500;
const RATE = Number(process.env.BENCH_TAPS_PER_S ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const STEPS = (process.env.BENCH_STEPS ?? '250,500,1000,2000,3000,4000').split(',').map(Number);
const STEP_S = Number(process.env.BENCH_STEP_S ?? 4);
const P99_LIMIT_MS = 10;
const SECRET = 'bench-card-hash-secret-0123456789abcdef';
const PROBE = 's-probe';
const DEVICE_PASSWORD = 'bench-device-password';
// Mosquitto's $7$ format, as the server stores device passwords; few iterations, so 1 001 logins take no time.
const DEVICE_PASSWORD_HASH = (() => {
  const salt = Buffer.from('bench-salt-01');
  const hash = pbkdf2Sync(DEVICE_PASSWORD, salt, 10, 64, 'sha512');
  return `$7$10$${salt.toString('base64')}$${hash.toString('base64')}`;
})();

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
        mqttPasswordHash: DEVICE_PASSWORD_HASH,
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
        mqttPasswordHash: DEVICE_PASSWORD_HASH,
      },
    ]);
    // The broker-hop probe: a Shelly account publishing to itself (shellies/<own id>/# is all a device may use).
    devices.push({
      id: randomUUID(),
      name: 'Sonde',
      siteId: site.id,
      machineId: null,
      role: 'actuator',
      protocol: 'shelly_gen1',
      address: PROBE,
      options: null,
      mqttUsername: PROBE,
      mqttPasswordHash: DEVICE_PASSWORD_HASH,
    });
    await insert(p.DeviceEntity, devices);
  });
}

/**
 * One device's connection as it comes: mqtt.js's plain TCP stream (net.createConnection without noDelay), so
 * Nagle stays on. Logged in with the device's account (the embedded broker checks it, Mosquitto here does not).
 */
function connectDevice(url, username) {
  return mqtt.connectAsync(url, {
    reconnectPeriod: 0,
    username,
    password: DEVICE_PASSWORD,
    clientId: username,
    connectTimeout: 30_000,
  });
}

/** Connects every device, a batch at a time (a thousand simultaneous handshakes would only queue). */
async function connectDevices(url) {
  const readers = new Array(MACHINES);
  const relays = new Array(MACHINES);
  for (let i = 0; i < MACHINES; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(MACHINES, i + 50); j++) {
      batch.push(connectDevice(url, `r-${j}`).then((c) => (readers[j] = c)));
      batch.push(connectDevice(url, `s-${j}`).then((c) => (relays[j] = c)));
    }
    await Promise.all(batch);
  }
  // The probe is the measuring instrument, not a device: Nagle off, so it measures the broker alone.
  const probe = await connectDevice(url, PROBE);
  probe.stream.setNoDelay(true);
  return { readers, relays, probe };
}

/** The load of one server: a tap sequence that continues across phases, so every machine's cycle stays whole. */
function makeLoad({ readers, relays, probe }) {
  const pending = Array.from({ length: MACHINES }, () => []); // tap times awaiting their relay command
  let samples = [];
  let hops = [];
  let relayCommands = 0;
  let seq = 0;
  let hopSeq = 0;
  const hopSent = new Map();
  const hopTopic = `shellies/${PROBE}/bench/hop`;
  relays.forEach((client, i) =>
    client.on('message', () => {
      const t = performance.now();
      relayCommands += 1;
      const sent = pending[i].shift();
      if (sent !== undefined) samples.push(t - sent);
    }),
  );
  probe.on('message', (_, payload) => {
    const sent = hopSent.get(payload.toString());
    if (sent !== undefined) hops.push(performance.now() - sent);
  });
  // While the holder's session runs (phase 1) a trained member may also try: denied, machine in use.
  const denied = (n, phase) => {
    const pick = n % (phase === 1 ? 4 : 3);
    if (pick === 0) return 7000 + (n % 2000); // untrained
    if (pick === 1) return 9000 + (n % 1000); // blocked card
    if (pick === 2) return 20000 + n; // unknown card
    return MACHINES + (n % (7000 - MACHINES)); // trained, but the machine is in use
  };
  const tap = (machine, member) =>
    readers[machine].publish(
      `tele/r-${machine}/SENSOR`,
      JSON.stringify({ Time: '2026-11-23T10:00:00', RDM6300: { UID: uidOf(member) } }),
      { qos: 1 },
    );

  /** Offers `rate` taps/s for `seconds`; machine i's holder is member i; cycle per machine: in, denied, out, denied. */
  async function run(rate, seconds, { probeEvery = 2 } = {}) {
    samples = [];
    hops = [];
    const total = Math.round(rate * seconds);
    const interval = 1000 / rate;
    const started = performance.now();
    let expected = 0;
    for (let sent = 0; sent < total; sent++, seq++) {
      const wait = started + sent * interval - performance.now();
      if (wait > 1) await sleep(wait);
      const machine = seq % MACHINES;
      const round = Math.floor(seq / MACHINES);
      const phase = round % 4;
      if (phase === 0 || phase === 2) {
        pending[machine].push(performance.now());
        tap(machine, machine);
        expected += 1;
      } else {
        tap(machine, denied(round * MACHINES + machine, phase));
      }
      // As many hop samples as tap→relay samples, so both p99s are equally sure.
      if (probeEvery > 0 && sent % probeEvery === 0) {
        const id = String(hopSeq++);
        hopSent.set(id, performance.now());
        probe.publish(hopTopic, id, { qos: 1 });
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    for (const end = performance.now() + 3000; performance.now() < end;) {
      if (samples.length >= expected) break;
      await sleep(20);
    }
    await sleep(200); // a late duplicate would show as a relay command too many
    const lost = pending.reduce((n, q) => n + q.length, 0);
    for (const q of pending) q.length = 0;
    hopSent.clear();
    return { total, elapsed, expected, samples: [...samples], hops: [...hops], lost };
  }

  return { run, relayCommands: () => relayCommands };
}

async function subscribeAll({ relays, probe }) {
  await Promise.all(relays.map((c, i) => c.subscribeAsync(`shellies/s-${i}/relay/0/command`, { qos: 1 })));
  await probe.subscribeAsync(`shellies/${PROBE}/bench/hop`, { qos: 1 });
}

async function closeAll({ readers, relays, probe }) {
  await Promise.all([...readers, ...relays, probe].map((c) => c?.endAsync(true).catch(() => undefined)));
}

const fmt = (x) => x.toFixed(3);

/**
 * Linux's CPU pressure counter (µs in which some runnable task waited for a CPU), or null without PSI. Over the
 * run it says how much of the time other processes held the cores: the figures' noise, measured.
 */
function cpuPressureUs() {
  try {
    const line = readFileSync('/proc/pressure/cpu', 'utf8').split('\n')[0];
    return Number(/total=(\d+)/.exec(line)[1]);
  } catch {
    return null;
  }
}

/** The latency run on one broker: figures and the server's share of the p50. */
/**
 * `hopsInPath`: broker passes that cost a process wake-up of their own. Through Mosquitto a tap crosses it twice
 * (reader → Mosquitto → server → Mosquitto → relay), so the server's share is tap→relay minus two hops. With the
 * embedded broker both passes run in the server's own process in one wake-up (reader → server → relay), the same
 * path as the probe's hop (probe → server → probe): the share is tap→relay minus one hop.
 */
async function latency(name, server, url, hopsInPath) {
  const devices = await connectDevices(url);
  try {
    await subscribeAll(devices);
    const load = makeLoad(devices);
    await load.run(50, 2); // warm-up: subscriptions and code paths hot
    server.resetPeakRss();
    const cpu0 = server.cpuMs();
    const r = await load.run(RATE, DURATION_S);
    const cpuPerTap = ((server.cpuMs() - cpu0) * 1000) / r.total;
    const rss = server.peakRssMb();
    if (r.samples.length < r.expected * 0.95)
      throw new Error(
        `${name}: only ${r.samples.length} relay commands for ${r.expected} tap-ins/outs: the server fell behind or lost taps`,
      );
    const t50 = percentile(r.samples, 50);
    const t99 = percentile(r.samples, 99);
    const h50 = percentile(r.hops, 50);
    const h99 = percentile(r.hops, 99);
    const share = t50 - hopsInPath * h50;
    console.log(
      `${name}: ${r.total} taps in ${r.elapsed.toFixed(1)} s (${(r.total / r.elapsed).toFixed(0)}/s), ${r.samples.length} tap→relay samples, ${r.lost} lost`,
    );
    console.log(
      `  tap → relay command (two broker hops + decision): p50 ${fmt(t50)} ms, p99 ${fmt(t99)} ms, max ${fmt(Math.max(...r.samples))} ms`,
    );
    console.log(
      `  broker one hop (same run, same broker): p50 ${fmt(h50)} ms, p99 ${fmt(h99)} ms (${r.hops.length} probes)`,
    );
    console.log(
      `  ratios to the hop: p50 ${(t50 / h50).toFixed(2)}, p99 ${(t99 / h99).toFixed(2)}; server's share of the p50 (tap→relay − ${hopsInPath} hop${hopsInPath > 1 ? 's' : ''}): ${fmt(share)} ms`,
    );
    console.log(
      `  server CPU ${cpuPerTap.toFixed(0)} µs per tap (its broker included when embedded; the least noisy figure here); server peak RSS ${rss.toFixed(0)} MB`,
    );
    return { t50, t99, h50, h99, share, rss, cpuPerTap, devices, load };
  } catch (error) {
    await closeAll(devices);
    throw error;
  }
}

/**
 * Steps the offered rate up; a step holds when its p99 stays within the limit, no relay command is missing and
 * the bench kept up with the offered rate. Every step runs (on this shared machine a lower step can miss while
 * a higher one holds) unless the server collapses. Returns the highest step that held, and the server's CPU
 * per tap at the highest rate it fully served, the figure least disturbed by other processes.
 */
async function saturation(load, server) {
  let held = null;
  let last = null;
  for (const rate of STEPS) {
    const cpu0 = server.cpuMs();
    const own0 = process.cpuUsage();
    const r = await load.run(rate, STEP_S, { probeEvery: 0 });
    const cpuMs = server.cpuMs() - cpu0;
    const own = process.cpuUsage(own0);
    // The load generator shares the two cores: when it is busy itself, its own queue is in the figures.
    const benchBusy = (own.user + own.system) / 1000 / (r.elapsed * 1000);
    const busy = cpuMs / (r.elapsed * 1000);
    const cpuPerTap = (cpuMs * 1000) / r.total;
    const p50 = percentile(r.samples, 50);
    const p99 = percentile(r.samples, 99);
    const achieved = r.total / r.elapsed;
    const ok = p99 <= P99_LIMIT_MS && r.lost === 0 && achieved >= rate * 0.95;
    console.log(
      `  offered ${rate} taps/s, sent ${achieved.toFixed(0)}/s: tap→relay p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, ${r.lost} of ${r.expected} relay commands missing; server CPU ${(busy * 100).toFixed(0)} % of a core, ${cpuPerTap.toFixed(0)} µs per tap; bench ${(benchBusy * 100).toFixed(0)} % → ${ok ? 'holds' : 'does not hold'}`,
    );
    // CPU per tap counts only where every tap was served within the step (queued work is not in it).
    if (r.lost === 0) last = { rate, cpuPerTap };
    if (ok) held = { rate, p99 };
    if (r.lost > r.expected * 0.05) break; // collapsed: higher rates only queue more
    await sleep(500);
  }
  return { held, last };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-access-bench-'));
  const template = join(dir, 'template.sqlite');
  const dataDir = (name) => {
    const d = join(dir, name);
    mkdirSync(d);
    copyFileSync(template, join(d, 'werkbank.sqlite'));
    return d;
  };
  const common = {
    DEMO_MODE: 'false',
    CARD_HASH_SECRET: SECRET,
    // Short enough for the saturation steps (a machine's holder taps again 2·500/rate s later), far below the
    // latency run's 5 s between a holder's taps.
    TAP_DEBOUNCE_MS: '100',
    LOG_LEVEL: 'error',
  };
  let broker;
  let server;
  try {
    await seed(template);
    const pressure0 = cpuPressureUs();
    const t0 = performance.now();

    broker = await startMosquitto(dir);
    server = await startServer(
      { ...common, MQTT_MODE: 'external', MQTT_URL: broker.url },
      dataDir('mosquitto'),
    );
    const mosq = await latency('Mosquitto (external mode)', server, broker.url, 2);
    await closeAll(mosq.devices);
    await server.stop({ keepData: true });
    server = null;
    broker.child.kill('SIGTERM');
    broker = null;

    server = await startServer(common, dataDir('embedded'));
    const emb = await latency(
      'embedded broker (the default)',
      server,
      `mqtt://127.0.0.1:${server.mqttPort}`,
      1,
    );
    console.log(
      `embedded against Mosquitto (same run): tap→relay p50 ${(emb.t50 / mosq.t50).toFixed(2)}×, p99 ${(emb.t99 / mosq.t99).toFixed(2)}×, broker hop p50 ${(emb.h50 / mosq.h50).toFixed(2)}×`,
    );
    console.log(`saturation, embedded broker (p99 ≤ ${P99_LIMIT_MS} ms, no tap lost):`);
    const { held, last } = await saturation(emb.load, server);
    await closeAll(emb.devices);
    const stats = await (await fetch(`${server.url}/api/health`)).json();
    console.log(
      `server healthy: ${stats.status}; sustained with p99 ≤ ${P99_LIMIT_MS} ms: ${held ? `${held.rate} taps/s (p99 ${fmt(held.p99)} ms)` : `not even ${STEPS[0]} taps/s`}; ${last ? `CPU-bound ceiling at ${last.cpuPerTap.toFixed(0)} µs per tap (${last.rate} taps/s): ~${(1e6 / last.cpuPerTap).toFixed(0)} taps/s on one free core` : 'every step lost taps'}`,
    );
    const pressure =
      pressure0 === null ? null : (cpuPressureUs() - pressure0) / 1000 / (performance.now() - t0);
    console.log(
      `CPU pressure over the run: ${pressure === null ? 'n/a (no /proc/pressure)' : `some runnable task waited for a core ${(pressure * 100).toFixed(0)} % of the time`} (the bench's own three processes included)`,
    );
    console.log(
      `RESULT tap_to_relay_p50_ms=${fmt(mosq.t50)} tap_to_relay_p99_ms=${fmt(mosq.t99)} broker_hop_p50_ms=${fmt(mosq.h50)} broker_hop_p99_ms=${fmt(mosq.h99)} ratio_p99=${(mosq.t99 / mosq.h99).toFixed(2)} rss_mb=${mosq.rss.toFixed(0)} server_share_p50_ms=${fmt(mosq.share)} server_cpu_us_per_tap=${mosq.cpuPerTap.toFixed(0)}` +
        ` embedded_tap_to_relay_p50_ms=${fmt(emb.t50)} embedded_tap_to_relay_p99_ms=${fmt(emb.t99)} embedded_broker_hop_p50_ms=${fmt(emb.h50)} embedded_broker_hop_p99_ms=${fmt(emb.h99)} embedded_ratio_p99=${(emb.t99 / emb.h99).toFixed(2)} embedded_server_share_p50_ms=${fmt(emb.share)} embedded_rss_mb=${emb.rss.toFixed(0)} embedded_server_cpu_us_per_tap=${emb.cpuPerTap.toFixed(0)}` +
        ` saturation_taps_per_s=${held ? held.rate : 0} saturation_p99_ms=${held ? fmt(held.p99) : 'n/a'} saturation_cpu_us_per_tap=${last ? last.cpuPerTap.toFixed(0) : 'n/a'} cpu_pressure_pct=${pressure === null ? 'n/a' : (pressure * 100).toFixed(0)}`,
    );
  } finally {
    if (server) await server.stop({ keepData: true });
    if (broker) broker.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
