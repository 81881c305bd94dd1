import { DeviceProtocol, DeviceRole, FeedbackKind } from '../devices';
import { Literals, Nullable, type Static, StringEnum, Strict, Type } from './schema';

/** What the devices of a family do; the roles they may serve follow from it (see `rolesOf` in device-protocol). */
export const DeviceCapabilitiesSchema = Strict({
  reader: Type.Boolean({ description: 'Publishes card reads.' }),
  relay: Type.Boolean({ description: 'Switches a load on command.' }),
  powerMeter: Type.Boolean({ description: 'Reports power draw.' }),
  printerReport: Type.Boolean({ description: 'Reports print job state.' }),
  printerControl: Type.Boolean({ description: 'Takes print commands (pause, stop). No family does yet.' }),
  feedback: Type.Array(StringEnum(FeedbackKind), {
    description: 'How an access result can be shown; empty = no feedback channel.',
  }),
});
export type DeviceCapabilities = Static<typeof DeviceCapabilitiesSchema>;

/**
 * The shape of one option value. Options are stored as strings (simple-json); the kind says which strings the
 * family accepts: integer (digits within min..max), choice (one of `choices`), topic (an MQTT topic without
 * wildcards), command (one topic level, or '' where `allowEmpty`), text (up to `maxLength`).
 */
export const DEVICE_OPTION_KINDS = ['integer', 'choice', 'topic', 'command', 'text'] as const;
export type DeviceOptionKind = (typeof DEVICE_OPTION_KINDS)[number];

export const DeviceOptionSchemaSchema = Strict({
  key: Type.String(),
  kind: Literals(DEVICE_OPTION_KINDS),
  default: Nullable(
    Type.String({
      description:
        'The value the adapter uses when the option is absent; null = absent means something else.',
    }),
  ),
  labelKey: Type.String({ description: 'i18n key of the field label in the admin UI.' }),
  hintKey: Type.String({ description: 'i18n key of the field hint.' }),
  min: Type.Optional(Type.Integer()),
  max: Type.Optional(Type.Integer()),
  choices: Type.Optional(Type.Array(Type.String())),
  maxLength: Type.Optional(Type.Integer({ minimum: 0 })),
  allowEmpty: Type.Optional(Type.Boolean({ description: "Whether '' is a valid value." })),
});
export type DeviceOptionSchema = Static<typeof DeviceOptionSchemaSchema>;

/** What the address of a device of this family is: an i18n key for the explanation and an example value. */
export const DeviceAddressHintSchema = Strict({ key: Type.String(), example: Type.String() });
export type DeviceAddressHint = Static<typeof DeviceAddressHintSchema>;

/** `GET /api/device-families`: one entry per family the server speaks. */
export const DeviceFamilyItemSchema = Strict({
  protocol: StringEnum(DeviceProtocol),
  capabilities: DeviceCapabilitiesSchema,
  roles: Type.Array(StringEnum(DeviceRole), {
    description: 'Derived from the capabilities: the roles a device of this family may be registered in.',
  }),
  options: Type.Array(DeviceOptionSchemaSchema),
  addressHint: DeviceAddressHintSchema,
  exampleTopicRights: Strict(
    { publish: Type.Array(Type.String()), subscribe: Type.Array(Type.String()) },
    { description: "The broker rights a device with the example address gets (with this server's prefix)." },
  ),
});
export type DeviceFamilyItem = Static<typeof DeviceFamilyItemSchema>;
