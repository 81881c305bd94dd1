import { DeviceProtocol } from '@werkbank/contracts';
import { loadMqttFixtures } from '../../testing/fixtures';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import type { DeviceEvent } from '../device-event';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';

/**
 * moonraker/moonraker_messages.json. Only #0 and #8 are MQTT messages; #8 names its topic
 * `<instance_name>/moonraker/status`, replayed here for the instance `moonraker` (the name in #0). The others
 * are HTTP / JSON-RPC / websocket examples: they are not routed as MQTT, but the ones shaped like a Klipper
 * status (`{"eventtime","status":{…}}`, or a bare print_stats object) are replayed on `<instance>/klipper/status`
 * to check the print_stats mapping against recorded values.
 */
const FILE = 'moonraker/moonraker_messages.json';
const fixtures = loadMqttFixtures(FILE);
const MOON = DeviceProtocol.MoonrakerMqtt;
const INSTANCE = 'moonraker';
const device: DeviceAddress = { deviceId: 'mr', protocol: MOON, address: INSTANCE };

const topicOf = (topic: string) => topic.replace('<instance_name>', INSTANCE);

const MQTT_EXPECTED: Record<number, DeviceEvent[]> = {
  0: [], // webhooks only (Klippy ready): no print_stats in this delta
  8: [{ kind: 'availability', online: true }],
};

/** Non-MQTT entries: how each one's Klipper status (if any) decodes when published on klipper/status. */
const STATUS_SHAPED: Record<number, { status: (payload: unknown) => unknown; events: DeviceEvent[] } | null> =
  {
    1: {
      status: (p) => (p as { result: unknown }).result, // HTTP query result
      events: [
        {
          kind: 'printer',
          state: 'finished',
          progress: null,
          remainingMinutes: null,
          jobName: 'SC846_SSD_HDD_Holder.gcode',
        },
      ],
    },
    2: null, // printer.info: Klippy host info, not a status
    3: { status: (p) => p, events: [] }, // objects.query of gcode_move/toolhead: no print_stats
    4: {
      status: (p) => ({ eventtime: 1, status: { print_stats: p } }), // print_stats object in standby
      events: [{ kind: 'printer', state: 'idle', progress: null, remainingMinutes: null, jobName: null }],
    },
    5: null,
    6: null,
    7: null,
  };

describe(`Moonraker fixtures (${FILE})`, () => {
  const router = new DeviceRouter(createAdapterRegistry());
  expect(router.add(device)).toEqual([]);
  const filters = router.subscriptions();

  it('has an expectation for every recorded message', () => {
    const all = [...Object.keys(MQTT_EXPECTED), ...Object.keys(STATUS_SHAPED)]
      .map(Number)
      .sort((a, b) => a - b);
    expect(fixtures.map((f) => f.index)).toEqual(all);
  });

  it.each(fixtures.filter((f) => f.index in MQTT_EXPECTED).map((f) => [f.index, f.topic, f] as const))(
    '#%i %s',
    (index, rawTopic, fixture) => {
      const topic = topicOf(rawTopic);
      const routed = router.route(topic);
      expect(routed.map((r) => r.device.deviceId)).toEqual(['mr']);
      const { adapter } = routed[0]!;
      const expected = { ok: true, events: MQTT_EXPECTED[index] };
      expect(adapter.decode(device, topic, fixture.payload)).toEqual(expected);
      expect(adapter.decode(device, topic, Buffer.from(fixture.payload))).toEqual(expected);
      expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
    },
  );

  it.each(fixtures.filter((f) => !(f.index in MQTT_EXPECTED)).map((f) => [f.index, f.topic, f] as const))(
    '#%i %s (not MQTT)',
    (index, topic, fixture) => {
      expect(router.route(topic)).toEqual([]);
      const shaped = STATUS_SHAPED[index];
      if (!shaped) return;
      const adapter = createAdapterRegistry().get(MOON)!;
      const payload = JSON.stringify(shaped.status(JSON.parse(fixture.payload)));
      expect(adapter.decode(device, `${INSTANCE}/klipper/status`, payload)).toEqual({
        ok: true,
        events: shaped.events,
      });
    },
  );
});
