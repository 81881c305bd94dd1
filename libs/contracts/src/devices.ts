/** What a registered device does for the lab. */
export enum DeviceRole {
  /** A reader at a machine: a tap asks for access to that machine. */
  MachineReader = 'machine_reader',
  /** A reader at a site entrance: taps are check-ins (visits) and staff presence. */
  EntranceReader = 'entrance_reader',
  /** A reader at the door of an event room: taps record attendance at the site's event running now. */
  EventReader = 'event_reader',
  /** A relay / smart plug that powers a machine. */
  Actuator = 'actuator',
  /** A printer controller reporting job state. */
  Printer = 'printer',
}

/** Readers that serve a whole site (its entrance, an event room) and belong to no machine. */
export const SITE_READER_ROLES: readonly DeviceRole[] = [DeviceRole.EntranceReader, DeviceRole.EventReader];

export function isSiteReader(role: DeviceRole): boolean {
  return SITE_READER_ROLES.includes(role);
}

/** Any card reader (at a machine or serving the site): taps can enroll cards there. */
export function isReader(role: DeviceRole | undefined): boolean {
  return role === DeviceRole.MachineReader || (role !== undefined && isSiteReader(role));
}

/** The wire protocol a device speaks; each maps to one adapter folder in libs/device-protocol. */
export enum DeviceProtocol {
  Werkbank = 'werkbank',
  TasmotaReader = 'tasmota_reader',
  TasmotaRelay = 'tasmota_relay',
  ShellyGen1 = 'shelly_gen1',
  ShellyGen2 = 'shelly_gen2',
  EsphomeReader = 'esphome_reader',
  /** OctoPrint with the OctoPrint-MQTT plugin: print job events and progress (read-only). */
  OctoprintMqtt = 'octoprint_mqtt',
  /** Moonraker's [mqtt] component (Klipper): print_stats state and server status (read-only). */
  MoonrakerMqtt = 'moonraker_mqtt',
}

/** How a family can answer a tap at the reader: a signal (beep, LED) and/or a short text on a display. */
export enum FeedbackKind {
  Signal = 'signal',
  Text = 'text',
}
