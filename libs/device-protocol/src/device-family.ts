import {
  DeviceRole,
  type DeviceAddressHint,
  type DeviceCapabilities,
  type DeviceOptionSchema,
  type DeviceProtocol,
} from '@werkbank/contracts';
import type { DeviceAdapter } from './device-adapter';

export interface AdapterRegistryConfig {
  /** Own-protocol topic prefix, default `werkbank`. */
  werkbankPrefix?: string;
  /** `src` of our Shelly Gen2 RPC requests, default `werkbank-server`. */
  shellyRpcClientId?: string;
}

/** A message a device of the family sends, as recorded from real devices (topic for the example address). */
export interface FamilySample {
  topic: string;
  payload: string;
}

/**
 * Everything the rest of the system knows about a device family, in its folder: what it can do, what it may
 * be registered as, its options, what its address is, and its adapter (with the topic rights).
 */
export interface DeviceFamily {
  readonly protocol: DeviceProtocol;
  readonly capabilities: Readonly<DeviceCapabilities>;
  /** Derived from the capabilities (rolesOf), never listed by hand. */
  readonly roles: readonly DeviceRole[];
  readonly options: readonly DeviceOptionSchema[];
  readonly addressHint: DeviceAddressHint;
  /** A device of the family with every capability in use: the hint's address, options where one needs them. */
  readonly example: { address: string; options?: Readonly<Record<string, string>> };
  /**
   * What the example device sends, one message per decoded capability (cards, relay state, power, print jobs).
   * The descriptor spec decodes them: a capability without a message that proves it fails the build.
   */
  readonly samples: readonly FamilySample[];
  createAdapter(config: AdapterRegistryConfig): DeviceAdapter;
}

/** What a device may be registered as, given what its family can do. */
/** A printer controller that reports its jobs and takes no commands (OctoPrint's MQTT plugin, Moonraker). */
export const PRINTER_REPORTS_ONLY: Readonly<DeviceCapabilities> = {
  reader: false,
  relay: false,
  powerMeter: false,
  printerReport: true,
  printerControl: false,
  feedback: [],
};

export function rolesOf(capabilities: Readonly<DeviceCapabilities>): DeviceRole[] {
  const roles: DeviceRole[] = [];
  if (capabilities.reader)
    roles.push(DeviceRole.MachineReader, DeviceRole.EntranceReader, DeviceRole.EventReader);
  if (capabilities.relay) roles.push(DeviceRole.Actuator);
  if (capabilities.printerReport) roles.push(DeviceRole.Printer);
  return roles;
}

/** A descriptor with its roles derived and the address hint at its conventional i18n key. */
export function defineFamily(family: Omit<DeviceFamily, 'roles' | 'addressHint'>): DeviceFamily {
  return {
    ...family,
    roles: rolesOf(family.capabilities),
    addressHint: { key: `devices.addressHint.${family.protocol}`, example: family.example.address },
  };
}
