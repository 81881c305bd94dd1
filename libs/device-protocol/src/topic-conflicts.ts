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
  others: readonly NamedDevice[] | TopicRightsIndex,
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
  const index = others instanceof TopicRightsIndex ? others : new TopicRightsIndex(registry, others);
  for (const { device: other, rights: otherRights } of index.near(rights)) {
    if (other.address.deviceId === candidate.address.deviceId) continue;
    const overlap = rightsOverlap(rights, otherRights);
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

interface IndexedDevice {
  device: NamedDevice;
  rights: TopicRights;
  /** Position in the list given, so conflicts come in the same order with and without the index. */
  order: number;
}

/**
 * Registered devices' topic rights, bucketed by the first two topic levels. Two filters whose first two levels
 * are both literal can only share a topic when those levels are equal, so a check compares a device with the
 * few others in its buckets (and the rare filters with a wildcard that early) instead of with every device:
 * the boot check of a thousand devices costs milliseconds, not seconds.
 */
export class TopicRightsIndex {
  private readonly buckets = new Map<string, IndexedDevice[]>();
  private readonly wide: IndexedDevice[] = [];
  private readonly all: IndexedDevice[] = [];

  constructor(registry: AdapterRegistry, devices: readonly NamedDevice[]) {
    for (const device of devices) {
      const adapter = registry.get(device.address.protocol);
      if (!adapter) continue;
      const entry = { device, rights: adapter.topicRights(device.address), order: this.all.length };
      this.all.push(entry);
      const keys = new Set(filtersOf(entry.rights).map(bucketKey));
      if (keys.has(null)) this.wide.push(entry);
      else
        for (const key of keys)
          this.buckets.set(key as string, [...(this.buckets.get(key as string) ?? []), entry]);
    }
  }

  /** The devices whose rights could overlap `rights` (a superset of those that do). */
  near(rights: TopicRights): IndexedDevice[] {
    const keys = new Set(filtersOf(rights).map(bucketKey));
    if (keys.has(null)) return this.all;
    const found = new Set<IndexedDevice>(this.wide);
    for (const key of keys) for (const entry of this.buckets.get(key as string) ?? []) found.add(entry);
    return [...found].sort((a, b) => a.order - b.order);
  }
}

function filtersOf(rights: TopicRights): string[] {
  return [...rights.publish, ...rights.subscribe];
}

/** `tele/lab` for `tele/lab/#`; null when one of the first two levels is a wildcard or missing. */
function bucketKey(filter: string): string | null {
  const [first, second] = filter.split('/', 2);
  if (second === undefined || first === '+' || first === '#' || second === '+' || second === '#') return null;
  return `${first}/${second}`;
}
