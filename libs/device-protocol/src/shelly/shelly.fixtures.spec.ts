import { DeviceProtocol } from '@werkbank/contracts';
import { loadMqttFixtures } from '../../testing/fixtures';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import type { DeviceEvent } from '../device-event';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';

/**
 * Every message of shelly/shelly_mqtt.json through the router. Gen2 devices are registered by their topic
 * prefix, Gen1 devices by their id. `null` = no adapter may be routed the message (nothing the runtime needs:
 * energy counters, inputs, emeters, roller mode, dimmer, component status, HTTP replies).
 */
const FILE = 'shelly/shelly_mqtt.json';
const fixtures = loadMqttFixtures(FILE);

/** Fixture #9 only names the reply topic as `<src of the request>/rpc`; our src is `werkbank-server/<prefix>`. */
const REPLY_TOPIC = 'werkbank-server/shellydev1-c8f09e47e6f0/rpc';
const topicOf = (index: number, topic: string) => (index === 9 ? REPLY_TOPIC : topic);

const relay = (on: boolean): DeviceEvent => ({ kind: 'relay', on });
const power = (watts: number): DeviceEvent => ({ kind: 'power', watts });

const GEN1 = DeviceProtocol.ShellyGen1;
const GEN2 = DeviceProtocol.ShellyGen2;

const EXPECTED: Record<number, { protocol: DeviceProtocol; events: DeviceEvent[] } | null> = {
  0: { protocol: GEN2, events: [power(11.5)] }, // delta without output: power only
  1: { protocol: GEN2, events: [relay(true), power(11.5)] },
  2: { protocol: GEN2, events: [relay(true), power(3.8)] }, // custom prefix
  3: null, // status/mqtt
  4: null, // status/input:0
  5: { protocol: GEN2, events: [relay(true), power(107.6)] },
  6: { protocol: GEN2, events: [relay(false), power(0)] },
  7: null,
  8: { protocol: GEN2, events: [relay(true)] }, // NotifyStatus from the physical button
  9: { protocol: GEN2, events: [] }, // Switch.Set reply with id 0: not one of our request ids
  10: null, // HTTP GET /shelly
  11: { protocol: GEN1, events: [power(5.56)] },
  12: null, // relay/0/energy (watt-minutes): delivered by the wildcard, not routed
  13: null, // roller mode relay/power
  14: null,
  15: null,
  16: { protocol: GEN1, events: [relay(false)] },
  17: null,
  18: null,
  19: null,
};

function buildRouter(): DeviceRouter {
  const router = new DeviceRouter(createAdapterRegistry());
  const devices = new Map<string, DeviceAddress>();
  for (const f of fixtures) {
    const topic = topicOf(f.index, f.topic);
    if (topic.startsWith('shellies/')) {
      const address = topic.split('/')[1] as string;
      devices.set(`g1-${address}`, { deviceId: `g1-${address}`, protocol: GEN1, address });
    } else if (!topic.startsWith('HTTP ')) {
      const address = topic.startsWith('werkbank-server/')
        ? (topic.split('/')[1] as string)
        : (topic.split('/')[0] as string);
      devices.set(`g2-${address}`, { deviceId: `g2-${address}`, protocol: GEN2, address });
    }
  }
  for (const device of devices.values()) expect(router.add(device)).toEqual([]);
  return router;
}

describe(`Shelly fixtures (${FILE})`, () => {
  const router = buildRouter();
  const filters = router.subscriptions();

  it('has an expectation for every recorded message', () => {
    expect(fixtures.map((f) => f.index)).toEqual(Object.keys(EXPECTED).map(Number));
  });

  it.each(fixtures.map((f) => [f.index, f.topic, f] as const))('#%i %s', (index, rawTopic, fixture) => {
    const topic = topicOf(index, rawTopic);
    const expected = EXPECTED[index];
    const routed = router.route(topic);
    if (expected === null || expected === undefined) {
      expect(routed).toEqual([]);
      return;
    }
    expect(routed.map((r) => r.adapter.protocol)).toEqual([expected.protocol]);
    const { device, adapter } = routed[0]!;
    expect(adapter.decode(device, topic, Buffer.from(fixture.payload))).toEqual({
      ok: true,
      events: expected.events,
    });
    expect(adapter.decode(device, topic, fixture.payload)).toEqual({ ok: true, events: expected.events });
    expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
  });
});
