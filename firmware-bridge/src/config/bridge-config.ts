import type { KeyConfig } from './validate-keys';
/**
 * The validated shape of bridge.yml. Everything the bridge does is driven by this one object, built once at
 * start-up by `loadBridgeConfig()`; paths in it are absolute (resolved against the config file's folder).
 */

export type ReaderKind = 'rdm6300' | 'pn532' | 'line';
export const READER_KINDS: readonly ReaderKind[] = ['rdm6300', 'pn532', 'line'];

export type OutputKind = 'lcus' | 'mqtt';
export const OUTPUT_KINDS: readonly OutputKind[] = ['lcus', 'mqtt'];

/** What a machine does offline once its allowlist has expired (before that the list decides). */
export type OfflinePolicy = 'failClosed' | 'failOpen';
export const OFFLINE_POLICIES: readonly OfflinePolicy[] = ['failClosed', 'failOpen'];

/** How a line reader's captured text becomes a canonical UID (see `normalizeUid` in device-protocol). */
export type LineUidFormat = 'hex' | 'decimal32';
export const LINE_UID_FORMATS: readonly LineUidFormat[] = ['hex', 'decimal32'];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export const BAUD_RATES: readonly number[] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400];

interface ReaderBase {
  path: string;
  machineId: string;
  baud: number;
}

export interface Rdm6300ReaderConfig extends ReaderBase {
  kind: 'rdm6300';
}

export interface Pn532ReaderConfig extends ReaderBase {
  kind: 'pn532';
  /** Pause between two InListPassiveTarget polls. */
  pollIntervalMs: number;
  /** No byte from the chip for this long (it answers every poll) → the port is reopened. */
  silenceTimeoutMs: number;
}

export interface LineReaderConfig extends ReaderBase {
  kind: 'line';
  /** Applied to each line; the UID is the named group `uid`, else capture group 1. */
  pattern: RegExp;
  uidFormat: LineUidFormat;
}

export type ReaderConfig = Rdm6300ReaderConfig | Pn532ReaderConfig | LineReaderConfig;

export interface LcusOutputConfig {
  kind: 'lcus';
  path: string;
  /** Relay number on the board, 1-based as printed on it. */
  channel: number;
  machineId: string;
  baud: number;
  /** Ask the board for its relay states after each switch (not every LCUS board answers). */
  readback: boolean;
}

export interface MqttOutputConfig {
  kind: 'mqtt';
  /** Command topic of the relay, e.g. `cmnd/tasmota_5A1B2C/POWER`. */
  topic: string;
  machineId: string;
  payloadOn: string;
  payloadOff: string;
}

export type OutputConfig = LcusOutputConfig | MqttOutputConfig;

export interface BrokerConfig {
  url: string;
  username: string;
  /** File holding the MQTT password (one line); null for a broker that allows anonymous clients. */
  passwordFile: string | null;
  /** CA certificate for mqtts:// with a private CA; null = the system's trust store. */
  caFile: string | null;
  topicPrefix: string;
}

export interface MachinePolicy {
  offlinePolicy: OfflinePolicy;
}

/** The keys (files or inline): validate-keys.ts. The card key hashes UIDs like the server does. */
export interface BridgeConfig extends KeyConfig {
  bridgeId: string;
  broker: BrokerConfig;
  /** Allowlist, queue and state live here. */
  dataDir: string;
  /** How long a tap waits for the server's answer before the bridge decides locally. */
  serverTimeoutMs: number;
  readers: ReaderConfig[];
  outputs: OutputConfig[];
  /** Every machine a reader or output is bound to, with its policy (failClosed unless configured). */
  machines: Record<string, MachinePolicy>;
  logLevel: LogLevel;
}
