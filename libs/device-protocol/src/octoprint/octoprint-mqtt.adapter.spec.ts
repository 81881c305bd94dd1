import { DeviceProtocol } from '@werkbank/contracts';
import { createAdapterRegistry } from '../adapter-registry';
import type { DeviceAddress } from '../device-adapter';
import { DeviceRouter } from '../device-router';
import { topicMatchesFilter } from '../topic.util';
import { OctoprintMqttAdapter } from './octoprint-mqtt.adapter';
import { parseOctoprintTopic } from './octoprint-mqtt.codec';

const adapter = new OctoprintMqttAdapter();
const device: DeviceAddress = {
  deviceId: 'op',
  protocol: DeviceProtocol.OctoprintMqtt,
  address: 'octoPrint',
};
const nested: DeviceAddress = {
  deviceId: 'op2',
  protocol: DeviceProtocol.OctoprintMqtt,
  address: 'lab/ender3',
};

const printer = (
  state: string,
  progress: number | null,
  jobName: string | null = null,
  remaining = null,
) => ({
  ok: true,
  events: [{ kind: 'printer', state, progress, remainingMinutes: remaining, jobName }],
});

describe('OctoprintMqttAdapter', () => {
  it('subscribes per device (no wildcards: the base topic is arbitrary)', () => {
    expect(adapter.subscriptions(device)).toEqual([
      'octoPrint/event/#',
      'octoPrint/progress/printing',
      'octoPrint/mqtt',
    ]);
    expect(adapter.subscriptions(nested)).toEqual([
      'lab/ender3/event/#',
      'lab/ender3/progress/printing',
      'lab/ender3/mqtt',
    ]);
    expect(adapter.wildcardSubscriptions()).toEqual([]);
    expect(adapter.coveredByWildcards()).toBe(false);
    expect(adapter.routingKeys(nested)).toEqual(['lab/ender3']);
  });

  it.each([
    ['octoPrint/event/PrintStarted', 'octoPrint'],
    ['octoPrint/progress/printing', 'octoPrint'],
    ['octoPrint/mqtt', 'octoPrint'],
    ['lab/ender3/event/PrintDone', 'lab/ender3'],
    ['lab/ender3/mqtt', 'lab/ender3'],
    ['a/event/event/PrintDone', 'a/event'],
    ['octoPrint/temperature/tool0', null],
    ['octoPrint/progress/slicing', null],
    ['octoPrint/event/', null],
    ['octoPrint/event', null],
    ['event/PrintDone', null],
    ['/event/PrintDone', null],
    ['mqtt', null],
    ['/mqtt', null],
    ['a//b/mqtt', null],
    ['$SYS/mqtt', null],
    ['progress/printing', null],
    ['', null],
  ])('matchTopic(%j) → %j', (topic, key) => {
    expect(adapter.matchTopic(topic)).toBe(key);
  });

  it('parses topic kinds', () => {
    expect(parseOctoprintTopic('octoPrint/event/PrintPaused')).toEqual({
      base: 'octoPrint',
      kind: 'event',
      event: 'PrintPaused',
    });
    expect(parseOctoprintTopic('x/progress/printing')).toEqual({ base: 'x', kind: 'progress' });
    expect(parseOctoprintTopic('x/mqtt')).toEqual({ base: 'x', kind: 'connection' });
  });

  it('routes nested and default bases to their devices, and every subscribed topic is delivered', () => {
    const router = new DeviceRouter(createAdapterRegistry());
    expect(router.add(device)).toEqual([]);
    expect(router.add(nested)).toEqual([]);
    expect(router.route('lab/ender3/event/PrintDone').map((r) => r.device.deviceId)).toEqual(['op2']);
    expect(router.route('octoPrint/progress/printing').map((r) => r.device.deviceId)).toEqual(['op']);
    expect(router.route('other/mqtt')).toEqual([]);
    const filters = router.subscriptions();
    for (const topic of ['octoPrint/event/PrintDone', 'lab/ender3/mqtt', 'lab/ender3/progress/printing'])
      expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
  });

  it.each([
    ['PrintStarted', 'printing', 0],
    ['PrintResumed', 'printing', null],
    ['PrintPaused', 'paused', null],
    ['PrintDone', 'finished', 100],
    ['PrintFailed', 'failed', null],
    ['PrintCancelled', 'failed', null],
  ])('event %s → %s', (event, state, progress) => {
    const payload = JSON.stringify({ _event: event, _timestamp: 1, name: 'a.gcode', path: 'dir/a.gcode' });
    expect(adapter.decode(device, `octoPrint/event/${event}`, payload)).toEqual(
      printer(state, progress, 'a.gcode'),
    );
  });

  it('ignores other events without parsing them', () => {
    for (const event of ['PrinterStateChanged', 'ZChange', 'FileSelected', 'Connected'])
      expect(adapter.decode(device, `octoPrint/event/${event}`, 'not json')).toEqual({
        ok: true,
        events: [],
      });
  });

  it('maps progress without printer data: 1..99 printing, 100 finished, deselected idle, 0 ambiguous', () => {
    const topic = 'octoPrint/progress/printing';
    const msg = (progress: unknown, path = 'a.gcode') =>
      JSON.stringify({ location: 'local', path, progress });
    expect(adapter.decode(device, topic, msg(23))).toEqual(printer('printing', 23, 'a.gcode'));
    expect(adapter.decode(device, topic, msg(100))).toEqual(printer('finished', 100, 'a.gcode'));
    expect(adapter.decode(device, topic, msg(0, ''))).toEqual(printer('idle', 0));
    // FileSelected and PrintStarted both publish 0: PrintStarted's event says which.
    expect(adapter.decode(device, topic, msg(0))).toEqual({ ok: true, events: [] });
  });

  it('maps progress with printer data by the state flags', () => {
    const topic = 'octoPrint/progress/printing';
    const flags = { operational: true, printing: false, paused: false, pausing: false, error: false };
    const msg = (progress: number, f: object) =>
      JSON.stringify({
        path: 'a.gcode',
        progress,
        printer_data: { state: { flags: { ...flags, ...f } }, progress: { printTimeLeft: null } },
      });
    expect(adapter.decode(device, topic, msg(0, { printing: true }))).toEqual(
      printer('printing', 0, 'a.gcode'),
    );
    expect(adapter.decode(device, topic, msg(40, { paused: true }))).toEqual(
      printer('paused', 40, 'a.gcode'),
    );
    expect(adapter.decode(device, topic, msg(40, { printing: true, pausing: true }))).toEqual(
      printer('paused', 40, 'a.gcode'),
    );
    expect(adapter.decode(device, topic, msg(100, {}))).toEqual(printer('finished', 100, 'a.gcode'));
    expect(adapter.decode(device, topic, msg(0, {}))).toEqual(printer('idle', 0, 'a.gcode'));
  });

  it('decodes the plugin connection state', () => {
    expect(adapter.decode(device, 'octoPrint/mqtt', 'disconnected')).toEqual({
      ok: true,
      events: [{ kind: 'availability', online: false }],
    });
    expect(adapter.decode(device, 'octoPrint/mqtt', Buffer.from('connected\n'))).toEqual({
      ok: true,
      events: [{ kind: 'availability', online: true }],
    });
  });

  it.each([
    ['octoPrint/mqtt', 'online', 'connection payload "online" is not connected or disconnected'],
    ['octoPrint/event/PrintDone', 'done', 'payload is not JSON'],
    ['octoPrint/event/PrintDone', '[1]', 'payload is not a JSON object'],
    [
      'octoPrint/event/PrintDone',
      '{"_event":"PrintFailed"}',
      '_event "PrintFailed" does not match the topic\'s event "PrintDone"',
    ],
    ['octoPrint/progress/printing', '{"path":"a"}', 'progress undefined is not a number from 0 to 100'],
    ['octoPrint/progress/printing', '{"progress":101}', 'progress 101 is not a number from 0 to 100'],
    ['octoPrint/progress/printing', '{"progress":-1}', 'progress -1 is not a number from 0 to 100'],
    ['octoPrint/progress/printing', '{"progress":"x"}', 'progress "x" is not a number from 0 to 100'],
    ['octoPrint/progress/printing', '{"progress":5,"printer_data":7}', 'printer_data is not an object'],
    [
      'octoPrint/progress/printing',
      '{"progress":5,"printer_data":{"state":{"flags":{"printing":"yes","paused":false}}}}',
      'printer_data.state.flags lacks the printing/paused booleans',
    ],
    ['octoPrint/progress/printing', Buffer.from([0xff, 0xfe]), 'payload is not valid UTF-8'],
    ['elsewhere/mqtt', 'connected', 'topic is not a octoprint_mqtt topic of octoPrint'],
  ])('rejects %s %j', (topic, payload, error) => {
    expect(adapter.decode(device, topic, payload)).toEqual({ ok: false, error });
  });

  it('decodes nothing for other topics under the base', () => {
    expect(adapter.decode(device, 'octoPrint/temperature/bed', '{"actual":50}')).toEqual({
      ok: true,
      events: [],
    });
    expect(adapter.decode(device, 'octoPrint/progress/slicing', '{}')).toEqual({ ok: true, events: [] });
  });

  it.each([
    ['octoPrint', 0],
    ['lab/ender3', 0],
    ['', 1],
    ['octoPrint/', 1],
    ['/octoPrint', 1],
    ['lab//x', 1],
    ['octo+', 1],
    ['octo/#', 1],
    ['$SYS', 1],
    ['a\u0000b', 1],
  ])('validate(%j) has %i problem(s)', (address, problems) => {
    expect(adapter.validate({ ...device, address })).toHaveLength(problems);
  });

  it('routing refuses an invalid base', () => {
    const router = new DeviceRouter(createAdapterRegistry());
    expect(router.add({ ...device, address: 'octoPrint/#' })).toHaveLength(1);
  });
});
