import { DeviceProtocol } from '@werkbank/contracts';
import { PrinterReportAdapter, type DeviceAddress } from '../device-adapter';
import { decoded, rejected, type DecodeResult } from '../device-event';
import type { Payload } from '../payload.util';
import type { TopicRights } from '../topic-rights';
import {
  decodeOctoprintConnection,
  decodeOctoprintEvent,
  decodeOctoprintProgress,
  isOctoprintBase,
  parseOctoprintTopic,
} from './octoprint-mqtt.codec';

/**
 * Address: the OctoPrint-MQTT plugin's base topic without the trailing slash (default `octoPrint`; several
 * levels allowed, e.g. `lab/ender3`). The plugin's event, progress and last-will sub-topics must keep their
 * defaults (`event/{event}`, `progress/{progress}`, `mqtt`). No options. Read-only: the plugin takes no commands.
 *
 * Routing: the base is arbitrary, so there are no wildcard subscriptions; every device subscribes its own
 * filters, and `matchTopic` returns whatever precedes `/event/<Event>`, `/progress/printing` or `/mqtt` — the
 * base, which is the routing key.
 */
export class OctoprintMqttAdapter extends PrinterReportAdapter {
  readonly protocol = DeviceProtocol.OctoprintMqtt;

  protected addressProblems(device: DeviceAddress): string[] {
    return isOctoprintBase(device.address)
      ? []
      : [
          'address must be the OctoPrint-MQTT base topic without the trailing slash (no wildcards, no empty ' +
            'levels, not starting with $)',
        ];
  }

  subscriptions(device: DeviceAddress): string[] {
    const base = device.address;
    return [`${base}/event/#`, `${base}/progress/printing`, `${base}/mqtt`];
  }

  /** The plugin publishes everything under its base topic and subscribes to nothing the server sends. */
  topicRights(device: DeviceAddress): TopicRights {
    return { publish: [`${device.address}/#`], subscribe: [] };
  }

  wildcardSubscriptions(): string[] {
    return [];
  }

  override coveredByWildcards(): boolean {
    return false;
  }

  matchTopic(topic: string): string | null {
    return parseOctoprintTopic(topic)?.base ?? null;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const parsed = parseOctoprintTopic(topic);
    if (parsed === null || parsed.base !== device.address) {
      // temperature/<tool>, progress/slicing… under the base: nothing the access runtime needs.
      return topic.startsWith(`${device.address}/`)
        ? decoded()
        : rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    switch (parsed.kind) {
      case 'event':
        return decodeOctoprintEvent(parsed.event, payload);
      case 'progress':
        return decodeOctoprintProgress(payload);
      case 'connection':
        return decodeOctoprintConnection(payload);
    }
  }
}
