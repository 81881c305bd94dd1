import { decoded, rejected, type DecodeResult } from '../device-event';
import { payloadText, type Payload } from '../payload.util';
import { isTopicPart } from '../topic.util';
import type { TopicRights } from '../topic-rights';

/**
 * Pieces shared by the Tasmota reader and relay adapters. Assumes the default FullTopic `%prefix%/%topic%/`
 * (⚠ a custom FullTopic is not supported).
 */

export type TasmotaPrefix = 'cmnd' | 'stat' | 'tele';

export function tasmotaTopic(prefix: TasmotaPrefix, topic: string, command: string): string {
  return `${prefix}/${topic}/${command}`;
}

export interface TasmotaTopicMatch {
  prefix: TasmotaPrefix;
  address: string;
  suffix: string;
}

/** Splits `<prefix>/<topic>/<suffix>`; `%topic%` may contain `/`. Null for other shapes. */
export function matchTasmotaTopic(
  topic: string,
  accept: (prefix: string, suffix: string) => boolean,
): TasmotaTopicMatch | null {
  const firstSlash = topic.indexOf('/');
  const lastSlash = topic.lastIndexOf('/');
  if (firstSlash < 0 || lastSlash <= firstSlash + 1) return null;
  const prefix = topic.slice(0, firstSlash);
  const suffix = topic.slice(lastSlash + 1);
  if (prefix !== 'cmnd' && prefix !== 'stat' && prefix !== 'tele') return null;
  if (!accept(prefix, suffix)) return null;
  return { prefix, address: topic.slice(firstSlash + 1, lastSlash), suffix };
}

/**
 * A Tasmota device publishes `tele/<t>/…` and `stat/<t>/…` and listens on `cmnd/<t>/…` (default FullTopic);
 * `<t>` sits at the second level whatever it is called, so a device named `tele` or `cmnd` gets
 * `tele/tele/#`, never `tele/#`. Its group topic (`cmnd/tasmotas/#`) is not granted: the server never uses it.
 */
export function tasmotaTopicRights(address: string): TopicRights {
  return { publish: [`tele/${address}/#`, `stat/${address}/#`], subscribe: [`cmnd/${address}/#`] };
}

export const TASMOTA_NAMESPACES = ['tele/#', 'stat/#', 'cmnd/#'];

export function validateTasmotaTopic(address: string): string[] {
  return isTopicPart(address) ? [] : ['address must be a Tasmota topic without wildcards or empty levels'];
}

/** `tele/<topic>/LWT`: `Online` / `Offline` (retained; key availability on the payload, not the retain flag). */
export function decodeTasmotaLwt(payload: Payload): DecodeResult {
  const text = payloadText(payload, 64);
  if (!text.ok) return text;
  const value = text.value.trim().toLowerCase();
  if (value === 'online') return decoded({ kind: 'availability', online: true });
  if (value === 'offline') return decoded({ kind: 'availability', online: false });
  return rejected('LWT payload is not Online or Offline');
}

/** A POWER state text; Tasmota's default StateText is ON/OFF (⚠ StateText can be changed on the device). */
export function parseTasmotaPowerState(value: unknown): boolean | null {
  if (typeof value !== 'string') return null;
  switch (value.trim().toUpperCase()) {
    case 'ON':
    case '1':
    case 'TRUE':
      return true;
    case 'OFF':
    case '0':
    case 'FALSE':
      return false;
    default:
      return null;
  }
}
