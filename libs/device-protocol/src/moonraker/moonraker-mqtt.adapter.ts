import { DeviceProtocol } from '@werkbank/contracts';
import { PrinterReportAdapter, type DeviceAddress } from '../device-adapter';
import { rejected, type DecodeResult } from '../device-event';
import type { Payload } from '../payload.util';
import type { TopicRights } from '../topic-rights';
import {
  decodeMoonrakerKlipperStatus,
  decodeMoonrakerPrintState,
  decodeMoonrakerServerStatus,
  isMoonrakerInstance,
  parseMoonrakerTopic,
} from './moonraker-mqtt.codec';

/**
 * Address: Moonraker's `[mqtt] instance_name` (one topic level; Moonraker's default is the host name).
 * `status_objects` must include `print_stats`; both the combined `klipper/status` topic and the split
 * `klipper/state/print_stats/state` topic (`publish_split_status: True`) are read. No options. Read-only: the
 * JSON-RPC API over MQTT is not used.
 */
export class MoonrakerMqttAdapter extends PrinterReportAdapter {
  readonly protocol = DeviceProtocol.MoonrakerMqtt;

  protected addressProblems(device: DeviceAddress): string[] {
    return isMoonrakerInstance(device.address)
      ? []
      : ['address must be the Moonraker instance_name (one topic level, no wildcards, not starting with $)'];
  }

  subscriptions(device: DeviceAddress): string[] {
    const instance = device.address;
    return [
      `${instance}/klipper/status`,
      `${instance}/klipper/state/print_stats/state`,
      `${instance}/moonraker/status`,
    ];
  }

  /** Moonraker publishes under `<instance>/klipper/…` and `<instance>/moonraker/…` and listens for API requests. */
  topicRights(device: DeviceAddress): TopicRights {
    const instance = device.address;
    return { publish: [`${instance}/#`], subscribe: [`${instance}/moonraker/api/request`] };
  }

  wildcardSubscriptions(): string[] {
    return ['+/klipper/status', '+/klipper/state/print_stats/state', '+/moonraker/status'];
  }

  matchTopic(topic: string): string | null {
    return parseMoonrakerTopic(topic)?.instance ?? null;
  }

  protected decodeMessage(device: DeviceAddress, topic: string, payload: Payload): DecodeResult {
    const parsed = parseMoonrakerTopic(topic);
    if (parsed === null || parsed.instance !== device.address) {
      return rejected(`topic is not a ${this.protocol} topic of ${device.address}`);
    }
    switch (parsed.kind) {
      case 'klipper-status':
        return decodeMoonrakerKlipperStatus(payload);
      case 'print-state':
        return decodeMoonrakerPrintState(payload);
      case 'server-status':
        return decodeMoonrakerServerStatus(payload);
    }
  }
}
