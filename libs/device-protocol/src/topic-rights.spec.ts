import fc from 'fast-check';
import { DeviceProtocol } from '@werkbank/contracts';
import { createAdapterRegistry } from './adapter-registry';
import type { DeviceAddress } from './device-adapter';
import { topicConflicts, TopicRightsIndex, type NamedDevice } from './topic-conflicts';
import { filterCovers, filtersIntersect, mayPublish, maySubscribe, rightsOverlap } from './topic-rights';
import { isTopicPart, topicMatchesFilter } from './topic.util';

const registry = createAdapterRegistry();
const rightsOf = (protocol: DeviceProtocol, address: string, options?: Record<string, string>) =>
  (registry.get(protocol) as NonNullable<ReturnType<typeof registry.get>>).topicRights({
    deviceId: address,
    protocol,
    address,
    options,
  });

describe('filter algebra', () => {
  // Small alphabets, so that random filters and topics actually meet.
  const level = fc.constantFrom('a', 'b', 'tele', 'x');
  const topic = fc.array(level, { minLength: 1, maxLength: 4 }).map((l) => l.join('/'));
  const filter = fc
    .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([levels, hash]) => (hash ? [...levels, '#'] : levels).join('/'));
  const topics = fc.array(topic, { minLength: 1, maxLength: 30 });
  // Every topic of up to 5 levels over the alphabet: enough to decide intersection and cover by brute force.
  const universe: string[] = [];
  const alphabet = ['a', 'b', 'tele', 'x', 'other'];
  const grow = (prefix: string[], depth: number) => {
    if (prefix.length > 0) universe.push(prefix.join('/'));
    if (depth === 0) return;
    for (const l of alphabet) grow([...prefix, l], depth - 1);
  };
  grow([], 5);

  it('filtersIntersect agrees with brute force, and is symmetric', () => {
    fc.assert(
      fc.property(filter, filter, (a, b) => {
        const brute = universe.some((t) => topicMatchesFilter(a, t) && topicMatchesFilter(b, t));
        // Filters of ≤5 levels (with #) that meet at all meet within 5 levels.
        expect(filtersIntersect(a, b)).toBe(brute);
        expect(filtersIntersect(b, a)).toBe(filtersIntersect(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('filterCovers: a covered filter never matches a topic its cover does not', () => {
    fc.assert(
      fc.property(filter, filter, topics, (outer, inner, sample) => {
        if (!filterCovers(outer, inner)) return;
        for (const t of [...sample, ...universe])
          if (topicMatchesFilter(inner, t)) expect(topicMatchesFilter(outer, t)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('filterCovers decides the examples a broker meets', () => {
    expect(filterCovers('cmnd/t/#', 'cmnd/t/POWER')).toBe(true);
    expect(filterCovers('cmnd/t/#', 'cmnd/t')).toBe(true);
    expect(filterCovers('cmnd/t/#', 'cmnd/+/POWER')).toBe(false);
    expect(filterCovers('cmnd/t/#', 'cmnd/#')).toBe(false);
    expect(filterCovers('cmnd/t/#', '#')).toBe(false);
    expect(filterCovers('a/+/c', 'a/b/c')).toBe(true);
    expect(filterCovers('a/b/c', 'a/+/c')).toBe(false);
  });
});

describe('topic rights at fixed positions', () => {
  it('a Tasmota device named tele or cmnd gets its own topics, not every device’s', () => {
    const tele = rightsOf(DeviceProtocol.TasmotaReader, 'tele');
    expect(mayPublish(tele, 'tele/tele/SENSOR')).toBe(true);
    expect(mayPublish(tele, 'tele/reader-prusa/SENSOR')).toBe(false);
    expect(maySubscribe(tele, 'tele/#')).toBe(false);
    expect(maySubscribe(tele, 'tele/reader-prusa/SENSOR')).toBe(false);
    const cmnd = rightsOf(DeviceProtocol.TasmotaRelay, 'cmnd');
    expect(mayPublish(cmnd, 'cmnd/relay-laser/POWER')).toBe(false);
    expect(mayPublish(cmnd, 'stat/cmnd/POWER')).toBe(true);
    expect(maySubscribe(cmnd, 'cmnd/cmnd/#')).toBe(true);
  });

  it('publish and subscribe are apart: a reader may not publish its own commands or read its neighbours', () => {
    const reader = rightsOf(DeviceProtocol.TasmotaReader, 'reader-1');
    expect(mayPublish(reader, 'cmnd/reader-1/Buzzer')).toBe(false);
    expect(maySubscribe(reader, 'tele/reader-1/SENSOR')).toBe(false);
    const own = rightsOf(DeviceProtocol.Werkbank, 'v1');
    expect(mayPublish(own, 'werkbank/v1/v1/evt/card')).toBe(true);
    expect(mayPublish(own, 'werkbank/v1/other/evt/card')).toBe(false);
    expect(mayPublish(own, 'werkbank/v1/v1/cmd/actuator')).toBe(false);
    expect(maySubscribe(own, 'werkbank/v1/+/cmd/#')).toBe(false);
    expect(maySubscribe(own, 'werkbank/v1/v1/cmd/#')).toBe(true);
  });

  it('covers what every family publishes and subscribes for the server, and nothing of another device', () => {
    const devices: DeviceAddress[] = [
      { deviceId: '1', protocol: DeviceProtocol.TasmotaReader, address: 'rdr' },
      { deviceId: '2', protocol: DeviceProtocol.TasmotaRelay, address: 'rly', options: { relay: '2' } },
      { deviceId: '3', protocol: DeviceProtocol.ShellyGen1, address: 'shelly1pm-A1' },
      { deviceId: '4', protocol: DeviceProtocol.ShellyGen2, address: 'shellyplus1pm-b2' },
      {
        deviceId: '5',
        protocol: DeviceProtocol.EsphomeReader,
        address: 'esp-door',
        options: { cardTopic: 'cards/esp-door', feedbackTopic: 'esp-door-fb/show' },
      },
      { deviceId: '6', protocol: DeviceProtocol.OctoprintMqtt, address: 'lab/ender3' },
      { deviceId: '7', protocol: DeviceProtocol.MoonrakerMqtt, address: 'voron' },
      { deviceId: '8', protocol: DeviceProtocol.Werkbank, address: 'bridge-1' },
    ];
    for (const device of devices) {
      const adapter = registry.get(device.protocol);
      if (!adapter) throw new Error(device.protocol);
      const rights = adapter.topicRights(device);
      // What the server listens to for the device, the device may publish…
      for (const filter of adapter.subscriptions(device)) {
        const sample = filter.replace(/#$/, 'card').replace(/\+/g, 'x');
        expect([device.protocol, sample, mayPublish(rights, sample)]).toEqual([
          device.protocol,
          sample,
          true,
        ]);
      }
      // …and what the server sends it, the device may subscribe to.
      const sent = [
        ...adapter.encodeActuator(device, true),
        ...adapter.encodeFeedback(device, { result: 'allowed', reason: null, text: 'hi' }),
        ...adapter.encodeStateQuery(device),
      ];
      for (const { topic } of sent) expect([topic, maySubscribe(rights, topic)]).toEqual([topic, true]);
      // No two of these devices share a topic.
      for (const other of devices) {
        if (other === device) continue;
        const otherRights = registry.get(other.protocol)?.topicRights(other);
        if (otherRights)
          expect([device.address, other.address, rightsOverlap(rights, otherRights)]).toEqual([
            device.address,
            other.address,
            null,
          ]);
      }
    }
  });
});

describe('topicConflicts', () => {
  const named = (protocol: DeviceProtocol, address: string, name = address): NamedDevice => ({
    address: { deviceId: `id-${protocol}-${address}`, protocol, address },
    name,
  });

  it('refuses nested addresses of one family, naming the other device', () => {
    const lab = named(DeviceProtocol.TasmotaRelay, 'lab', 'Lab plug');
    const conflicts = topicConflicts(registry, named(DeviceProtocol.TasmotaReader, 'lab/saw'), [lab]);
    expect(conflicts).toEqual([
      { problem: expect.stringContaining('device "Lab plug"'), otherDevice: 'Lab plug' },
    ]);
    expect(topicConflicts(registry, lab, [named(DeviceProtocol.TasmotaReader, 'lab/saw')])).toHaveLength(1);
  });

  it('refuses an address that takes another family’s space, whether or not such devices exist yet', () => {
    for (const [protocol, address] of [
      [DeviceProtocol.EsphomeReader, 'tele'],
      [DeviceProtocol.OctoprintMqtt, 'cmnd/printer'],
      [DeviceProtocol.MoonrakerMqtt, 'shellies'],
      [DeviceProtocol.ShellyGen2, 'werkbank'],
      [DeviceProtocol.EsphomeReader, 'werkbank-server'],
    ] as const) {
      const [conflict] = topicConflicts(registry, named(protocol, address), []);
      expect([address, conflict?.problem]).toEqual([address, expect.stringContaining('belongs to')]);
    }
    // An ESPHome card topic placed inside a Tasmota device's topics is refused too.
    const esp: NamedDevice = {
      address: {
        deviceId: 'e',
        protocol: DeviceProtocol.EsphomeReader,
        address: 'esp',
        options: { cardTopic: 'tele/reader-1/SENSOR' },
      },
      name: 'esp',
    };
    expect(topicConflicts(registry, esp, [])).toHaveLength(1);
  });

  it('lets devices with apart topics and the same address in different families be', () => {
    const others = [named(DeviceProtocol.TasmotaRelay, 'saw'), named(DeviceProtocol.Werkbank, 'saw')];
    expect(topicConflicts(registry, named(DeviceProtocol.ShellyGen1, 'saw'), others)).toEqual([]);
    expect(topicConflicts(registry, named(DeviceProtocol.TasmotaReader, 'saw-reader'), others)).toEqual([]);
  });
});

describe('address alphabet', () => {
  it('refuses what would inject into a topic, an ACL file or a log line', () => {
    for (const bad of [
      'a\nuser x',
      'a b',
      'a/+',
      'a/#',
      '$SYS',
      'a//b',
      '/a',
      'a/',
      '',
      'tele%topic%',
      'ä',
    ]) {
      expect([bad, isTopicPart(bad)]).toEqual([bad, false]);
    }
    for (const good of [
      'tasmota_1A2B3C',
      'shellyplus1pm-a8032abe2f18',
      'octoPrint',
      'lab/ender3',
      'voron.local',
    ])
      expect(isTopicPart(good)).toBe(true);
  });

  it('every adapter refuses a hostile address', () => {
    for (const [protocol, adapter] of registry) {
      for (const address of ['x\ntopic readwrite #', 'x y', 'x/#', '+']) {
        const problems = adapter.validate({ deviceId: 'd', protocol, address });
        expect([protocol, address, problems.length > 0]).toEqual([protocol, address, true]);
      }
    }
  });
});

describe('TopicRightsIndex', () => {
  const protocols = [...registry.keys()];

  it('finds exactly the conflicts a comparison with every device finds (random devices of all families)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            protocol: fc.constantFrom(...protocols),
            address: fc.constantFrom(
              'lab',
              'lab/saw',
              'saw',
              'tele',
              'cmnd',
              'shellies',
              'a-1',
              'werkbank',
              'x/y',
            ),
          }),
          { maxLength: 12 },
        ),
        (rows) => {
          const devices = rows.map((r, i) => ({
            name: `d${i}`,
            address: { deviceId: `d${i}`, protocol: r.protocol, address: r.address, options: null },
          }));
          const valid = devices.filter(
            (d) => registry.get(d.address.protocol)?.validate(d.address).length === 0,
          );
          const index = new TopicRightsIndex(registry, valid);
          for (const candidate of valid) {
            expect(topicConflicts(registry, candidate, index)).toEqual(bruteForce(candidate, valid));
          }
        },
      ),
    );
  });

  function bruteForce(candidate: NamedDevice, others: NamedDevice[]) {
    // The same check without the index: every other device's rights.
    const rights = registry.get(candidate.address.protocol)?.topicRights(candidate.address);
    if (!rights) return [];
    const viaArray = topicConflicts(registry, candidate, []); // namespace conflicts only
    if (viaArray.length > 0) return viaArray;
    return others
      .filter((o) => o.address.deviceId !== candidate.address.deviceId)
      .flatMap((o) => {
        const overlap = rightsOverlap(rights, registry.get(o.address.protocol)!.topicRights(o.address));
        return overlap === null
          ? []
          : [
              {
                problem: `its topics overlap with those of device "${o.name}" (${overlap[0]} and ${overlap[1]}); choose another address`,
                otherDevice: o.name,
              },
            ];
      });
  }

  it('a thousand devices: each check looks at its few neighbours, not at all of them', () => {
    const devices = Array.from({ length: 1000 }, (_, i) => ({
      name: `d${i}`,
      address: {
        deviceId: `d${i}`,
        protocol: i % 2 ? DeviceProtocol.TasmotaReader : DeviceProtocol.ShellyGen1,
        address: `device-${i}`,
        options: null,
      },
    }));
    const index = new TopicRightsIndex(registry, devices);
    const conflicts = devices.flatMap((d) => topicConflicts(registry, d, index));
    expect(conflicts).toEqual([]);
    expect(
      index.near(registry.get(DeviceProtocol.TasmotaReader)!.topicRights(devices[1].address)).length,
    ).toBeLessThan(5);
  });
});
