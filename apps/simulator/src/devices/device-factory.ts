import { DeviceProtocol } from '@werkbank/contracts';
import { familyOf } from '@werkbank/device-protocol';
import { BAMBU_PROTOCOL, type SimDeviceConfig, type SimProtocol } from '../devices-file';
import { SimulatorError } from '../sim-types';
import { BambuPrinterDevice } from './bambu-printer.device';
import { EsphomeReaderDevice } from './esphome-reader.device';
import { OctoprintMqttDevice } from './octoprint-mqtt.device';
import { ShellyGen1Device } from './shelly-gen1.device';
import { ShellyGen2Device } from './shelly-gen2.device';
import { TasmotaReaderDevice } from './tasmota-reader.device';
import { TasmotaRelayDevice } from './tasmota-relay.device';
import type { DeviceContext, VirtualDevice } from './virtual-device';
import { WerkbankDevice } from './werkbank.device';

type VirtualDeviceClass = new (config: SimDeviceConfig, ctx: DeviceContext) => VirtualDevice;

/**
 * The families the simulator can play, one line each. Partial on purpose: a new family needs no virtual device
 * to be registered (the simulator then skips its devices with a reason); which protocols exist and their
 * option defaults come from the descriptors in libs/device-protocol.
 */
const VIRTUAL_DEVICES: Readonly<Partial<Record<SimProtocol, VirtualDeviceClass>>> = {
  [DeviceProtocol.TasmotaReader]: TasmotaReaderDevice,
  [DeviceProtocol.TasmotaRelay]: TasmotaRelayDevice,
  [DeviceProtocol.ShellyGen1]: ShellyGen1Device,
  [DeviceProtocol.ShellyGen2]: ShellyGen2Device,
  [DeviceProtocol.Werkbank]: WerkbankDevice,
  [DeviceProtocol.EsphomeReader]: EsphomeReaderDevice,
  [DeviceProtocol.OctoprintMqtt]: OctoprintMqttDevice,
  [BAMBU_PROTOCOL]: BambuPrinterDevice,
};

/** Whether the simulator has a virtual device for a protocol. */
export function canSimulate(protocol: SimProtocol): boolean {
  return VIRTUAL_DEVICES[protocol] !== undefined;
}

/** For a family without a virtual device: one of the same kind that has one (a printer for a printer). */
function standIn(protocol: SimProtocol): string | undefined {
  const wanted = familyOf(protocol)?.roles[0];
  if (wanted === undefined) return undefined;
  return Object.keys(VIRTUAL_DEVICES).find((p) => familyOf(p)?.roles.includes(wanted));
}

export function createVirtualDevice(config: SimDeviceConfig, ctx: DeviceContext): VirtualDevice {
  const Device = VIRTUAL_DEVICES[config.protocol];
  if (Device) return new Device(config, ctx);
  const other = standIn(config.protocol);
  throw new SimulatorError(
    `no virtual device for ${config.protocol} yet` + (other ? `: simulate the device with ${other}` : ''),
  );
}
