import { DeviceProtocol } from '@werkbank/contracts';
import { defineFamily } from '../device-family';
import { OctoprintMqttAdapter } from './octoprint-mqtt.adapter';

/** OctoPrint with the OctoPrint-MQTT plugin: job events and progress, read-only. */
export const OCTOPRINT_MQTT_FAMILY = defineFamily({
  protocol: DeviceProtocol.OctoprintMqtt,
  capabilities: {
    reader: false,
    relay: false,
    powerMeter: false,
    printerReport: true,
    printerControl: false,
    feedback: [],
  },
  options: [],
  example: { address: 'workshop/prusa' },
  samples: [
    {
      topic: 'workshop/prusa/event/PrintStarted',
      payload: '{"_event":"PrintStarted","_timestamp":1,"name":"a.gcode","path":"a.gcode"}',
    },
  ],
  createAdapter: () => new OctoprintMqttAdapter(),
});
