import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { AllowlistStore } from '../offline/allowlist-store';
import { Ed25519Verifier } from '../offline/ed25519-verifier';
import { OfflineDecider, type OfflinePolicy } from '../offline/offline-decider';
import { OpenSessions } from '../offline/open-sessions';
import { UsageQueue } from '../offline/usage-queue';
import type { PortStates, ReaderFeedback, RelaySwitch } from '../ports';
import { BridgeRuntime } from './bridge-runtime';
import { MqttLink } from './mqtt-link';

/**
 * Wires the offline store, queue and decider to the broker link. main.ts maps bridge.yml onto these options
 * (key files already read); tests pass them directly.
 */
export interface LinkRuntimeOptions {
  bridgeId: string;
  version: string;
  broker: { url: string; prefix: string; username?: string; password?: string; ca?: Buffer };
  dataDir: string;
  publicKeyFiles: readonly string[];
  /** Inline PEM keys (the provisioning file's), besides the files. */
  publicKeyPems?: readonly string[];
  bridgeCardKey: Buffer;
  serverTimeoutMs?: number;
  policies: ReadonlyMap<string, OfflinePolicy>;
  relays: ReadonlyMap<string, RelaySwitch>;
  feedback?: ReaderFeedback;
  ports?: PortStates;
  logger: Logger;
  /** Tests shorten the broker reconnect period, heartbeat and resend timings. */
  tuning?: { reconnectPeriodMs?: number; healthIntervalMs?: number; resendAfterMs?: number };
}

export interface LinkRuntime {
  runtime: BridgeRuntime;
  link: MqttLink;
  store: AllowlistStore;
  queue: UsageQueue;
  decider: OfflineDecider;
  stop(): Promise<void>;
}

/** Loads the saved list, queue and sessions, then connects. Throws on unreadable key files. */
export function startLinkRuntime(o: LinkRuntimeOptions): LinkRuntime {
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const verifier = Ed25519Verifier.from(o.publicKeyFiles, o.publicKeyPems ?? []);
  o.logger.info({ keyIds: verifier.keyIds }, 'allowlist keys loaded');
  const store = new AllowlistStore({ bridgeId: o.bridgeId, dataDir: o.dataDir, verifier, logger: o.logger });
  store.load(Date.now());
  const queue = new UsageQueue(o.dataDir, o.logger);
  queue.open();
  const sessions = new OpenSessions(o.dataDir, o.logger);
  sessions.load();
  const decider = new OfflineDecider({
    bridgeId: o.bridgeId,
    store,
    sessions,
    queue,
    bridgeCardKey: o.bridgeCardKey,
    policies: o.policies,
    logger: o.logger,
  });
  const link = new MqttLink({
    url: o.broker.url,
    bridgeId: o.bridgeId,
    prefix: o.broker.prefix,
    username: o.broker.username,
    password: o.broker.password,
    ca: o.broker.ca,
    logger: o.logger,
    reconnectPeriodMs: o.tuning?.reconnectPeriodMs,
  });
  const runtime = new BridgeRuntime({
    bridgeId: o.bridgeId,
    version: o.version,
    link,
    store,
    queue,
    decider,
    relays: o.relays,
    feedback: o.feedback,
    ports: o.ports,
    logger: o.logger,
    serverTimeoutMs: o.serverTimeoutMs,
    healthIntervalMs: o.tuning?.healthIntervalMs,
    replay: { resendAfterMs: o.tuning?.resendAfterMs },
  });
  runtime.start();
  return {
    runtime,
    link,
    store,
    queue,
    decider,
    stop: async () => {
      await runtime.stop();
      queue.close();
    },
  };
}
