/** MQTT topic helpers (MQTT 3.1.1 §4.7). */

/** A topic or a fixed part of one: no wildcards, NUL or empty levels (legal in MQTT, but always a typo here). */
export function isTopicPart(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= 1024 &&
    !/[+#]/.test(value) &&
    !value.includes('\u0000') &&
    !value.startsWith('/') &&
    !value.endsWith('/') &&
    !value.includes('//')
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
