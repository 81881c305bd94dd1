import { isTopicPart } from '../topic.util';

/**
 * Topic scheme of the own protocol: `<prefix>/v1/<deviceId>/<channel>`. See docs/protocol.md.
 */

export const DEFAULT_WERKBANK_PREFIX = 'werkbank';
export const WERKBANK_PROTOCOL_VERSION = 'v1';

/** Published by the device. */
export const DEVICE_CHANNELS = ['status', 'state', 'evt/card', 'evt/usage', 'health'] as const;
/** Published by the server. */
export const SERVER_CHANNELS = [
  'cmd/feedback',
  'cmd/actuator',
  'cmd/query',
  'cmd/ack',
  'allowlist',
  'allowlist/delta',
] as const;

export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
export type ServerChannel = (typeof SERVER_CHANNELS)[number];
export type WerkbankChannel = DeviceChannel | ServerChannel;

const ALL_CHANNELS: readonly string[] = [...DEVICE_CHANNELS, ...SERVER_CHANNELS];

/** Device ids double as topic levels and MQTT usernames. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isWerkbankDeviceId(value: unknown): value is string {
  return typeof value === 'string' && DEVICE_ID_PATTERN.test(value);
}

export function isWerkbankPrefix(value: unknown): value is string {
  return isTopicPart(value) && !(value as string).startsWith('$');
}

export function werkbankTopic(prefix: string, deviceId: string, channel: WerkbankChannel): string {
  return `${prefix}/${WERKBANK_PROTOCOL_VERSION}/${deviceId}/${channel}`;
}

/** Splits an own-protocol topic; null when it is not one (wrong prefix, version, id or channel). */
export function parseWerkbankTopic(
  prefix: string,
  topic: string,
): { deviceId: string; channel: WerkbankChannel } | null {
  const head = `${prefix}/${WERKBANK_PROTOCOL_VERSION}/`;
  if (!topic.startsWith(head)) return null;
  const rest = topic.slice(head.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  const deviceId = rest.slice(0, slash);
  const channel = rest.slice(slash + 1);
  if (!ALL_CHANNELS.includes(channel) || !isWerkbankDeviceId(deviceId)) return null;
  return { deviceId, channel: channel as WerkbankChannel };
}

/**
 * What the broker lets a device do: publish its own events and heartbeat, subscribe to its own commands and
 * allowlists (full and delta). Nothing of another device: a bridge reads no other bridge's list.
 */
export function werkbankDeviceAcl(
  prefix: string,
  deviceId: string,
): { publish: string[]; subscribe: string[] } {
  const base = `${prefix}/${WERKBANK_PROTOCOL_VERSION}/${deviceId}`;
  return {
    publish: [`${base}/status`, `${base}/state`, `${base}/evt/card`, `${base}/evt/usage`, `${base}/health`],
    subscribe: [`${base}/cmd/#`, `${base}/allowlist`, `${base}/allowlist/delta`],
  };
}
