import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import type { DeviceFamily } from './device-family';
import { optionProblems, type OptionProblem } from './device-options';
import { ESPHOME_READER_FAMILY } from './esphome/esphome.family';
import { MOONRAKER_MQTT_FAMILY } from './moonraker/moonraker.family';
import { OCTOPRINT_MQTT_FAMILY } from './octoprint/octoprint.family';
import { SHELLY_GEN1_FAMILY, SHELLY_GEN2_FAMILY } from './shelly/shelly.family';
import { TASMOTA_READER_FAMILY, TASMOTA_RELAY_FAMILY } from './tasmota/tasmota.family';
import { WERKBANK_FAMILY } from './werkbank/werkbank.family';

/**
 * One line per device family. A Record over the enum: adding a DeviceProtocol value in contracts without a
 * descriptor fails the type check here.
 */
export const DEVICE_FAMILIES: Readonly<Record<DeviceProtocol, DeviceFamily>> = {
  [DeviceProtocol.Werkbank]: WERKBANK_FAMILY,
  [DeviceProtocol.TasmotaReader]: TASMOTA_READER_FAMILY,
  [DeviceProtocol.TasmotaRelay]: TASMOTA_RELAY_FAMILY,
  [DeviceProtocol.ShellyGen1]: SHELLY_GEN1_FAMILY,
  [DeviceProtocol.ShellyGen2]: SHELLY_GEN2_FAMILY,
  [DeviceProtocol.EsphomeReader]: ESPHOME_READER_FAMILY,
  [DeviceProtocol.OctoprintMqtt]: OCTOPRINT_MQTT_FAMILY,
  [DeviceProtocol.MoonrakerMqtt]: MOONRAKER_MQTT_FAMILY,
};

/** Every family, in the enum's order (the order the admin UI offers them). */
export function deviceFamilies(): DeviceFamily[] {
  return Object.values(DeviceProtocol).map((p) => DEVICE_FAMILIES[p]);
}

export function familyOf(protocol: string): DeviceFamily | undefined {
  return Object.prototype.hasOwnProperty.call(DEVICE_FAMILIES, protocol)
    ? DEVICE_FAMILIES[protocol as DeviceProtocol]
    : undefined;
}

/** What a role needs, worded for the person who picked the wrong protocol. */
const ROLE_NEEDS: Readonly<Record<DeviceRole, string>> = {
  [DeviceRole.MachineReader]: 'read no cards; choose a reader protocol',
  [DeviceRole.EntranceReader]: 'read no cards; choose a reader protocol',
  [DeviceRole.EventReader]: 'read no cards; choose a reader protocol',
  [DeviceRole.Actuator]: 'switch nothing; choose a relay protocol',
  [DeviceRole.Printer]: 'report no print jobs; choose a printer protocol',
};

/** Why a device's protocol cannot serve its role (a relay registered as a reader); [] when it can. */
export function deviceRoleProblems(device: { protocol: string; role: DeviceRole }): string[] {
  const family = familyOf(device.protocol);
  if (!family) return [`no device family ${device.protocol}`];
  return family.roles.includes(device.role) ? [] : [`${family.protocol} devices ${ROLE_NEEDS[device.role]}`];
}

/** The options a device's family refuses, each with its field (`options.relay`); [] when all fit. */
export function deviceOptionProblems(device: {
  protocol: string;
  options?: Readonly<Record<string, unknown>> | null;
}): OptionProblem[] {
  const family = familyOf(device.protocol);
  return family ? optionProblems(family.options, device.options) : [];
}
