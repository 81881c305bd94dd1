export * from './device-event';
export * from './device-adapter';
export * from './adapter-registry';
export * from './device-family';
export * from './device-options';
export * from './families';
export * from './device-router';
export {
  MAX_PAYLOAD_BYTES,
  payloadProblem,
  type JsonObject,
  type Parsed,
  type Payload,
} from './payload.util';
export * from './printer.util';
export * from './topic.util';
export * from './topic-rights';
export * from './topic-conflicts';
export * from './uid.util';

export * from './werkbank/werkbank-topics';
export * from './werkbank/werkbank.codec';
export * from './werkbank/werkbank-allowlist.codec';
export * from './werkbank/werkbank-bridge.codec';
export * from './werkbank/werkbank.adapter';
export * from './werkbank/werkbank.family';

export * from './tasmota/tasmota.codec';
export * from './tasmota/tasmota-reader.codec';
export * from './tasmota/tasmota-reader.adapter';
export * from './tasmota/tasmota-relay.codec';
export * from './tasmota/tasmota-relay.adapter';
export * from './tasmota/tasmota.family';

export * from './shelly/shelly.codec';
export * from './shelly/shelly-gen1.codec';
export * from './shelly/shelly-gen1.adapter';
export * from './shelly/shelly-gen2.codec';
export * from './shelly/shelly-gen2.adapter';
export * from './shelly/shelly.family';

export * from './esphome/esphome-reader.codec';
export * from './esphome/esphome-reader.adapter';
export * from './esphome/esphome.family';

export * from './octoprint/octoprint-mqtt.codec';
export * from './octoprint/octoprint-mqtt.adapter';
export * from './octoprint/octoprint.family';

export * from './moonraker/moonraker-mqtt.codec';
export * from './moonraker/moonraker-mqtt.adapter';
export * from './moonraker/moonraker.family';

export * from './rdm6300/rdm6300.codec';
export * from './pn532/pn532.codec';
export * from './bambu/bambu.codec';
