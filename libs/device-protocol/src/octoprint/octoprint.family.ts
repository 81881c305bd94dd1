import { DeviceProtocol } from '@werkbank/contracts';
import { defineFamily, PRINTER_REPORTS_ONLY } from '../device-family';
import { OctoprintMqttAdapter } from './octoprint-mqtt.adapter';

/** OctoPrint with the OctoPrint-MQTT plugin: job events and progress, read-only. */
export const OCTOPRINT_MQTT_FAMILY = defineFamily({
  protocol: DeviceProtocol.OctoprintMqtt,
  capabilities: PRINTER_REPORTS_ONLY,
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
