import type { AdapterRegistry } from './adapter-registry';
import type { DeviceAddress } from './device-adapter';
import { filtersIntersect, rightsOverlap, type TopicRights } from './topic-rights';

export interface NamedDevice {
  address: DeviceAddress;
  /** For the message: staff know devices by name. */
  name: string;
}

export interface TopicConflict {
  /** In English, for the API's problem text. */
  problem: string;
  /** The registered device whose topics the candidate would share; absent for a family's namespace. */
  otherDevice?: string;
}

/**
 * Why `candidate` cannot join the broker next to `others`: its topics would reach into a space another family
 * owns, or overlap another device's topics (`lab` and `lab/saw`, a Tasmota named `tele` next to an ESPHome node
 * named `tele`). Overlapping rights are what lets one device read or forge another's taps, so they are refused
 * when a device is created or changed, not sorted out at runtime.
 */
export function topicConflicts(
  registry: AdapterRegistry,
  candidate: NamedDevice,
  others: readonly NamedDevice[],
): TopicConflict[] {
  const adapter = registry.get(candidate.address.protocol);
  if (!adapter) return [];
  const rights = adapter.topicRights(candidate.address);
  const own = new Set(adapter.namespaces());
  const conflicts: TopicConflict[] = [];
  for (const [protocol, family] of registry) {
    for (const namespace of family.namespaces()) {
      if (own.has(namespace)) continue;
      const hit = firstIntersecting(rights, namespace);
      if (hit !== null) {
        conflicts.push({
          problem: `its topic ${hit} lies in ${namespace}, which belongs to ${protocol} devices; choose another address`,
        });
        return conflicts;
      }
    }
  }
  for (const other of others) {
    if (other.address.deviceId === candidate.address.deviceId) continue;
    const otherAdapter = registry.get(other.address.protocol);
    if (!otherAdapter) continue;
    const overlap = rightsOverlap(rights, otherAdapter.topicRights(other.address));
    if (overlap !== null) {
      conflicts.push({
        problem: `its topics overlap with those of device "${other.name}" (${overlap[0]} and ${overlap[1]}); choose another address`,
        otherDevice: other.name,
      });
    }
  }
  return conflicts;
}

function firstIntersecting(rights: TopicRights, filter: string): string | null {
  for (const granted of [...rights.publish, ...rights.subscribe])
    if (filtersIntersect(granted, filter)) return granted;
  return null;
}
