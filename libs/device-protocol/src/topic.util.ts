/** MQTT topic helpers (MQTT 3.1.1 §4.7). */

/**
 * One level of a topic built from configuration (a device address, a prefix, a command name). A closed
 * alphabet rather than "no wildcards": an address also ends up in broker ACL files, usernames and log lines,
 * where a newline, a space, `$` or `%` would mean something. Vendors' default ids all fit (`tasmota_1A2B3C`,
 * `shellyplus1pm-a8032abe2f18`, `octoPrint`, ESPHome node names, host names).
 */
const SAFE_LEVEL = /^[A-Za-z0-9_.-]{1,64}$/;

/** A topic or a fixed part of one: levels of the safe alphabet, no wildcards, no empty levels. */
export function isTopicPart(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= 256 &&
    value.split('/').every((level) => SAFE_LEVEL.test(level))
  );
}

/** A single topic level (no `/`). */
export function isTopicLevel(value: unknown): value is string {
  return isTopicPart(value) && !value.includes('/');
}

/**
 * `topic` = `<head>/<middle>/<tail>`: returns middle (which may itself contain `/`), or null.
 * Lets adapters accept addresses with slashes while subscribing single-level wildcards for the usual case.
 */
export function middleOf(topic: string, head: string, tail: string): string | null {
  const start = head === '' ? 0 : head.length + 1;
  const end = topic.length - tail.length - 1;
  if (end <= start) return null;
  if (head !== '' && !(topic.startsWith(head) && topic.charCodeAt(head.length) === 47)) return null;
  if (!(topic.endsWith(tail) && topic.charCodeAt(end) === 47)) return null;
  return topic.slice(start, end);
}

/** Does `topic` match the subscription `filter` (`+` one level, `#` the rest including the parent)? */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
