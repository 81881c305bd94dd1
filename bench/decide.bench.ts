/**
 * Throughput of decide() on a city-sized snapshot, against a baseline measured in the same run.
 *
 *   npx ts-node -T -r tsconfig-paths/register bench/decide.bench.ts
 *
 * Builds 10 000 members (1–2 cards each, some blocked, some trainings expired), 500 machines across 10 sites
 * with opening hours, then times ≥ 2 s of decide() over a pre-generated mix of allowed, denied and tap-out
 * requests. The baseline is the bare cost of looking the request up (card and machine Map.get) over the same
 * requests, so the ratio says how many plain lookups one decision costs. The same world is then measured with
 * 10 000 machine bookings loaded (20 per machine over the coming weeks, some holding the machine now), so the
 * booking check's cost shows as a ratio too. Last line: RESULT ….
 */
import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  AccessRequest,
  createEmptySnapshot,
  decide,
  PolicySnapshot,
  setGrant,
  setStaffPresent,
  startSession,
  upsertBooking,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from '@werkbank/access-core';

const MEMBERS = 10_000;
const MACHINES = 500;
const SITES = 10;
const MACHINE_TYPES = 25;
const BOOKINGS = 10_000;
const REQUESTS = 1 << 16;
const MIN_TIMED_NS = 2_000_000_000n;
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Wednesday 2026-06-10, 10:00 in Berlin: most sites are open. */
const START = Date.UTC(2026, 5, 10, 8, 0);

/** Deterministic PRNG (mulberry32), so every run measures the same world. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const SEED = 20260610;
let random = prng(SEED);
const chance = (p: number) => random() < p;
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));

interface World {
  snapshot: PolicySnapshot;
  /** Cards of members that are neither blocked nor suspended, with the machine types they are trained for. */
  trainedTaps: { uidHash: string; machineTypeIds: string[] }[];
  allUidHashes: string[];
  machinesByType: Map<string, string[]>;
  machineIds: string[];
  sessionTaps: AccessRequest[];
}

