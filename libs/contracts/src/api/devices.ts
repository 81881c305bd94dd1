import { DeviceProtocol, DeviceRole } from '../devices';
import { Count, DateTime, Id, Nullable, Static, StringEnum, StringMap, Strict, Type } from './schema';

/** Topic filters (the device families hand out read-only lists). */
const topics = () => Type.Unsafe<readonly string[]>(Type.Array(Type.String()));

/** A firmware bridge's last heartbeat (`<prefix>/v1/<id>/health`), as the server holds it in memory. */
export const BridgeHealthSchema = Strict({
  online: Type.Boolean({
    description: 'False once three heartbeat intervals (BRIDGE_HEARTBEAT_S) passed silently.',
  }),
  lastSeenAt: DateTime({ description: 'When the server received the last heartbeat.' }),
  uptimeS: Count(),
  version: Type.String({ description: "The bridge program's version." }),
  queueLength: Count({ description: 'Offline events the bridge has not delivered yet.' }),
  allowlistVersion: Nullable(Count({ description: 'The allowlist version the bridge holds; null: none.' })),
  allowlistIssuedAt: Nullable(DateTime()),
  allowlistExpiresAt: Nullable(DateTime()),
  allowlistDeltaVersion: Nullable(
    Count({ description: 'The delta applied on top of the full list; null: none.' }),
  ),
  ports: Type.Array(
    Strict({
      id: Type.String({ description: "The reader's or output's id in bridge.yml." }),
      path: Type.String(),
      state: Type.String({ description: 'open, closed, reopening, … as the port supervisor reports it.' }),
    }),
  ),
});
export type BridgeHealth = Static<typeof BridgeHealthSchema>;

export const DeviceSchema = Strict({
  id: Id(),
  name: Type.String(),
  siteId: Id(),
  machineId: Nullable(Id({ description: 'null for entrance and event readers (bound to the site only).' })),
  role: StringEnum(DeviceRole),
  protocol: StringEnum(DeviceProtocol),
  address: Type.String({
    description: 'Tasmota topic, Shelly id / topic prefix, ESPHome topic prefix or own device id.',
  }),
  options: Nullable(StringMap(Type.String(), { description: "`simulated: 'true'` marks demo devices." })),
  mqttUsername: Type.String(),
  online: Type.Boolean(),
  topicRights: Strict(
    { publish: topics(), subscribe: topics() },
    { description: 'Topics the device may use on the broker.' },
  ),
  takeovers: Count({ description: "How often a new login replaced the device's broker session (embedded)." }),
  bridge: Nullable(BridgeHealthSchema),
});
export type Device = Static<typeof DeviceSchema>;

export const DeviceCredentialsSchema = Strict({
  mqttPassword: Type.String({ description: 'Shown once; the server keeps only a hash.' }),
});
export type DeviceCredentials = Static<typeof DeviceCredentialsSchema>;

/** `POST /api/devices`: the device and its MQTT password, shown once. */
export const DeviceCreatedSchema = Strict({ device: DeviceSchema, mqttPassword: Type.String() });
export type DeviceCreated = Static<typeof DeviceCreatedSchema>;

/** What the admin UI sends to register a device. */
export type DeviceInput = Pick<Device, 'name' | 'siteId' | 'machineId' | 'role' | 'protocol' | 'address'> & {
  mqttUsername?: string;
};

export const MosquittoConfigSchema = Strict({
  passwordFile: Type.String(),
  aclFile: Type.String(),
  requiredSettings: Type.Array(Type.String()),
});
export type MosquittoConfig = Static<typeof MosquittoConfigSchema>;
