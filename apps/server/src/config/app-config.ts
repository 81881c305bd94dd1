import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './config-schema';
import { bridgeKeyProblems, isInside, tlsProblems } from './config-checks';
import { shownValue } from './redact';

// The schema, the cross-field checks and the redaction live in their own files; this one loads and validates.
export { AppConfig } from './config-schema';
export { redactUrl } from './redact';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** DATABASE_URL as the persistence lib's settings: `sqlite:<file>` or a PostgreSQL URL. */
export function databaseSettings(config: AppConfig) {
  const url = config.DATABASE_URL;
  return url.startsWith('postgres')
    ? { type: 'postgres' as const, location: url }
    : { type: 'sqlite' as const, location: url.replace(/^sqlite:/, '') };
}

/** Validate an environment; throws ConfigError listing every problem. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'MQTT_URL',
    'MQTT_USERNAME',
    'MQTT_PASSWORD',
    'CARD_HASH_SECRET',
    'CARD_HASH_SECRET_FILE',
    'BRIDGE_CARD_KEY',
    'BRIDGE_CARD_KEY_FILE',
    'ALLOWLIST_SIGNING_KEY_FILE',
    'DATABASE_URL',
    'ADMIN_PASSWORD',
    'DEMO_MODE',
    'MQTT_SHARE_GROUP',
    'MQTT_CLIENT_ID',
    'TLS_CERT_FILE',
    'TLS_KEY_FILE',
    'MQTT_TLS_PORT',
    'MQTT_TLS_CERT_FILE',
    'MQTT_TLS_KEY_FILE',
    'LOG_FORMAT',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map(
      (message) => `${e.property}: ${message} ${shownValue(e.property, e.value)}`,
    ),
  );
  if (!config.DATABASE_URL) config.DATABASE_URL = `sqlite:${join(config.DATA_DIR, 'werkbank.sqlite')}`;
  if (config.CARD_HASH_SECRET_FILE && !existsSync(config.CARD_HASH_SECRET_FILE))
    problems.push(`CARD_HASH_SECRET_FILE: no such file ${config.CARD_HASH_SECRET_FILE}`);
  if (config.CARD_HASH_SECRET && config.CARD_HASH_SECRET_FILE)
    problems.push('CARD_HASH_SECRET_FILE: set either CARD_HASH_SECRET or CARD_HASH_SECRET_FILE, not both');
  problems.push(...bridgeKeyProblems(config));
  if (config.MQTT_MODE === 'external' && !config.MQTT_URL)
    problems.push('MQTT_URL: required when MQTT_MODE=external');
  if (config.NODE_ENV === 'production' && !config.CARD_HASH_SECRET && !config.CARD_HASH_SECRET_FILE) {
    problems.push(
      'CARD_HASH_SECRET: required in production, or CARD_HASH_SECRET_FILE naming a file outside DATA_DIR ' +
        '(at least 32 characters; keep it safe and back it up apart from the database, cards depend on it)',
    );
  }
  if (
    config.NODE_ENV === 'production' &&
    config.CARD_HASH_SECRET_FILE &&
    isInside(config.CARD_HASH_SECRET_FILE, config.DATA_DIR)
  ) {
    problems.push(
      `CARD_HASH_SECRET_FILE: must lie outside DATA_DIR in production (${config.CARD_HASH_SECRET_FILE} is ` +
        `inside ${config.DATA_DIR}): with the database and the key side by side, card UIDs can be recovered`,
    );
  }
  problems.push(...tlsProblems(config));
  if (config.SMTP_URL && !config.SMTP_FROM)
    problems.push(
      'SMTP_FROM: needed with SMTP_URL (the sender of the mails, e.g. Stadtlabor <labor@example.org>)',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
