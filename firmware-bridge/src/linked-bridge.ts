import { BridgeHardware } from './bridge-hardware';
import type { BridgeConfig } from './config/bridge-config';
import { startLinkFromConfig, type LinkHardware } from './link/link-from-config';
import type { LinkRuntime } from './link/start-link';
import type { Logger } from './logger';

export interface LinkedBridge {
  hardware: BridgeHardware;
  link: LinkRuntime;
  stop(): Promise<void>;
}

/**
 * The whole bridge: the hardware (readers, relays) with the link as its tap sink — online taps go to the
 * server, offline ones are decided from the signed allowlist and queued — and MQTT relays switched over the
 * link's broker connection. Throws on unreadable key files (before any relay moves).
 */
export function startLinkedBridge(config: BridgeConfig, logger: Logger, version: string): LinkedBridge {
  let link: LinkRuntime | null = null;
  const mqttPublisher = {
    get connected() {
      return link?.link.connected ?? false;
    },
    publish: (topic: string, payload: string) =>
      link === null ? Promise.reject(new Error('link not started')) : link.link.publishRaw(topic, payload, 1),
  };
  const hardware = new BridgeHardware(config, { logger, mqttPublisher });
  const wiring: LinkHardware = {
    relays: hardware.outputs,
    logger,
    version,
    // Port ids in the heartbeat: the device path made id-safe (the server shows the path beside it).
    ports: () =>
      hardware.health().ports.map((p) => ({
        id: p.path.replace(/[^A-Za-z0-9._:-]/g, '_').slice(-64),
        path: p.path,
        state: p.state,
      })),
  };
  const running = startLinkFromConfig(config, wiring);
  link = running;
  hardware.connect(running.runtime);
  hardware.start();
  return {
    hardware,
    link: running,
    stop: async () => {
      await hardware.stop();
      await running.stop();
    },
  };
}