function buildWorld(): World {
  random = prng(SEED); // each build is the same world
  const snapshot = createEmptySnapshot();
  const zones = [
    'Europe/Berlin',
    'Europe/Berlin',
    'Europe/Berlin',
    'Europe/Berlin',
    'Europe/Vienna',
    'Europe/Zurich',
  ];
  for (let s = 0; s < SITES; s++) {
    const openingHours =
      s === 0
        ? [] // a staffed around-the-clock lab
        : [
            ...[1, 2, 3, 4, 5].map((weekday) => ({
              weekday,
              opens: '09:00',
              closes: s % 3 === 0 ? '02:00' : '22:00',
            })),
            { weekday: 6, opens: '10:00', closes: '18:00' },
          ];
    upsertSite(snapshot, { siteId: `site-${s}`, timezone: pick(zones), openingHours });
    if (s % 10 < 7) setStaffPresent(snapshot, `site-${s}`, `staff-${s}`, true);
  }

  upsertQualification(snapshot, {
    qualificationId: 'q-induction',
    machineTypeId: 'induction',
    prerequisiteIds: [],
  });
  const qualificationsByType = new Map<string, string[]>();
  for (let t = 0; t < MACHINE_TYPES; t++) {
    const typeId = `type-${t}`;
    const ids = t % 5 === 4 ? [] : t % 3 === 0 ? [`q-${t}`, `q-${t}-advanced`] : [`q-${t}`]; // some need no training
    for (const qualificationId of ids) {
      upsertQualification(snapshot, {
        qualificationId,
        machineTypeId: typeId,
        prerequisiteIds: t % 2 === 0 ? ['q-induction'] : [],
      });
    }
    qualificationsByType.set(typeId, ids);
  }

  const machineIds: string[] = [];
  const machinesByType = new Map<string, string[]>();
  for (let m = 0; m < MACHINES; m++) {
    const machineId = `machine-${m}`;
    const machineTypeId = `type-${int(0, MACHINE_TYPES - 1)}`;
    upsertMachine(snapshot, {
      machineId,
      siteId: `site-${m % SITES}`,
      machineTypeId,
      state: chance(0.03)
        ? MachineState.Maintenance
        : chance(0.02)
          ? MachineState.OutOfService
          : MachineState.Available,
      needsSupervision: chance(0.15),
      minimumAge: chance(0.2) ? pick([12, 14, 16, 18]) : null,
      maxSessionMinutes: chance(0.7) ? pick([30, 60, 120, 240]) : null,
      allowTakeover: chance(0.2),
    });
    machineIds.push(machineId);
    machinesByType.set(machineTypeId, [...(machinesByType.get(machineTypeId) ?? []), machineId]);
  }

  const trainedTaps: World['trainedTaps'] = [];
  const allUidHashes: string[] = [];
  for (let i = 0; i < MEMBERS; i++) {
    const memberId = `member-${i}`;
    const isMinor = chance(0.06);
    const status = chance(0.03)
      ? MemberStatus.Suspended
      : chance(0.05)
        ? MemberStatus.Guest
        : MemberStatus.Active;
    upsertMember(snapshot, {
      memberId,
      memberKey: `key-${i.toString(36)}`,
      status,
      guestValidFrom: status === MemberStatus.Guest ? START - int(0, 5) * DAY : null,
      guestValidUntil: status === MemberStatus.Guest ? START + int(-2, 5) * DAY : null,
      isMinor,
      guardianConsent: isMinor && chance(0.9),
      birthDate: isMinor ? `20${int(10, 15)}-0${int(1, 9)}-1${int(0, 9)}` : null,
    });
    if (chance(0.8))
      setGrant(snapshot, memberId, 'q-induction', { level: QualificationLevel.Independent, expiresAt: null });
    const trainedTypes: string[] = [];
    for (let g = int(0, 5); g > 0; g--) {
      const typeId = `type-${int(0, MACHINE_TYPES - 1)}`;
      const ids = qualificationsByType.get(typeId) ?? [];
      if (ids.length === 0) continue;
      const expired = chance(0.15);
      setGrant(snapshot, memberId, pick(ids), {
        level: chance(0.2)
          ? QualificationLevel.Supervised
          : chance(0.9)
            ? QualificationLevel.Independent
            : QualificationLevel.Trainer,
        expiresAt: expired ? START - int(1, 400) * DAY : chance(0.5) ? START + int(1, 700) * DAY : null,
      });
      trainedTypes.push(typeId);
    }
    for (let c = chance(0.3) ? 2 : 1; c > 0; c--) {
      const uidHash = `${i.toString(16).padStart(8, '0')}${c}a3f9c2e1b7d4056e8f1a2b3c4d5e6f70`;
      const blocked = chance(0.02);
      upsertCard(snapshot, { uidHash, cardId: `card-${i}-${c}`, memberId, blocked });
      allUidHashes.push(uidHash);
      if (!blocked && status !== MemberStatus.Suspended && trainedTypes.length > 0) {
        trainedTaps.push({ uidHash, machineTypeIds: trainedTypes });
      }
    }
  }

  // A fifth of the machines are in use; their holders sometimes tap again to stop.
  const sessionTaps: AccessRequest[] = [];
  for (let m = 0; m < MACHINES; m += 5) {
    const holder = int(0, MEMBERS - 1);
    startSession(snapshot, machineIds[m], {
      sessionId: `session-${m}`,
      memberId: `member-${holder}`,
      startedAt: START - 30 * MINUTE,
      endsAt: START + 60 * MINUTE,
    });
    const card = `${holder.toString(16).padStart(8, '0')}1a3f9c2e1b7d4056e8f1a2b3c4d5e6f70`;
    sessionTaps.push({ uidHash: card, machineId: machineIds[m] });
  }
  return { snapshot, trainedTaps, allUidHashes, machinesByType, machineIds, sessionTaps };
}

/**
 * BOOKINGS slots of 1–3 h with gaps of up to a day between them, spread evenly over the machines; on a third
 * of the machines the first slot holds the machine now (claimed or still inside the no-show grace).
 */
