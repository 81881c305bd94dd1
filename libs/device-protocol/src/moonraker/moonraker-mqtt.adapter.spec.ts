import { DeviceProtocol } from '@werkbank/contracts';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';
import { MoonrakerMqttAdapter } from './moonraker-mqtt.adapter';

const adapter = new MoonrakerMqttAdapter();
const device: DeviceAddress = { deviceId: 'mr', protocol: DeviceProtocol.MoonrakerMqtt, address: 'voron' };

const printer = (state: string, progress: number | null = null, jobName: string | null = null) => ({
  ok: true,
  events: [{ kind: 'printer', state, progress, remainingMinutes: null, jobName }],
});
const status = (s: object) => JSON.stringify({ eventtime: 423824.5, status: s });

describe('MoonrakerMqttAdapter', () => {
  it('subscribes the three topics, covered by the wildcards', () => {
    expect(adapter.subscriptions(device)).toEqual([
      'voron/klipper/status',
      'voron/klipper/state/print_stats/state',
      'voron/moonraker/status',
    ]);
    expect(adapter.wildcardSubscriptions()).toEqual([
      '+/klipper/status',
      '+/klipper/state/print_stats/state',
      '+/moonraker/status',
    ]);
    expect(adapter.coveredByWildcards(device)).toBe(true);
    for (const topic of adapter.subscriptions(device))
      expect(adapter.wildcardSubscriptions().some((f) => topicMatchesFilter(f, topic))).toBe(true);
  });

  it.each([
    ['voron/klipper/status', 'voron'],
    ['voron/klipper/state/print_stats/state', 'voron'],
    ['voron/moonraker/status', 'voron'],
    ['voron/klipper/state/print_stats/filename', null],
    ['voron/klipper/state/webhooks/state', null],
    ['voron/moonraker/api/response', null],
    ['a/voron/klipper/status', null],
    ['/klipper/status', null],
    ['$SYS/klipper/status', null],
    ['klipper/status', null],
    ['voron/klipper/status/x', null],
    ['', null],
  ])('matchTopic(%j) → %j', (topic, key) => {
    expect(adapter.matchTopic(topic)).toBe(key);
  });

  it('routes to the device by instance name', () => {
    const router = new DeviceRouter(createAdapterRegistry());
    expect(router.add(device)).toEqual([]);
    expect(router.route('voron/klipper/status').map((r) => r.device.deviceId)).toEqual(['mr']);
    expect(router.route('other/klipper/status')).toEqual([]);
  });

  it.each([
    ['standby', 'idle'],
    ['printing', 'printing'],
    ['paused', 'paused'],
    ['complete', 'finished'],
    ['error', 'failed'],
    ['cancelled', 'failed'],
  ])('print_stats.state %s → %s (combined, split object and split string)', (raw, state) => {
    expect(adapter.decode(device, 'voron/klipper/status', status({ print_stats: { state: raw } }))).toEqual(
      printer(state),
    );
    const split = 'voron/klipper/state/print_stats/state';
    expect(adapter.decode(device, split, JSON.stringify({ eventtime: 1.5, value: raw }))).toEqual(
      printer(state),
    );
    expect(adapter.decode(device, split, JSON.stringify(raw))).toEqual(printer(state));
  });

  it('takes progress and file name from the same status message', () => {
    const payload = status({
      print_stats: { state: 'printing', filename: 'benchy.gcode' },
      virtual_sdcard: { progress: 0.4567 },
      display_status: { progress: 0.5 },
    });
    expect(adapter.decode(device, 'voron/klipper/status', payload)).toEqual(
      printer('printing', 45.7, 'benchy.gcode'),
    );
    const m73 = status({ print_stats: { state: 'paused' }, display_status: { progress: 0.25 } });
    expect(adapter.decode(device, 'voron/klipper/status', m73)).toEqual(printer('paused', 25));
  });

  it('yields nothing for deltas without print_stats.state', () => {
    for (const s of [{}, { webhooks: { state: 'shutdown' } }, { print_stats: { print_duration: 12.5 } }])
      expect(adapter.decode(device, 'voron/klipper/status', status(s))).toEqual({ ok: true, events: [] });
  });

  it('decodes the server status', () => {
    expect(adapter.decode(device, 'voron/moonraker/status', '{"server": "offline"}')).toEqual({
      ok: true,
      events: [{ kind: 'availability', online: false }],
    });
  });

  it.each([
    ['voron/klipper/status', 'x', 'payload is not JSON'],
    ['voron/klipper/status', '{"eventtime":1}', 'status is not an object'],
    ['voron/klipper/status', '{"status":[]}', 'status is not an object'],
    ['voron/klipper/status', '{"status":{"print_stats":"printing"}}', 'status.print_stats is not an object'],
    [
      'voron/klipper/status',
      '{"status":{"print_stats":{"state":"warming"}}}',
      'print_stats.state "warming" is not a known print state',
    ],
    [
      'voron/klipper/status',
      '{"status":{"print_stats":{"state":"__proto__"}}}',
      'print_stats.state "__proto__" is not a known print state',
    ],
    ['voron/klipper/state/print_stats/state', 'printing', 'payload is not JSON'],
    ['voron/klipper/state/print_stats/state', '{"eventtime":1}', 'print state undefined is not a string'],
    ['voron/klipper/state/print_stats/state', '3', 'print state 3 is not a string'],
    [
      'voron/klipper/state/print_stats/state',
      '{"value":"Printing"}',
      'print_stats.state "Printing" is not a known print state',
    ],
    ['voron/moonraker/status', '{"server":"up"}', 'server "up" is not online or offline'],
    ['voron/moonraker/status', 'online', 'payload is not JSON'],
    ['voron/moonraker/status', Buffer.from([0xc3]), 'payload is not valid UTF-8'],
    ['other/moonraker/status', '{"server":"online"}', 'topic is not a moonraker_mqtt topic of voron'],
    ['voron/moonraker/api/response', '{}', 'topic is not a moonraker_mqtt topic of voron'],
  ])('rejects %s %j', (topic, payload, error) => {
    expect(adapter.decode(device, topic, payload)).toEqual({ ok: false, error });
  });

  it.each([
    ['voron', 0],
    ['my_printer-2', 0],
    ['', 1],
    ['a/b', 1],
    ['voron+', 1],
    ['#', 1],
    ['$SYS', 1],
  ])('validate(%j) has %i problem(s)', (address, problems) => {
    expect(adapter.validate({ ...device, address })).toHaveLength(problems);
  });
});
