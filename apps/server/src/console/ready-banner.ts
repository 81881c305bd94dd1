/**
 * What a person needs after `npm start`: where Werkbank answers and, on the first start, how to log in. Printed
 * as the console's last lines, in a frame, so it is found without scrolling through the log above it.
 */
export interface ReadyFacts {
  url: string;
  /** The embedded broker's listeners (empty with an external broker). */
  brokerListeners: string[];
  /** How the first admin logs in, when this start created the account; else null. */
  firstLogin: string | null;
  /** Set when ADMIN_PASSWORD was given but the database already had staff accounts. */
  adminPasswordIgnored: string | null;
}

export function readyLines(facts: ReadyFacts): string[] {
  const lines = [`Werkbank is running: ${facts.url}`, `API ${facts.url}/api, docs ${facts.url}/api/docs`];
  if (facts.brokerListeners.length > 0)
    lines.push(`Devices connect to the MQTT broker on ${facts.brokerListeners.join(' and ')}`);
  if (facts.adminPasswordIgnored !== null) lines.push(facts.adminPasswordIgnored);
  // Last, where the eye lands: the one line that is shown only once.
  if (facts.firstLogin !== null) lines.push(`First start: ${facts.firstLogin}`);
  return lines;
}

/** The lines in a box of `─` and `│`; long lines are not wrapped (a password must stay on one line). */
export function framed(lines: string[]): string {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '─'.repeat(width + 2);
  const body = lines.map((line) => `│ ${line.padEnd(width)} │`);
  return [`┌${rule}┐`, ...body, `└${rule}┘`].join('\n');
}
