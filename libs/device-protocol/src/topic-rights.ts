import { topicMatchesFilter } from './topic.util';

/**
 * What one device may do on the broker, in MQTT filter syntax (3.1.1 §4.7): the topics it may publish to and
 * the filters it may subscribe to. Each family derives them at fixed topic positions from the device's
 * address (never by searching for the address inside a topic), so a device named `tele`, `cmnd` or `v1`
 * gets its own topics and nothing more.
 */
export interface TopicRights {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/** Whether every topic `inner` matches is also matched by `outer` (a subscription inside a granted filter). */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const n = inner.split('/');
  for (let i = 0; i < o.length; i++) {
    if (o[i] === '#') return true;
    if (i >= n.length) return false;
    if (n[i] === '#') return false;
    if (o[i] === '+') continue;
    if (n[i] === '+' || n[i] !== o[i]) return false;
  }
  return o.length === n.length;
}

/** Whether some topic matches both filters: two devices with such rights could read or forge each other. */
export function filtersIntersect(a: string, b: string): boolean {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; ; i++) {
    const p = x[i];
    const q = y[i];
    if (p === '#' || q === '#') return true;
    if (p === undefined || q === undefined) return p === q;
    if (p !== '+' && q !== '+' && p !== q) return false;
  }
}

export function mayPublish(rights: TopicRights, topic: string): boolean {
  return rights.publish.some((filter) => topicMatchesFilter(filter, topic));
}

export function maySubscribe(rights: TopicRights, filter: string): boolean {
  return rights.subscribe.some((granted) => filterCovers(granted, filter));
}

/** The first pair of filters two devices share, or null when their topic spaces are apart. */
export function rightsOverlap(a: TopicRights, b: TopicRights): [string, string] | null {
  const left = [...a.publish, ...a.subscribe];
  const right = [...b.publish, ...b.subscribe];
  for (const x of left) for (const y of right) if (filtersIntersect(x, y)) return [x, y];
  return null;
}
