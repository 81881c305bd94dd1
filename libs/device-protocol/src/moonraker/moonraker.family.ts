import { DeviceProtocol } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { MoonrakerMqttAdapter } from './moonraker-mqtt.adapter';

/** Moonraker's [mqtt] component (Klipper): print_stats state and server status, read-only. */
export const MOONRAKER_MQTT_FAMILY = defineFamily({
  protocol: DeviceProtocol.MoonrakerMqtt,
  capabilities: {
    reader: false,
    relay: false,
    powerMeter: false,
    printerReport: true,
    printerControl: false,
    feedback: [],
  },
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
