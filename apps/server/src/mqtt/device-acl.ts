import type { DeviceAdapter, DeviceAddress } from '@werkbank/device-protocol';

/**
 * The topic space one device may use, derived from its adapter instead of a hand-kept list per family:
 * every topic the server listens to for the device, and every topic the server sends it commands on,
 * cut after the level that names the device (`tele/<t>/SENSOR` → `tele/<t>/`). A device may publish and
 * subscribe under those roots only; a topic that does not name the device is allowed exactly.
 */
export function deviceTopicRoots(adapter: DeviceAdapter, device: DeviceAddress): string[] {
  const topics = new Set<string>(adapter.subscriptions(device));
  const probes = [
    ...adapter.encodeActuator(device, true, { sessionId: null, issuedAt: null }),
    ...adapter.encodeFeedback(device, { result: 'denied', reason: null, text: '' }),
    ...adapter.encodeStateQuery(device),
  ];
  for (const p of probes) topics.add(p.topic);
  const addressLevels = device.address.split('/');
  const roots = new Set<string>();
  for (const topic of topics) {
    const levels = topic.split('/');
    const at = findSequence(levels, addressLevels);
    if (at >= 0) roots.add(`${levels.slice(0, at + addressLevels.length).join('/')}/`);
    else roots.add(topic);
  }
  return [...roots].sort();
}

function findSequence(levels: string[], seq: string[]): number {
  for (let i = 0; i + seq.length <= levels.length; i++) {
    if (seq.every((s, j) => levels[i + j] === s)) return i;
  }
  return -1;
}

/** Whether a topic or subscription filter stays inside the device's roots (wildcards only below a root). */
export function topicAllowed(roots: readonly string[], topic: string): boolean {
  for (const root of roots) {
    if (root.endsWith('/') ? topic.startsWith(root) : topic === root) return true;
  }
  return false;
}
