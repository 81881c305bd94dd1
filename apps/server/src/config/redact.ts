/**
 * Variables whose values are never echoed in an error message or a log line: a typo in a secret must not put
 * the secret into the journal of the process manager.
 */
const SECRET_VARIABLES = new Set(['CARD_HASH_SECRET', 'BRIDGE_CARD_KEY', 'ADMIN_PASSWORD', 'MQTT_PASSWORD']);
const URL_VARIABLES = new Set(['DATABASE_URL', 'MQTT_URL', 'SMTP_URL']);

/** A URL with its password replaced by `***` (for logs and errors); unparseable text is cut after the scheme. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1***@');
  }
}

export function shownValue(property: string, value: unknown): string {
  if (SECRET_VARIABLES.has(property) || /(SECRET|PASSWORD)/.test(property)) return '(value hidden)';
  if (URL_VARIABLES.has(property) && typeof value === 'string')
    return `(got ${JSON.stringify(redactUrl(value))})`;
  return `(got ${JSON.stringify(value)})`;
}
