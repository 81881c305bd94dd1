import { DeviceProtocol } from '@werkbank/contracts';
import { BAMBU_PROTOCOL, type SimDeviceConfig } from '../devices-file';
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

/** One line per family; the exhaustive switch fails the type check when contracts gains a protocol. */
export function createVirtualDevice(config: SimDeviceConfig, ctx: DeviceContext): VirtualDevice {
  switch (config.protocol) {
    case DeviceProtocol.TasmotaReader:
      return new TasmotaReaderDevice(config, ctx);
    case DeviceProtocol.TasmotaRelay:
      return new TasmotaRelayDevice(config, ctx);
    case DeviceProtocol.ShellyGen1:
      return new ShellyGen1Device(config, ctx);
    case DeviceProtocol.ShellyGen2:
      return new ShellyGen2Device(config, ctx);
    case DeviceProtocol.Werkbank:
      return new WerkbankDevice(config, ctx);
    case DeviceProtocol.EsphomeReader:
      return new EsphomeReaderDevice(config, ctx);
    case BAMBU_PROTOCOL:
      return new BambuPrinterDevice(config, ctx);
    case DeviceProtocol.OctoprintMqtt:
      return new OctoprintMqttDevice(config, ctx);
    case DeviceProtocol.MoonrakerMqtt:
      throw new SimulatorError(
        `no virtual device for ${config.protocol} yet: simulate the printer with ${DeviceProtocol.OctoprintMqtt}`,
      );
  }
}
