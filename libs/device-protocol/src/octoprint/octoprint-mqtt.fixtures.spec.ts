import { DeviceProtocol } from '@werkbank/contracts';
import { loadMqttFixtures } from '../../testing/fixtures';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import type { DeviceEvent, PrinterEvent } from '../device-event';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';

/**
 * Every MQTT message of octoprint/octoprint_mqtt_and_rest.json through the router. Devices are registered by
 * their base topic (`octoPrint`, `octoprint`, `Ender3`). `null` = not routed (temperatures: not subscribed);
 * `'http'` = a REST example, no MQTT message.
 */
const FILE = 'octoprint/octoprint_mqtt_and_rest.json';
const fixtures = loadMqttFixtures(FILE);
const OCTO = DeviceProtocol.OctoprintMqtt;

const printer = (
  state: PrinterEvent['state'],
  progress: number | null,
  jobName: string | null,
  remainingMinutes: number | null = null,
): DeviceEvent => ({ kind: 'printer', state, progress, remainingMinutes, jobName });

const EXPECTED: Record<number, DeviceEvent[] | null | 'http'> = {
  0: [printer('printing', 0, 'case_bp_3.6.v1.0.gco')], // old payload: filename, no name
  1: [printer('printing', 0, 'Stringing_Test.gco', 5)], // flags.printing at 0 %; printTimeLeft 273 s
  2: null, // temperature/tool0
  3: [{ kind: 'availability', online: true }],
  4: [printer('printing', 92, 'headphone_holder_v4_0.15mm_PLA_MINI_2h57m.gcode', 15)], // 912 s left
  5: [printer('finished', 100, 'filename.gcode')], // custom base, no printer_data: 100 % = done
  6: [], // PrinterStateChanged: the print events suffice
  7: [printer('finished', 100, 'NodeMCU_Case.gcode')], // no _timestamp (2017 plugin)
  8: [printer('printing', 0, 'NodeMCU_Case_-_35_gap.gcode')],
  9: [],
  10: null, // temperature/bed
  11: 'http',
  12: 'http',
  13: 'http',
};

const mqttFixtures = fixtures.filter((f) => EXPECTED[f.index] !== 'http');

function buildRouter(): DeviceRouter {
  const router = new DeviceRouter(createAdapterRegistry());
  for (const address of ['octoPrint', 'octoprint', 'Ender3']) {
    const device: DeviceAddress = { deviceId: `op-${address}`, protocol: OCTO, address };
    expect(router.add(device)).toEqual([]);
  }
  return router;
}

describe(`OctoPrint-MQTT fixtures (${FILE})`, () => {
  const router = buildRouter();
  const filters = router.subscriptions();

  it('has an expectation for every recorded message', () => {
    expect(fixtures.map((f) => f.index)).toEqual(Object.keys(EXPECTED).map(Number));
    expect(fixtures.filter((f) => f.topic.startsWith('HTTP ')).map((f) => f.index)).toEqual([11, 12, 13]);
  });

  it.each(mqttFixtures.map((f) => [f.index, f.topic, f] as const))('#%i %s', (index, topic, fixture) => {
    const expected = EXPECTED[index];
    const routed = router.route(topic);
    if (expected === null || expected === undefined || expected === 'http') {
      expect(routed).toEqual([]);
      return;
    }
    expect(routed.map((r) => r.adapter.protocol)).toEqual([OCTO]);
    const { device, adapter } = routed[0]!;
    expect(device.address).toBe(topic.split('/')[0]);
    expect(adapter.decode(device, topic, Buffer.from(fixture.payload))).toEqual({
      ok: true,
      events: expected,
    });
    expect(adapter.decode(device, topic, fixture.payload)).toEqual({ ok: true, events: expected });
    expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
  });

  it('temperature messages under a registered base decode to nothing', () => {
    const adapter = createAdapterRegistry().get(OCTO)!;
    for (const f of fixtures.filter((x) => x.topic.includes('/temperature/'))) {
      const device: DeviceAddress = { deviceId: 'd', protocol: OCTO, address: f.topic.split('/')[0]! };
      expect(adapter.decode(device, f.topic, f.payload)).toEqual({ ok: true, events: [] });
    }
  });
});
