import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import { ID_PATTERN, readObject, type FieldReader } from '../field.util';
import { field, isJsonObject, type JsonObject, type Parsed } from '../payload.util';
import { isWerkbankDeviceId } from './werkbank-topics';
import type {
  AllowlistBody,
  AllowlistBooking,
  AllowlistCard,
  AllowlistDeltaBody,
  AllowlistFullBody,
  AllowlistGrant,
  AllowlistHead,
  AllowlistMachine,
  AllowlistMember,
  AllowlistOpeningWindow,
  AllowlistQualification,
  AllowlistRevokedGrant,
  AllowlistSite,
} from './werkbank-allowlist.types';

/**
 * Field-by-field validation of allowlist v2 bodies (after the signature has been checked) and their encoders
 * with a fixed key order. Errors name the path, e.g. `members.3.grants.0.level: must be one of …`.
 */

/** The server publishes a full list instead once a delta would exceed 200 items; this is the hard ceiling. */
export const MAX_DELTA_ITEMS = 2000;
/** Windows per site: a week of split shifts. */
const MAX_OPENING_WINDOWS = 64;
const MAX_SMALL_LIST = 256;

const OFFLINE_HASH = /^[0-9a-f]{64}$/;
const CLOCK_TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;
const ID_RULE = 'must be 1-64 characters of A-Z a-z 0-9 . _ : -';
const MACHINE_STATES: readonly MachineState[] = Object.values(MachineState);
const MEMBER_STATUSES: readonly MemberStatus[] = Object.values(MemberStatus);
const LEVELS: readonly QualificationLevel[] = Object.values(QualificationLevel);

/** Collects the first problem of an item's nested lists, so the error keeps its whole path. */
class NestedLists {
  problem: string | null = null;

  constructor(private readonly raw: JsonObject) {}

  list<T>(name: string, max: number, read: ItemReader<T>): T[] {
    const list = readList(this.raw, name, max, read);
    if (list.ok) return list.value;
    this.problem ??= list.error;
    return [];
  }

  ids(name: string, max: number): string[] {
    const list = readStrings(this.raw, name, max, ID_PATTERN, ID_RULE);
    if (list.ok) return list.value;
    this.problem ??= list.error;
    return [];
  }
}

type ItemReader<T> = (r: FieldReader, nested: NestedLists) => T;