function addBookings(world: World): void {
  const perMachine = BOOKINGS / world.machineIds.length;
  let n = 0;
  for (const machineId of world.machineIds) {
    let at = chance(1 / 3) ? START - int(0, 60) * MINUTE : START + int(10, 600) * MINUTE;
    for (let b = 0; b < perMachine; b++) {
      const startsAt = at;
      const endsAt = startsAt + int(1, 3) * 60 * MINUTE;
      upsertBooking(world.snapshot, {
        bookingId: `booking-${n++}`,
        machineId,
        memberId: `member-${int(0, MEMBERS - 1)}`,
        startsAt,
        endsAt,
        claimedAt: chance(0.7) ? startsAt + int(0, 10) * MINUTE : null,
      });
      at = endsAt + int(0, 24 * 60) * MINUTE;
    }
  }
}

/** Taps as a lab sees them: mostly trained members at their machines, plus strangers, blocked cards, tap-outs. */
function buildRequests(world: World): AccessRequest[] {
  const requests: AccessRequest[] = [];
  while (requests.length < REQUESTS) {
    const roll = random();
    if (roll < 0.6) {
      const tap = pick(world.trainedTaps);
      const machines = world.machinesByType.get(pick(tap.machineTypeIds)) ?? world.machineIds;
      requests.push({ uidHash: tap.uidHash, machineId: pick(machines) });
    } else if (roll < 0.9) {
      requests.push({ uidHash: pick(world.allUidHashes), machineId: pick(world.machineIds) });
    } else if (roll < 0.95) {
      requests.push(pick(world.sessionTaps));
    } else if (roll < 0.99) {
      requests.push({ uidHash: `unknown-${int(0, 1e9)}`, machineId: pick(world.machineIds) });
    } else {
      requests.push({ uidHash: pick(world.allUidHashes), machineId: 'machine-unbound' });
    }
  }
  return requests;
}

const MASK = REQUESTS - 1;

/** Decisions over the requests, the clock advancing 1 ms per tap (≈ an hour of lab time per 3.6 M taps). */
function decideLoop(
  snapshot: PolicySnapshot,
  requests: readonly AccessRequest[],
  count: number,
  from: number,
): number {
  let sink = 0;
  for (let i = 0; i < count; i++) {
    sink += decide(snapshot, requests[i & MASK], from + i).outcome.length;
  }
  return sink;
}

function baselineLoop(snapshot: PolicySnapshot, requests: readonly AccessRequest[], count: number): number {
  const cards = snapshot.cards;
  const machines = snapshot.machines;
  let sink = 0;
  for (let i = 0; i < count; i++) {
    const request = requests[i & MASK];
    if (cards.get(request.uidHash) !== undefined) sink += 1;
    if (machines.get(request.machineId) !== undefined) sink += 2;
  }
  return sink;
}

interface Rates {
  decisionsPerSecond: number;
  lookupsPerSecond: number;
  decisions: number;
  timedNs: bigint;
}

/**
 * Alternates short rounds of decide() and of the baseline until decide() has run for MIN_TIMED_NS, and takes
 * the median round of each: other processes on the machine then slow both sides alike, which keeps the ratio
 * steady even when the absolute figures are not.
 */
