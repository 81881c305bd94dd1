import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { AppConfig } from './config-schema';
import { tlsFileProblems } from './tls';

/** Whether `path` lies in `folder` or below it (after resolving both). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The TLS settings: complete pairs of readable PEM files, and a TLS listener wherever devices are sent. */
export function tlsProblems(config: AppConfig): string[] {
  const production = config.NODE_ENV === 'production';
  const http = { cert: 'TLS_CERT_FILE', key: 'TLS_KEY_FILE' };
  const mqtt = { cert: 'MQTT_TLS_CERT_FILE', key: 'MQTT_TLS_KEY_FILE' };
  const problems = tlsFileProblems(
    http,
    { cert: config.TLS_CERT_FILE, key: config.TLS_KEY_FILE },
    production,
  );
  problems.push(
    ...tlsFileProblems(mqtt, { cert: config.MQTT_TLS_CERT_FILE, key: config.MQTT_TLS_KEY_FILE }, production),
  );
  const port = config.MQTT_TLS_PORT;
  if (port !== undefined && port !== 'off' && Number(port) > 65535)
    problems.push(`MQTT_TLS_PORT: must be a port (0-65535) or off (got ${JSON.stringify(port)})`);
  const embedded = config.MQTT_MODE === 'embedded';
  if (!embedded && (port !== undefined || config.MQTT_TLS_CERT_FILE || config.MQTT_TLS_KEY_FILE))
    problems.push(
      'MQTT_TLS_PORT, MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE: only for the embedded broker; with ' +
        'MQTT_MODE=external configure TLS in that broker (docker/mosquitto/mosquitto.conf)',
    );
  if (embedded && port !== undefined && port !== 'off' && !config.mqttTlsFiles && problems.length === 0)
    problems.push(
      'MQTT_TLS_PORT: needs a certificate: set MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE, or TLS_CERT_FILE ' +
        'and TLS_KEY_FILE (or MQTT_TLS_PORT=off)',
    );
  if (embedded && !config.MQTT_PLAIN && config.mqttTlsPort === null && problems.length === 0)
    problems.push(
      'MQTT_PLAIN: false leaves devices no way in without the TLS listener: set TLS_CERT_FILE and ' +
        'TLS_KEY_FILE (or MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE), and do not set MQTT_TLS_PORT=off',
    );
  return problems;
}

/** The bridge keys: files that exist, one source each, and a validity the daily re-issue fits into. */
export function bridgeKeyProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  for (const name of ['BRIDGE_CARD_KEY_FILE', 'ALLOWLIST_SIGNING_KEY_FILE'] as const) {
    const file = config[name];
    if (file && !existsSync(file)) problems.push(`${name}: no such file ${file}`);
  }
  if (config.BRIDGE_CARD_KEY && config.BRIDGE_CARD_KEY_FILE)
    problems.push('BRIDGE_CARD_KEY_FILE: set either BRIDGE_CARD_KEY or BRIDGE_CARD_KEY_FILE, not both');
  if (config.ALLOWLIST_REISSUE_HOURS >= config.ALLOWLIST_VALIDITY_HOURS)
    problems.push(
      `ALLOWLIST_REISSUE_HOURS: must be shorter than ALLOWLIST_VALIDITY_HOURS (${config.ALLOWLIST_VALIDITY_HOURS}), ` +
        'or bridges run on an expired list between two issues',
    );
  return problems;
}
