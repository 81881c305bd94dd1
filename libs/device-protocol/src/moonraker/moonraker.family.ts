import { DeviceProtocol } from '@werkbank/contracts';
import { defineFamily, PRINTER_REPORTS_ONLY } from '../device-family';
import { MoonrakerMqttAdapter } from './moonraker-mqtt.adapter';

/** Moonraker's [mqtt] component (Klipper): print_stats state and server status, read-only. */
export const MOONRAKER_MQTT_FAMILY = defineFamily({
  protocol: DeviceProtocol.MoonrakerMqtt,
  capabilities: PRINTER_REPORTS_ONLY,
  options: [],
  example: { address: 'voron' },
  samples: [
    {
      topic: 'voron/klipper/status',
      payload: '{"eventtime":423824.5,"status":{"print_stats":{"state":"printing","filename":"a.gcode"}}}',
    },
  ],
  createAdapter: () => new MoonrakerMqttAdapter(),
});
