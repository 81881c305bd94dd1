import { DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAdapter } from './device-adapter';
import type { AdapterRegistryConfig } from './device-family';
import { DEVICE_FAMILIES } from './families';

export type { AdapterRegistryConfig } from './device-family';

export type AdapterRegistry = ReadonlyMap<DeviceProtocol, DeviceAdapter>;

/** One adapter per family (families.ts lists them), configured for this server. */
export function createAdapterRegistry(config: AdapterRegistryConfig = {}): AdapterRegistry {
  const registry = new Map<DeviceProtocol, DeviceAdapter>();
  for (const protocol of Object.values(DeviceProtocol)) {
    registry.set(protocol, DEVICE_FAMILIES[protocol].createAdapter(config));
  }
  return registry;
}

/** Every adapter's wildcard filters, deduplicated (Tasmota reader and relay share `tele/+/SENSOR`). */
export function wildcardSubscriptions(registry: AdapterRegistry): string[] {
  const filters = new Set<string>();
  for (const adapter of registry.values())
    for (const filter of adapter.wildcardSubscriptions()) filters.add(filter);
  return [...filters];
}
