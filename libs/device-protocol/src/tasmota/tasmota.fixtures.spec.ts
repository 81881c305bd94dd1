import { CardTechnology, DeviceProtocol } from '@werkbank/contracts';
import { loadMqttFixtures } from '../../testing/fixtures';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import type { DecodeResult, DeviceEvent } from '../device-event';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';

/**
 * Every message of tasmota/tasmota_mqtt.json, routed exactly as the server would: each Tasmota topic in the file
 * is registered both as a reader and as a relay (a board with both is common), and the router decides which
 * adapter sees the message. `undefined` = that adapter must not be routed the message at all.
 */
const FILE = 'tasmota/tasmota_mqtt.json';
const fixtures = loadMqttFixtures(FILE);

const card = (uid: string, technology: CardTechnology | null, localAt: string): DeviceEvent => ({
  kind: 'card',
  uid,
  technology,
  msgId: null,
  at: null,
  localAt,
});
const relay = (on: boolean): DeviceEvent => ({ kind: 'relay', on });
const online: DeviceEvent = { kind: 'availability', online: true };

type Expected = { reader?: DeviceEvent[]; relay?: DeviceEvent[] };

const EXPECTED: Record<number, Expected> = {
  0: { reader: [card('BA839D07', CardTechnology.MifareClassic, '2021-01-23T13:10:50')], relay: [] },
  1: { reader: [card('94D8FC5F', null, '2019-01-10T18:23:24')], relay: [] },
  2: { relay: [] }, // {"Event":"Done"} after a rule: not a card, not a power state
  3: { reader: [card('94D8FC5F', null, '2019-01-10T18:31:39')], relay: [] },
  4: { reader: [card('53BB1F05110001', CardTechnology.Ntag, '2023-02-24T20:05:48')], relay: [] },
  5: { relay: [relay(true)] },
  6: { relay: [relay(true)] },
  7: { reader: [online], relay: [online] },
  // wemos2 is a two-relay board, registered below as relay 2: POWER1 belongs to the other output.
  8: { relay: [] },
  9: { relay: [] },
  10: { relay: [relay(true)] },
  11: { relay: [relay(true)] },
  12: { relay: [relay(true)] },
  13: { relay: [relay(false)] },
  14: { relay: [relay(false)] },
  15: { reader: [], relay: [{ kind: 'power', watts: 2635 }] },
  16: { reader: [card('00434343', CardTechnology.Em4100, '2020-08-27T08:03:07')], relay: [] },
  17: { reader: [card('0043202D', CardTechnology.Em4100, '2020-08-27T08:05:16')], relay: [] },
  18: { reader: [card('94D8FC5F', null, '2019-01-02T22:07:10')], relay: [] },
  19: { reader: [card('94D8FC5F', null, '2019-01-08T19:16:10')], relay: [] },
  20: { reader: [card('94D8FC5F', null, '2019-01-08T19:16:25')], relay: [] },
  21: { reader: [online], relay: [online] },
  22: {}, // INFO1: no adapter subscribes to it
  23: { relay: [relay(false)] },
  24: { relay: [relay(false)] },
  25: { relay: [relay(false)] },
  26: { relay: [] }, // {"TelePeriod":300}
  27: { relay: [relay(true)] },
  28: { reader: [], relay: [{ kind: 'power', watts: 0 }] },
  29: { relay: [relay(true)] },
  30: { relay: [relay(true)] },
};

function tasmotaAddress(topic: string): string {
  return topic.split('/')[1] as string;
}

function buildRouter(): DeviceRouter {
  const router = new DeviceRouter(createAdapterRegistry());
  const addresses = new Set(fixtures.map((f) => tasmotaAddress(f.topic)));
  for (const address of addresses) {
    const options = address === 'wemos2' ? { relay: '2' } : undefined;
    const devices: DeviceAddress[] = [
      { deviceId: `reader-${address}`, protocol: DeviceProtocol.TasmotaReader, address },
      { deviceId: `relay-${address}`, protocol: DeviceProtocol.TasmotaRelay, address, options },
    ];
    for (const device of devices) expect(router.add(device)).toEqual([]);
  }
  return router;
}

function eventsOf(result: DecodeResult): DeviceEvent[] {
  if (!result.ok) throw new Error(`decode failed: ${result.error}`);
  return result.events;
}

describe(`Tasmota fixtures (${FILE})`, () => {
  const router = buildRouter();
  const filters = router.subscriptions();

  it('has an expectation for every recorded message', () => {
    expect(fixtures.map((f) => f.index)).toEqual(Object.keys(EXPECTED).map(Number));
  });

  it.each(fixtures.map((f) => [f.index, f.topic, f] as const))('#%i %s', (index, topic, fixture) => {
    const expected = EXPECTED[index] as Expected;
    const routed = router.route(topic);
    const byProtocol = new Map(routed.map((r) => [r.adapter.protocol, r]));
    expect([...byProtocol.keys()].sort()).toEqual(
      [
        ...(expected.reader ? [DeviceProtocol.TasmotaReader] : []),
        ...(expected.relay ? [DeviceProtocol.TasmotaRelay] : []),
      ].sort(),
    );
    for (const [protocol, events] of [
      [DeviceProtocol.TasmotaReader, expected.reader],
      [DeviceProtocol.TasmotaRelay, expected.relay],
    ] as const) {
      if (!events) continue;
      const r = byProtocol.get(protocol);
      if (!r) throw new Error('not routed');
      // Payloads arrive as Buffer from mqtt.js; strings must decode the same.
      expect(eventsOf(r.adapter.decode(r.device, topic, Buffer.from(fixture.payload)))).toEqual(events);
      expect(eventsOf(r.adapter.decode(r.device, topic, fixture.payload))).toEqual(events);
    }
    // A routed message must also be one the server actually receives with its subscriptions.
    if (routed.length > 0) expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
  });

  it('treats POWER1 as the only relay of a single-relay device (SetOption26)', () => {
    const registry = createAdapterRegistry();
    const adapter = registry.get(DeviceProtocol.TasmotaRelay)!;
    const device: DeviceAddress = { deviceId: 'd', protocol: DeviceProtocol.TasmotaRelay, address: 'wemos2' };
    expect(adapter.decode(device, fixtures[8]!.topic, fixtures[8]!.payload)).toEqual({
      ok: true,
      events: [relay(false)],
    });
    expect(adapter.decode(device, fixtures[9]!.topic, fixtures[9]!.payload)).toEqual({
      ok: true,
      events: [relay(false)],
    });
    expect(adapter.decode(device, fixtures[10]!.topic, fixtures[10]!.payload)).toEqual({
      ok: true,
      events: [],
    });
  });
});
