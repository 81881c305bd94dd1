import { DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAdapter } from './device-adapter';
import { EsphomeReaderAdapter } from './esphome/esphome-reader.adapter';
import { MoonrakerMqttAdapter } from './moonraker/moonraker-mqtt.adapter';
import { OctoprintMqttAdapter } from './octoprint/octoprint-mqtt.adapter';
import { ShellyGen1Adapter } from './shelly/shelly-gen1.adapter';
import { ShellyGen2Adapter } from './shelly/shelly-gen2.adapter';
import { TasmotaReaderAdapter } from './tasmota/tasmota-reader.adapter';
import { TasmotaRelayAdapter } from './tasmota/tasmota-relay.adapter';
import { WerkbankAdapter } from './werkbank/werkbank.adapter';

export interface AdapterRegistryConfig {
  /** Own-protocol topic prefix, default `werkbank`. */
  werkbankPrefix?: string;
  /** `src` of our Shelly Gen2 RPC requests, default `werkbank-server`. */
  shellyRpcClientId?: string;
}

/**
 * One line per device family. A Record over the enum: adding a DeviceProtocol value in contracts without an
 * adapter fails the type check here.
 */
const FACTORIES: Readonly<Record<DeviceProtocol, (config: AdapterRegistryConfig) => DeviceAdapter>> = {
  [DeviceProtocol.Werkbank]: (c) => new WerkbankAdapter({ prefix: c.werkbankPrefix }),
  [DeviceProtocol.TasmotaReader]: () => new TasmotaReaderAdapter(),
  [DeviceProtocol.TasmotaRelay]: () => new TasmotaRelayAdapter(),
  [DeviceProtocol.ShellyGen1]: () => new ShellyGen1Adapter(),
  [DeviceProtocol.ShellyGen2]: (c) => new ShellyGen2Adapter({ rpcClientId: c.shellyRpcClientId }),
  [DeviceProtocol.EsphomeReader]: () => new EsphomeReaderAdapter(),
  [DeviceProtocol.OctoprintMqtt]: () => new OctoprintMqttAdapter(),
  [DeviceProtocol.MoonrakerMqtt]: () => new MoonrakerMqttAdapter(),
};

export type AdapterRegistry = ReadonlyMap<DeviceProtocol, DeviceAdapter>;

export function createAdapterRegistry(config: AdapterRegistryConfig = {}): AdapterRegistry {
  const registry = new Map<DeviceProtocol, DeviceAdapter>();
  for (const protocol of Object.values(DeviceProtocol)) {
    registry.set(protocol, FACTORIES[protocol](config));
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