/** An array of objects under `name`, each read by `read`; errors carry `name.<index>.`. */
function readList<T>(obj: JsonObject, name: string, max: number, read: ItemReader<T>): Parsed<T[]> {
  const raw = field(obj, name);
  if (!Array.isArray(raw)) return { ok: false, error: `${name}: must be an array` };
  if (raw.length > max) return { ok: false, error: `${name}: must have at most ${max} items` };
  const out: T[] = [];
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (!isJsonObject(item)) return { ok: false, error: `${name}.${i}: must be an object` };
    const nested = new NestedLists(item);
    const parsed = readObject(item, (r) => read(r, nested));
    if (!parsed.ok) return { ok: false, error: `${name}.${i}.${parsed.error}` };
    if (nested.problem !== null) return { ok: false, error: `${name}.${i}.${nested.problem}` };
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** An array of strings matching `pattern`. */
function readStrings(
  obj: JsonObject,
  name: string,
  max: number,
  pattern: RegExp,
  rule: string,
): Parsed<string[]> {
  const raw = field(obj, name);
  if (!Array.isArray(raw)) return { ok: false, error: `${name}: must be an array` };
  if (raw.length > max) return { ok: false, error: `${name}: must have at most ${max} items` };
  for (let i = 0; i < raw.length; i++) {
    const item: unknown = raw[i];
    if (typeof item !== 'string' || !pattern.test(item)) return { ok: false, error: `${name}.${i}: ${rule}` };
  }
  return { ok: true, value: raw as string[] };
}

function nullableInteger(r: FieldReader, name: string, min: number, max: number): number | null {
  const value = r.optionalNumber(name, min, max);
  if (value === null || Number.isInteger(value)) return value;
  return r.custom(name, (_: unknown): _ is number => false, `must be an integer from ${min} to ${max}`);
}

const readWindow: ItemReader<AllowlistOpeningWindow> = (r) => ({
  weekday: r.custom(
    'weekday',
    (x): x is number => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 7,
    'must be an integer 1-7 (Monday-Sunday)',
  ),
  opens: r.string('opens', CLOCK_TIME, 'must be HH:MM before 24:00'),
  closes: r.string('closes', CLOCK_TIME, 'must be HH:MM, at most 24:00'),
});

const readSite: ItemReader<AllowlistSite> = (r, nested) => ({
  siteId: r.id('siteId'),
  timezone: r.string('timezone', TIME_ZONE, 'must be an IANA time zone name'),
  openingHours: nested.list('openingHours', MAX_OPENING_WINDOWS, readWindow),
});

const readQualification: ItemReader<AllowlistQualification> = (r, nested) => ({
  qualificationId: r.id('qualificationId'),
  machineTypeId: r.id('machineTypeId'),
  prerequisiteIds: nested.ids('prerequisiteIds', MAX_SMALL_LIST),
});

const readBooking: ItemReader<AllowlistBooking> = (r) => {
  const booking = {
    bookingId: r.id('bookingId'),
    memberKey: r.id('memberKey'),
    startsAt: r.timestamp('startsAt'),
    endsAt: r.timestamp('endsAt'),
    claimedAt: r.optionalTimestamp('claimedAt'),
  };
  if (r.problem === null && !(Date.parse(booking.endsAt) > Date.parse(booking.startsAt))) {
    r.custom('endsAt', (_: unknown): _ is string => false, 'must be after startsAt');
  }
  return booking;
};

const readMachine: ItemReader<AllowlistMachine> = (r, nested) => ({
  machineId: r.id('machineId'),
  siteId: r.id('siteId'),
  machineTypeId: r.id('machineTypeId'),
  state: r.oneOf('state', MACHINE_STATES),
  needsSupervision: r.boolean('needsSupervision'),
  minimumAge: nullableInteger(r, 'minimumAge', 0, 150),
  maxSessionMinutes: nullableInteger(r, 'maxSessionMinutes', 1, 525_600),
  allowTakeover: r.boolean('allowTakeover'),
  bookings: nested.list('bookings', 10_000, readBooking),
});

const readGrant: ItemReader<AllowlistGrant> = (r) => ({
  qualificationId: r.id('qualificationId'),
  level: r.oneOf('level', LEVELS),
  expiresAt: r.optionalTimestamp('expiresAt'),
});

const readMember: ItemReader<AllowlistMember> = (r, nested) => ({
  memberKey: r.id('memberKey'),
  status: r.oneOf('status', MEMBER_STATUSES),
  guestValidFrom: r.optionalTimestamp('guestValidFrom'),
  guestValidUntil: r.optionalTimestamp('guestValidUntil'),
  isMinor: r.boolean('isMinor'),
  guardianConsent: r.boolean('guardianConsent'),
  birthDate: r.optionalString('birthDate', ISO_DATE, 'must be a date YYYY-MM-DD'),
  grants: nested.list('grants', MAX_SMALL_LIST, readGrant),
});

const readCard: ItemReader<AllowlistCard> = (r) => ({
  offlineHash: r.string('offlineHash', OFFLINE_HASH, 'must be 64 lowercase hex digits'),
  memberKey: r.id('memberKey'),
  blocked: r.boolean('blocked'),
});

const readRevokedGrant: ItemReader<AllowlistRevokedGrant> = (r) => ({
  memberKey: r.id('memberKey'),
  qualificationId: r.id('qualificationId'),
});

function readHead(obj: JsonObject): Parsed<AllowlistHead> {
  const head = readObject(obj, (r) => ({
    bridgeId: r.custom('bridgeId', isWerkbankDeviceId, 'must be a device id'),
    version: r.counter('version'),
    issuedAt: r.timestamp('issuedAt'),
    expiresAt: r.timestamp('expiresAt'),
  }));
  if (head.ok && Date.parse(head.value.expiresAt) <= Date.parse(head.value.issuedAt)) {
    return { ok: false, error: 'expiresAt: must be after issuedAt' };
  }
  return head;
}

/** The first key that occurs twice in `items`, as an error naming the list; null when all are unique. */
function duplicate<T>(list: string, items: readonly T[], key: (item: T) => string): string | null {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const k = key(items[i]);
    if (seen.has(k)) return `${list}.${i}: duplicate ${JSON.stringify(k)}`;
    seen.add(k);
  }
  return null;
}

function decodeFull(obj: JsonObject, head: AllowlistHead): Parsed<AllowlistFullBody> {
  const sites = readList(obj, 'sites', MAX_SMALL_LIST, readSite);
  if (!sites.ok) return sites;
  const qualifications = readList(obj, 'qualifications', 10_000, readQualification);
  if (!qualifications.ok) return qualifications;
  const machines = readList(obj, 'machines', 10_000, readMachine);
  if (!machines.ok) return machines;
  const members = readList(obj, 'members', 1_000_000, readMember);
  if (!members.ok) return members;
  const cards = readList(obj, 'cards', 1_000_000, readCard);
  if (!cards.ok) return cards;
  const problem =
    duplicate('sites', sites.value, (s) => s.siteId) ??
    duplicate('qualifications', qualifications.value, (q) => q.qualificationId) ??
    duplicate('machines', machines.value, (m) => m.machineId) ??
    duplicate('members', members.value, (m) => m.memberKey) ??
    duplicate('cards', cards.value, (c) => c.offlineHash);
  if (problem !== null) return { ok: false, error: problem };
  const siteIds = new Set(sites.value.map((s) => s.siteId));
  const badMachine = machines.value.findIndex((m) => !siteIds.has(m.siteId));
  if (badMachine >= 0) return { ok: false, error: `machines.${badMachine}.siteId: not in sites` };
  const memberKeys = new Set(members.value.map((m) => m.memberKey));
  const badCard = cards.value.findIndex((c) => !memberKeys.has(c.memberKey));
  if (badCard >= 0) return { ok: false, error: `cards.${badCard}.memberKey: not in members` };
  return {
    ok: true,
    value: {
      kind: 'full',
      ...head,
      sites: sites.value,
      qualifications: qualifications.value,
      machines: machines.value,
      members: members.value,
      cards: cards.value,
    },
  };
}

