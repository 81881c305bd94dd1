import { ID_PATTERN, readObject } from '../field.util';
import { field, isJsonObject, parseJsonObject, type Parsed, type Payload } from '../payload.util';

/**
 * Bridge-only messages of the own protocol (docs/protocol.md section 2): the health heartbeat the bridge
 * publishes every 20 s, and the server's acknowledgement of stored `evt/usage` records.
 */

// ---- health (bridge → server, QoS 0, not retained) ----

export const MAX_HEALTH_PORTS = 32;
export const MAX_ACK_IDS = 500;

export interface HealthPort {
  /** The reader's or output's id in bridge.yml. */
  id: string;
  /** Device path, e.g. /dev/serial0. */
  path: string;
  /** What the supervisor knows: open, closed, reopening, … (1-64 id characters). */
  state: string;
}

export interface HealthAllowlist {
  version: number;
  issuedAt: string;
  expiresAt: string;
  /** The delta on top of the full list, if any. */
  deltaVersion: number | null;
}

export interface HealthMessage {
  at: string;
  /** The bridge's package version. */
  version: string;
  uptimeS: number;
  /** Usage records on disk not yet acknowledged by the server. */
  queueLength: number;
  allowlist: HealthAllowlist | null;
  ports: HealthPort[];
}

const PATH = /^[\x21-\x7e]{1,256}$/;
const VERSION = /^[0-9A-Za-z.+-]{1,32}$/;

export function encodeHealthMessage(m: HealthMessage): string {
  return JSON.stringify({
    at: m.at,
    version: m.version,
    uptimeS: m.uptimeS,
    queueLength: m.queueLength,
    allowlist:
      m.allowlist === null
        ? null
        : {
            version: m.allowlist.version,
            issuedAt: m.allowlist.issuedAt,
            expiresAt: m.allowlist.expiresAt,
            deltaVersion: m.allowlist.deltaVersion,
          },
    ports: m.ports.map((p) => ({ id: p.id, path: p.path, state: p.state })),
  });
}

export function decodeHealthMessage(payload: Payload): Parsed<HealthMessage> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const head = readObject(parsed.value, (r) => ({
    at: r.timestamp('at'),
    version: r.string('version', VERSION, 'must be 1-32 characters of 0-9 A-Z a-z . + -'),
    uptimeS: r.counter('uptimeS'),
    queueLength: r.counter('queueLength'),
  }));
  if (!head.ok) return head;
  const rawAllowlist = field(parsed.value, 'allowlist');
  let allowlist: HealthAllowlist | null = null;
  if (rawAllowlist !== null && rawAllowlist !== undefined) {
    const read = readObject(rawAllowlist, (r) => ({
      version: r.counter('version'),
      issuedAt: r.timestamp('issuedAt'),
      expiresAt: r.timestamp('expiresAt'),
      deltaVersion: r.optionalCounter('deltaVersion'),
    }));
    if (!read.ok) return { ok: false, error: `allowlist.${read.error}` };
    allowlist = read.value;
  }
  const rawPorts = field(parsed.value, 'ports');
  if (!Array.isArray(rawPorts) || rawPorts.length > MAX_HEALTH_PORTS) {
    return { ok: false, error: `ports: must be an array of at most ${MAX_HEALTH_PORTS} items` };
  }
  const ports: HealthPort[] = [];
  for (let i = 0; i < rawPorts.length; i++) {
    const raw: unknown = rawPorts[i];
    if (!isJsonObject(raw)) return { ok: false, error: `ports.${i}: must be an object` };
    const port = readObject(raw, (r) => ({
      id: r.id('id'),
      path: r.string('path', PATH, 'must be 1-256 printable ASCII characters'),
      state: r.id('state'),
    }));
    if (!port.ok) return { ok: false, error: `ports.${i}.${port.error}` };
    ports.push(port.value);
  }
  return { ok: true, value: { ...head.value, allowlist, ports } };
}

// ---- cmd/ack (server → bridge, QoS 1, not retained) ----

/**
 * The server stored (or had already stored) these `evt/usage` records; the bridge may drop them from its queue.
 * A PUBACK only says the broker took a message, not that the server stored it (see docs/protocol.md).
 */
export interface UsageAck {
  msgIds: string[];
}

export function encodeUsageAck(a: UsageAck): string {
  return JSON.stringify({ msgIds: a.msgIds.slice(0, MAX_ACK_IDS) });
}

export function decodeUsageAck(payload: Payload): Parsed<UsageAck> {
  const parsed = parseJsonObject(payload);
  if (!parsed.ok) return parsed;
  const raw = field(parsed.value, 'msgIds');
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_ACK_IDS) {
    return { ok: false, error: `msgIds: must be an array of 1-${MAX_ACK_IDS} ids` };
  }
  for (let i = 0; i < raw.length; i++) {
    const id: unknown = raw[i];
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      return { ok: false, error: `msgIds.${i}: must be 1-64 characters of A-Z a-z 0-9 . _ : -` };
    }
  }
  return { ok: true, value: { msgIds: [...(raw as string[])] } };
}
