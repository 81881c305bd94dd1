import type { DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAdapter, DeviceAddress } from './device-adapter';
import type { AdapterRegistry } from './adapter-registry';
import { wildcardSubscriptions } from './adapter-registry';

export interface RoutedDevice {
  device: DeviceAddress;
  adapter: DeviceAdapter;
}

/**
 * Finds the device(s) a message belongs to: one `matchTopic` per family (a few string operations each) and one
 * Map lookup per family, independent of the number of devices. Several devices can share a topic on purpose:
 * one Tasmota board with a reader and a relay is registered twice (tasmota_reader and tasmota_relay).
 * Holds state but no I/O; the server rebuilds or updates it when staff change devices.
 */
export class DeviceRouter {
  private readonly byKey = new Map<string, DeviceAddress>();
  private readonly keysOf = new Map<string, string[]>();
  private readonly adapters: DeviceAdapter[];

  constructor(private readonly registry: AdapterRegistry) {
    this.adapters = [...registry.values()];
  }

  private static key(protocol: DeviceProtocol, routingKey: string): string {
    return `${protocol}\u0000${routingKey}`;
  }

  /** Adds or replaces a device; returns problems (invalid address, a key already taken) and then adds nothing. */
  add(device: DeviceAddress): string[] {
    const adapter = this.registry.get(device.protocol);
    if (!adapter) return [`no adapter for protocol ${String(device.protocol)}`];
    const problems = adapter.validate(device);
    if (problems.length > 0) return problems;
    const keys = adapter.routingKeys(device).map((k) => DeviceRouter.key(device.protocol, k));
    for (const key of keys) {
      const other = this.byKey.get(key);
      if (other && other.deviceId !== device.deviceId) {
        return [`${key.replace('\u0000', ' ')} is already used by device ${other.deviceId}`];
      }
    }
    this.remove(device.deviceId);
    for (const key of keys) this.byKey.set(key, device);
    this.keysOf.set(device.deviceId, keys);
    return [];
  }

  remove(deviceId: string): void {
    for (const key of this.keysOf.get(deviceId) ?? []) this.byKey.delete(key);
    this.keysOf.delete(deviceId);
  }

  get size(): number {
    return this.keysOf.size;
  }

  route(topic: string): RoutedDevice[] {
    const routed: RoutedDevice[] = [];
    for (const adapter of this.adapters) {
      const routingKey = adapter.matchTopic(topic);
      if (routingKey === null) continue;
      const device = this.byKey.get(DeviceRouter.key(adapter.protocol, routingKey));
      if (device) routed.push({ device, adapter });
    }
    return routed;
  }

  /** Filters to subscribe: the wildcards, plus exact filters for devices the wildcards miss. */
  subscriptions(): string[] {
    const filters = new Set(wildcardSubscriptions(this.registry));
    const seen = new Set<string>();
    for (const device of this.byKey.values()) {
      if (seen.has(device.deviceId)) continue;
      seen.add(device.deviceId);
      const adapter = this.registry.get(device.protocol);
      if (adapter && !adapter.coveredByWildcards(device)) {
        for (const filter of adapter.subscriptions(device)) filters.add(filter);
      }
    }
    return [...filters];
  }
}