function decodeDelta(obj: JsonObject, head: AllowlistHead): Parsed<AllowlistDeltaBody> {
  const base = readObject(obj, (r) => ({ baseVersion: r.counter('baseVersion') }));
  if (!base.ok) return base;
  if (base.value.baseVersion >= head.version) {
    return { ok: false, error: 'baseVersion: must be less than version' };
  }
  const revokedCards = readStrings(
    obj,
    'revokedCards',
    MAX_DELTA_ITEMS,
    OFFLINE_HASH,
    'must be 64 lowercase hex digits',
  );
  if (!revokedCards.ok) return revokedCards;
  const suspendedMembers = readStrings(obj, 'suspendedMembers', MAX_DELTA_ITEMS, ID_PATTERN, ID_RULE);
  if (!suspendedMembers.ok) return suspendedMembers;
  const machinesOutOfService = readStrings(obj, 'machinesOutOfService', MAX_DELTA_ITEMS, ID_PATTERN, ID_RULE);
  if (!machinesOutOfService.ok) return machinesOutOfService;
  const revokedGrants = readList(obj, 'revokedGrants', MAX_DELTA_ITEMS, readRevokedGrant);
  if (!revokedGrants.ok) return revokedGrants;
  return {
    ok: true,
    value: {
      kind: 'delta',
      ...head,
      baseVersion: base.value.baseVersion,
      revokedCards: revokedCards.value,
      suspendedMembers: suspendedMembers.value,
      machinesOutOfService: machinesOutOfService.value,
      revokedGrants: revokedGrants.value,
    },
  };
}

/** Validates a parsed body object (full or delta, by `kind`). */
export function readAllowlistBody(obj: JsonObject): Parsed<AllowlistBody> {
  const kind = field(obj, 'kind');
  if (kind !== 'full' && kind !== 'delta') {
    return { ok: false, error: `kind: must be one of full, delta` };
  }
  const head = readHead(obj);
  if (!head.ok) return head;
  return kind === 'full' ? decodeFull(obj, head.value) : decodeDelta(obj, head.value);
}

// ---- encoders: fixed key order, unknown properties of the input dropped ----

function encodeHead(b: AllowlistHead): AllowlistHead {
  return { bridgeId: b.bridgeId, version: b.version, issuedAt: b.issuedAt, expiresAt: b.expiresAt };
}

export function allowlistFullJson(b: AllowlistFullBody): object {
  return {
    kind: 'full',
    ...encodeHead(b),
    sites: b.sites.map((s) => ({
      siteId: s.siteId,
      timezone: s.timezone,
      openingHours: s.openingHours.map((w) => ({ weekday: w.weekday, opens: w.opens, closes: w.closes })),
    })),
    qualifications: b.qualifications.map((q) => ({
      qualificationId: q.qualificationId,
      machineTypeId: q.machineTypeId,
      prerequisiteIds: [...q.prerequisiteIds],
    })),
    machines: b.machines.map((m) => ({
      machineId: m.machineId,
      siteId: m.siteId,
      machineTypeId: m.machineTypeId,
      state: m.state,
      needsSupervision: m.needsSupervision,
      minimumAge: m.minimumAge,
      maxSessionMinutes: m.maxSessionMinutes,
      allowTakeover: m.allowTakeover,
      bookings: m.bookings.map((k) => ({
        bookingId: k.bookingId,
        memberKey: k.memberKey,
        startsAt: k.startsAt,
        endsAt: k.endsAt,
        claimedAt: k.claimedAt,
      })),
    })),
    members: b.members.map((m) => ({
      memberKey: m.memberKey,
      status: m.status,
      guestValidFrom: m.guestValidFrom,
      guestValidUntil: m.guestValidUntil,
      isMinor: m.isMinor,
      guardianConsent: m.guardianConsent,
      birthDate: m.birthDate,
      grants: m.grants.map((g) => ({
        qualificationId: g.qualificationId,
        level: g.level,
        expiresAt: g.expiresAt,
      })),
    })),
    cards: b.cards.map((c) => ({ offlineHash: c.offlineHash, memberKey: c.memberKey, blocked: c.blocked })),
  };
}

export function allowlistDeltaJson(b: AllowlistDeltaBody): object {
  return {
    kind: 'delta',
    ...encodeHead(b),
    baseVersion: b.baseVersion,
    revokedCards: [...b.revokedCards],
    suspendedMembers: [...b.suspendedMembers],
    machinesOutOfService: [...b.machinesOutOfService],
    revokedGrants: b.revokedGrants.map((g) => ({
      memberKey: g.memberKey,
      qualificationId: g.qualificationId,
    })),
  };
}
