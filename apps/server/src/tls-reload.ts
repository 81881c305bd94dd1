import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SecureContextOptions, Server as TlsServer } from 'node:tls';
import type { AppConfig } from './config/app-config';
import { reloadedContextOptions, TlsFiles, TlsVariables } from './config/tls';
import { EmbeddedBroker } from './mqtt/embedded-broker';

interface ReloadTarget {
  what: string;
  names: TlsVariables;
  files: TlsFiles;
  apply(options: SecureContextOptions): void;
}

/**
 * Reads the certificate files again on SIGHUP (a Let's Encrypt renewal: `systemctl reload werkbank`, or
 * `docker compose kill -s HUP server`). New handshakes get the new certificate, open connections keep theirs.
 * A file that is missing, half-written or does not fit keeps the running certificate and is logged; the process
 * never ends over it. Without TLS nothing is installed (SIGHUP keeps Node's default: the process ends).
 */
export function installTlsReload(app: NestFastifyApplication, config: AppConfig): (() => void) | null {
  const logger = new Logger('TlsReload');
  const targets: ReloadTarget[] = [];
  const https = config.httpsFiles;
  if (https)
    targets.push({
      what: 'HTTPS',
      names: { cert: 'TLS_CERT_FILE', key: 'TLS_KEY_FILE' },
      files: https,
      apply: (options) => (app.getHttpServer() as unknown as TlsServer).setSecureContext(options),
    });
  const mqtt = config.mqttTlsFiles;
  if (config.mqttTlsPort !== null && mqtt) {
    const own = !!config.MQTT_TLS_CERT_FILE;
    targets.push({
      what: 'MQTT TLS',
      names: own
        ? { cert: 'MQTT_TLS_CERT_FILE', key: 'MQTT_TLS_KEY_FILE' }
        : { cert: 'TLS_CERT_FILE', key: 'TLS_KEY_FILE' },
      files: mqtt,
      apply: (options) => app.get(EmbeddedBroker).setTlsContext(options),
    });
  }
  if (targets.length === 0) return null;
  const production = config.NODE_ENV === 'production';
  const reload = (): void => {
    for (const target of targets) {
      try {
        target.apply(reloadedContextOptions(target.names, target.files, production));
        logger.log(`${target.what}: certificate reloaded from ${target.files.cert}`);
      } catch (error) {
        logger.error(
          `${target.what}: certificate NOT reloaded, the previous one stays in use: ` +
            (error instanceof Error ? error.message : String(error)),
        );
      }
    }
  };
  process.on('SIGHUP', reload);
  return reload;
}
