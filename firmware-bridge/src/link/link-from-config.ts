import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { OfflinePolicy } from '../offline/offline-decider';
import type { PortStates, ReaderFeedback, RelaySwitch } from '../ports';
import { startLinkRuntime, type LinkRuntime } from './start-link';

/**
 * The part of bridge.yml the link reads (config/bridge-config.ts `BridgeConfig` has this shape), so main.ts
 * starts the link with `startLinkFromConfig(config, { relays: hardware.outputs, … })` and passes
 * `running.runtime` as the hardware's tap sink.
 */
export interface LinkConfig {
  bridgeId: string;
  broker: {
    url: string;
    username: string;
    passwordFile: string | null;
    caFile: string | null;
    topicPrefix: string;
  };
  publicKeyFiles: readonly string[];
  publicKeyPems: readonly string[];
  bridgeCardKeyFile: string | null;
  bridgeCardKey: string | null;
  dataDir: string;
  serverTimeoutMs: number;
  machines: Readonly<Record<string, { offlinePolicy: OfflinePolicy }>>;
}

export interface LinkHardware {
  relays: ReadonlyMap<string, RelaySwitch>;
  feedback?: ReaderFeedback;
  ports?: PortStates;
  logger: Logger;
  version: string;
}

/** 32 bytes as 64 hex digits (whitespace around it ignored), as the server writes DATA_DIR/bridge-card.key. */
export function readBridgeCardKey(path: string): Buffer {
  return parseBridgeCardKey(readFileSync(path, 'utf8'), path);
}

export function parseBridgeCardKey(text: string, source = 'bridgeCardKey'): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error(
      `${source}: the bridge card key must be 64 hex digits (copy it from the provisioning file)`,
    );
  }
  return Buffer.from(hex, 'hex');
}

export function startLinkFromConfig(config: LinkConfig, hardware: LinkHardware): LinkRuntime {
  const broker = config.broker;
  return startLinkRuntime({
    bridgeId: config.bridgeId,
    version: hardware.version,
    broker: {
      url: broker.url,
      prefix: broker.topicPrefix,
      username: broker.username,
      password: broker.passwordFile === null ? undefined : readFileSync(broker.passwordFile, 'utf8').trim(),
      ca: broker.caFile === null ? undefined : readFileSync(broker.caFile),
    },
    dataDir: config.dataDir,
    publicKeyFiles: config.publicKeyFiles,
    publicKeyPems: config.publicKeyPems,
    bridgeCardKey:
      config.bridgeCardKeyFile !== null
        ? readBridgeCardKey(config.bridgeCardKeyFile)
        : parseBridgeCardKey(config.bridgeCardKey ?? ''),
    serverTimeoutMs: config.serverTimeoutMs,
    policies: new Map(Object.entries(config.machines).map(([id, m]) => [id, m.offlinePolicy])),
    relays: hardware.relays,
    feedback: hardware.feedback,
    ports: hardware.ports,
    logger: hardware.logger,
  });
}
