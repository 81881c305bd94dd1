import type { DeviceProtocol, DeviceRole } from './devices';

/** How a family can answer a tap at the reader: a signal (beep, LED) and/or a short text on a display. */
export enum FeedbackKind {
  Signal = 'signal',
  Text = 'text',
}

/** What the devices of a family do; the roles they may serve follow from it (see `rolesOf` in device-protocol). */
export interface DeviceCapabilities {
  /** Publishes card reads. */
  reader: boolean;
  /** Switches a load on command. */
  relay: boolean;
  /** Reports power draw. */
  powerMeter: boolean;
  /** Reports print job state. */
  printerReport: boolean;
  /** Takes print commands (pause, stop). No family does yet. */
  printerControl: boolean;
  /** How an access result can be shown; empty = no feedback channel. */
  feedback: FeedbackKind[];
}

/**
 * The shape of one option value. Options are stored as strings (simple-json); the kind says which strings the
 * family accepts.
 *   integer  decimal digits within min..max
 *   choice   one of `choices`
 *   topic    an MQTT topic without wildcards (one or more levels)
 *   command  one topic level (e.g. a Tasmota command name), or '' where `allowEmpty`
 *   text     free text up to `maxLength`
 */
export type DeviceOptionKind = 'integer' | 'choice' | 'topic' | 'command' | 'text';

export interface DeviceOptionSchema {
  key: string;
  kind: DeviceOptionKind;
  /** The value the adapter uses when the option is absent; null = absent means something else (see hintKey). */
  default: string | null;
  /** i18n key of the field label in the admin UI. */
  labelKey: string;
  /** i18n key of the field hint (what the option does, what absent means). */
  hintKey: string;
  min?: number;
  max?: number;
  choices?: string[];
  maxLength?: number;
  /** Whether '' is a valid value (e.g. "no feedback command"). */
  allowEmpty?: boolean;
}

/** What the address of a device of this family is: an i18n key for the explanation and an example value. */
export interface DeviceAddressHint {
  key: string;
  example: string;
}

/** `GET /api/device-families`: one entry per family the server speaks. */
export interface DeviceFamilyItem {
  protocol: DeviceProtocol;
  capabilities: DeviceCapabilities;
  /** Derived from the capabilities: the roles a device of this family may be registered in. */
  roles: DeviceRole[];
  options: DeviceOptionSchema[];
  addressHint: DeviceAddressHint;
  /** The broker rights a device with the example address gets (with this server's topic prefix). */
  exampleTopicRights: { publish: string[]; subscribe: string[] };
}