function measure(snapshot: PolicySnapshot, requests: readonly AccessRequest[]): Rates {
  const chunk = REQUESTS * 2;
  const decideRates: number[] = [];
  const lookupRates: number[] = [];
  let timedNs = 0n;
  let decisions = 0;
  let sink = 0;
  for (let round = 0; timedNs < MIN_TIMED_NS; round++) {
    let start = process.hrtime.bigint();
    sink += decideLoop(snapshot, requests, chunk, START + round * chunk);
    const decideNs = process.hrtime.bigint() - start;
    start = process.hrtime.bigint();
    sink += baselineLoop(snapshot, requests, chunk);
    const lookupNs = process.hrtime.bigint() - start;
    timedNs += decideNs;
    decisions += chunk;
    decideRates.push(chunk / (Number(decideNs) / 1e9));
    lookupRates.push(chunk / (Number(lookupNs) / 1e9));
  }
  if (sink === -1) console.log('unreachable'); // keeps the work observable
  return {
    decisionsPerSecond: median(decideRates),
    lookupsPerSecond: median(lookupRates),
    decisions,
    timedNs,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Copies of the requests whose strings are new objects, as a UID hash arriving from a reader would be. */
function freshStrings(requests: readonly AccessRequest[]): AccessRequest[] {
  return requests.map((r) => ({
    uidHash: Buffer.from(r.uidHash).toString(),
    machineId: Buffer.from(r.machineId).toString(),
  }));
}

function describeMix(snapshot: PolicySnapshot, requests: readonly AccessRequest[]): void {
  const mix = new Map<string, number>();
  for (let i = 0; i < REQUESTS; i++) {
    const decision = decide(snapshot, requests[i], START + i);
    const key = decision.outcome === 'denied' ? `denied:${decision.reason}` : decision.outcome;
    mix.set(key, (mix.get(key) ?? 0) + 1);
  }
  for (const [key, n] of [...mix].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${key.padEnd(34)} ${((100 * n) / REQUESTS).toFixed(1).padStart(5)} %`);
  }
}

function main(): void {
  const buildStart = process.hrtime.bigint();
  const world = buildWorld();
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const internedRequests = buildRequests(world);
  // Taps arrive as new strings, so the main figures use copies; the interned set is printed for comparison.
  const requests = freshStrings(internedRequests);
  // The same world with bookings: built again from the same seed, so members, machines and requests match.
  const booked = buildWorld();
  addBookings(booked);
  const { snapshot } = world;

  console.log(`node ${process.version}, ${process.arch}`);
  console.log(
    `snapshot: ${snapshot.members.size} members, ${snapshot.cards.size} cards, ${snapshot.machines.size} machines, ` +
      `${snapshot.sites.size} sites, ${snapshot.activeSessions.size} running sessions (built in ${buildMs.toFixed(0)} ms)`,
  );
  console.log(`request mix over ${REQUESTS} pre-generated taps:`);
  describeMix(snapshot, requests);
  console.log(`request mix with ${booked.snapshot.bookings.size} bookings loaded:`);
  describeMix(booked.snapshot, requests);

  // Warm-up, so every loop runs optimised code (over both snapshots, as in a server that has bookings).
  decideLoop(snapshot, requests, REQUESTS * 16, START);
  decideLoop(booked.snapshot, requests, REQUESTS * 16, START);
  baselineLoop(snapshot, requests, REQUESTS * 16);

  const rates = measure(snapshot, requests);
  const withBookings = measure(booked.snapshot, requests);
  const interned = measure(snapshot, internedRequests);

  console.log(
    `decide():  ${rates.decisions} decisions in ${(Number(rates.timedNs) / 1e9).toFixed(2)} s, median round ` +
      `${Math.round(rates.decisionsPerSecond)} /s (${(1e9 / rates.decisionsPerSecond).toFixed(0)} ns each)`,
  );
  console.log(
    `baseline:  card + machine Map.get over the same requests, median round ${Math.round(rates.lookupsPerSecond)} /s ` +
      `(${(1e9 / rates.lookupsPerSecond).toFixed(0)} ns each)`,
  );
  console.log(
    `bookings:  with ${booked.snapshot.bookings.size} bookings, median round ` +
      `${Math.round(withBookings.decisionsPerSecond)} /s (${(1e9 / withBookings.decisionsPerSecond).toFixed(0)} ns each), ` +
      `ratio to its own baseline round ${(withBookings.decisionsPerSecond / withBookings.lookupsPerSecond).toFixed(3)}`,
  );
  console.log(
    `info:      with the snapshot's own key strings as request ids (no hashing, identity compares): ` +
      `${Math.round(interned.decisionsPerSecond)} decisions/s, ${Math.round(interned.lookupsPerSecond)} lookups/s`,
  );
  console.log(
    `RESULT decisions_per_s=${Math.round(rates.decisionsPerSecond)} ` +
      `baseline_lookups_per_s=${Math.round(rates.lookupsPerSecond)} ` +
      `ratio=${(rates.decisionsPerSecond / rates.lookupsPerSecond).toFixed(3)} ` +
      `bookings=${booked.snapshot.bookings.size} ` +
      `decisions_per_s_with_bookings=${Math.round(withBookings.decisionsPerSecond)} ` +
      `ratio_with_bookings=${(withBookings.decisionsPerSecond / withBookings.lookupsPerSecond).toFixed(3)}`,
  );
}

main();
