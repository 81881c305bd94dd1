import type { DenyReason, DeviceOptionSchema, DeviceProtocol } from '@werkbank/contracts';
import { rejected, type DecodeResult, type Outbound } from './device-event';
import { describeOptionProblem, optionProblems } from './device-options';
import { MAX_PAYLOAD_BYTES, payloadProblem, type Payload } from './payload.util';
import type { TopicRights } from './topic-rights';

/** How the server addresses one registered device (the `devices` row). */
export interface DeviceAddress {
  deviceId: string;
  protocol: DeviceProtocol;
  /** Tasmota topic, Shelly Gen1 id, Shelly Gen2 topic prefix, ESPHome topic prefix, own deviceId. */
  address: string;
  /** Per-family settings, all strings (they live in a simple-json column); the family's schema lists its keys. */
  options?: Readonly<Record<string, string>> | null;
}

export interface FeedbackCommand {
  result: 'allowed' | 'denied';
  reason: DenyReason | null;
  /** Short text for a display (DENY_REASON_TEXT in the site's language, or a greeting). */
  text: string;
}

export interface ActuatorContext {
  /** Session the switch belongs to (own protocol only: the bridge echoes it in usage events). */
  sessionId?: string | null;
  /** When the server issued the command (own protocol: devices drop commands older than 10 s). */
  issuedAt?: string | null;
  /** The machine to switch (own protocol: a bridge with several relays must never guess). */
  machineId?: string | null;
}

/**
 * One per device family. Stateless and pure: it builds topics and maps payloads, the server owns the broker.
 *
 * Routing: the server subscribes `wildcardSubscriptions()` once (plus `subscriptions(d)` for every device with
 * `coveredByWildcards(d) === false`), and for each message asks each adapter `matchTopic(topic)`; the returned
 * key, with the protocol, finds the device in one Map lookup (see DeviceRouter).
 */
export abstract class DeviceAdapter {
  abstract readonly protocol: DeviceProtocol;
  /** The options this family reads, with their defaults (what it can do lives in its descriptor). */
  abstract readonly optionSchema: readonly DeviceOptionSchema[];

  /** Problems with a device's address or options, for the admin UI and boot checks; [] = usable. */
  validate(device: DeviceAddress): string[] {
    return [
      ...this.addressProblems(device),
      ...optionProblems(this.optionSchema, device.options).map(describeOptionProblem),
    ];
  }

  /** The address's problems, and those of option combinations a schema cannot express. */
  protected abstract addressProblems(device: DeviceAddress): string[];

  /** MQTT filters to subscribe for exactly this device. */
  abstract subscriptions(device: DeviceAddress): string[];

  /** Filters that cover every device of this family whose address has the usual shape. */
  abstract wildcardSubscriptions(): string[];

  /**
   * What the device may publish and subscribe on the broker, at fixed positions of the family's topic scheme.
   * Covers what real devices of the family publish on their own (status, discovery under their own topic), so
   * a broker that refuses the rest refuses only what a device has no business sending.
   */
  abstract topicRights(device: DeviceAddress): TopicRights;

  /**
   * Topic spaces the family owns whatever devices are registered (Tasmota's `tele/#`, the own protocol's
   * prefix): no device of another family may take them as its address, or the first Tasmota added later
   * would collide with an ESPHome node named `tele`.
   */
  namespaces(): string[] {
    return [];
  }

  /** Whether `wildcardSubscriptions()` already delivers all of this device's topics. */
  coveredByWildcards(device: DeviceAddress): boolean {
    return !device.address.includes('/');
  }

  /** The routing keys under which `matchTopic` finds this device (default: its address). */
  routingKeys(device: DeviceAddress): string[] {
    return [device.address];
  }

  /** The routing key a topic belongs to, or null when the topic is none of this family's. */
  abstract matchTopic(topic: string): string | null;

  /** Largest payload this family accepts; bigger ones are refused before any parsing. */
  readonly maxPayloadBytes: number = MAX_PAYLOAD_BYTES;

  /** Never throws: malformed input yields `{ ok: false, error }`. */
  decode(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const problem = payloadProblem(payload, this.maxPayloadBytes);
    if (problem !== null) return rejected(problem);
    try {
      return this.decodeMessage(device, topic, payload);
    } catch (error) {
      // Codecs are written not to throw; this is the last line so that one bad message is never fatal.
      return rejected(`decoder failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** The family's decoding, after the size gate. */
  protected abstract decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult;

  /** Switch the load on or off; [] when the family has no actuator. */
  abstract encodeActuator(device: DeviceAddress, on: boolean, context?: ActuatorContext): Outbound[];

  /** Show/beep an access result; [] when the device has no feedback channel configured. */
  abstract encodeFeedback(device: DeviceAddress, feedback: FeedbackCommand): Outbound[];

  /** Ask the device to report its current relay state (reconciliation after a restart); [] if not possible. */
  abstract encodeStateQuery(device: DeviceAddress): Outbound[];

  /** Encoders refuse addresses that would publish to a wildcard or foreign topic: a configuration bug. */
  protected assertValid(device: DeviceAddress): void {
    const problems = this.validate(device);
    if (problems.length > 0) {
      throw new RangeError(`device ${device.deviceId} (${this.protocol}): ${problems.join('; ')}`);
    }
  }
}

/**
 * A printer controller that only reports its jobs (OctoPrint's MQTT plugin, Moonraker): nothing to switch,
 * show or query, so every encoder yields nothing.
 */
export abstract class PrinterReportAdapter extends DeviceAdapter {
  readonly optionSchema: readonly DeviceOptionSchema[] = [];

  encodeActuator(): Outbound[] {
    return [];
  }

  encodeFeedback(): Outbound[] {
    return [];
  }

  encodeStateQuery(): Outbound[] {
    return [];
  }
}

export function option(device: DeviceAddress, key: string): string | undefined {
  const options = device.options;
  if (!options || !Object.prototype.hasOwnProperty.call(options, key)) return undefined;
  const value = options[key];
  return typeof value === 'string' ? value : undefined;
}
