import { DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAddress } from '../device-adapter';
import { ShellyGen1Adapter } from './shelly-gen1.adapter';
import { ShellyGen2Adapter } from './shelly-gen2.adapter';

describe('ShellyGen1Adapter', () => {
  const adapter = new ShellyGen1Adapter();
  const device: DeviceAddress = {
    deviceId: 'p1',
    protocol: DeviceProtocol.ShellyGen1,
    address: 'shellyplug-s-7C87CE',
  };

  it('switches relay 0 with on/off and asks for an update', () => {
    expect(adapter.encodeActuator(device, true)).toEqual([
      { topic: 'shellies/shellyplug-s-7C87CE/relay/0/command', payload: 'on', qos: 1, retain: false },
    ]);
    expect(adapter.encodeActuator({ ...device, options: { relay: '1' } }, false)).toEqual([
      { topic: 'shellies/shellyplug-s-7C87CE/relay/1/command', payload: 'off', qos: 1, retain: false },
    ]);
    expect(adapter.encodeStateQuery(device)).toEqual([
      { topic: 'shellies/shellyplug-s-7C87CE/command', payload: 'update', qos: 1, retain: false },
    ]);
  });

  it('decodes relay states including overpower, and online', () => {
    const base = 'shellies/shellyplug-s-7C87CE';
    expect(adapter.decode(device, `${base}/relay/0`, 'on')).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: true }],
    });
    expect(adapter.decode(device, `${base}/relay/0`, 'overpower')).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: false }],
    });
    expect(adapter.decode(device, `${base}/relay/1`, 'on')).toEqual({ ok: true, events: [] });
    expect(adapter.decode(device, `${base}/online`, 'false')).toEqual({
      ok: true,
      events: [{ kind: 'availability', online: false }],
    });
    expect(adapter.decode(device, `${base}/relay/0`, 'maybe')).toEqual({
      ok: false,
      error: 'relay payload "maybe" is not on, off or overpower',
    });
    expect(adapter.decode(device, `${base}/relay/0/power`, 'NaN')).toEqual({
      ok: false,
      error: 'power payload "NaN" is not a number',
    });
    expect(adapter.decode(device, `${base}/online`, 'yes')).toEqual({
      ok: false,
      error: 'online payload is not true or false',
    });
  });

  it('validates the id and relay index', () => {
    expect(adapter.validate({ ...device, address: 'a/b' })).toHaveLength(1);
    expect(adapter.validate({ ...device, options: { relay: 'x' } })).toEqual([
      'options.relay must be a whole number from 0 to 99',
    ]);
  });
});

describe('ShellyGen2Adapter', () => {
  const adapter = new ShellyGen2Adapter();
  const device: DeviceAddress = {
    deviceId: 'p2',
    protocol: DeviceProtocol.ShellyGen2,
    address: 'shellyplus1pm-a8032abe2f18',
  };

  it('sends Switch.Set with a per-device src and request ids that say what was asked', () => {
    const [on] = adapter.encodeActuator(device, true);
    expect(on?.topic).toBe('shellyplus1pm-a8032abe2f18/rpc');
    expect(JSON.parse(on!.payload)).toEqual({
      id: 1,
      src: 'werkbank-server/shellyplus1pm-a8032abe2f18',
      method: 'Switch.Set',
      params: { id: 0, on: true },
    });
    expect(on).toMatchObject({ qos: 1, retain: false });
    const [off] = adapter.encodeActuator(device, false);
    expect(JSON.parse(off!.payload)).toMatchObject({ id: 2, params: { id: 0, on: false } });
    const [query] = adapter.encodeStateQuery(device);
    expect(JSON.parse(query!.payload)).toMatchObject({
      id: 3,
      method: 'Switch.GetStatus',
      params: { id: 0 },
    });
  });

  it('uses the configured client id', () => {
    const custom = new ShellyGen2Adapter({ rpcClientId: 'lab-a' });
    expect(custom.wildcardSubscriptions()).toContain('lab-a/+/rpc');
    expect(custom.matchTopic('lab-a/shellyplus1pm-a8032abe2f18/rpc')).toBe('shellyplus1pm-a8032abe2f18');
    expect(() => new ShellyGen2Adapter({ rpcClientId: 'a/b' })).toThrow(RangeError);
  });

  it('decodes replies to its requests', () => {
    const topic = 'werkbank-server/shellyplus1pm-a8032abe2f18/rpc';
    const src = '"src":"shellyplus1pm-a8032abe2f18"';
    expect(adapter.decode(device, topic, `{"id":1,${src},"result":{"was_on":false}}`)).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: true }],
    });
    expect(adapter.decode(device, topic, `{"id":2,${src},"result":{"was_on":true}}`)).toEqual({
      ok: true,
      events: [{ kind: 'relay', on: false }],
    });
    expect(
      adapter.decode(device, topic, `{"id":3,${src},"result":{"id":0,"output":true,"apower":41.2}}`),
    ).toEqual({
      ok: true,
      events: [
        { kind: 'relay', on: true },
        { kind: 'power', watts: 41.2 },
      ],
    });
    expect(
      adapter.decode(
        device,
        topic,
        `{"id":1,${src},"error":{"code":-103,"message":"Invalid argument 'id'"}}`,
      ),
    ).toEqual({
      ok: true,
      events: [{ kind: 'command-failed', code: '-103', message: "Invalid argument 'id'" }],
    });
    expect(adapter.decode(device, topic, `{"id":1,${src}}`)).toEqual({
      ok: false,
      error: 'reply has neither result nor error',
    });
  });

  it('matches topics of prefixes with slashes and subscribes them per device', () => {
    const nested: DeviceAddress = { ...device, address: 'lab/holz/saege' };
    expect(adapter.matchTopic('lab/holz/saege/events/rpc')).toBe('lab/holz/saege');
    expect(adapter.matchTopic('lab/holz/saege/status/switch:0')).toBe('lab/holz/saege');
    expect(adapter.matchTopic('lab/holz/saege/online')).toBe('lab/holz/saege');
    expect(adapter.matchTopic('werkbank-server/lab/holz/saege/rpc')).toBe('lab/holz/saege');
    expect(adapter.coveredByWildcards(nested)).toBe(false);
    expect(adapter.subscriptions(nested)).toEqual([
      'lab/holz/saege/events/rpc',
      'lab/holz/saege/status/switch:0',
      'lab/holz/saege/online',
      'werkbank-server/lab/holz/saege/rpc',
    ]);
  });

  it('ignores other switches and notification methods; reports malformed frames', () => {
    const events = 'shellyplus1pm-a8032abe2f18/events/rpc';
    expect(
      adapter.decode(device, events, '{"method":"NotifyStatus","params":{"switch:1":{"output":true}}}'),
    ).toEqual({
      ok: true,
      events: [],
    });
    expect(adapter.decode(device, events, '{"method":"NotifyEvent","params":{"events":[]}}')).toEqual({
      ok: true,
      events: [],
    });
    expect(adapter.decode(device, events, '{"method":"NotifyStatus"}')).toEqual({
      ok: false,
      error: 'params is not an object',
    });
    expect(
      adapter.decode(device, events, '{"method":"NotifyStatus","params":{"switch:0":{"output":"on"}}}'),
    ).toEqual({
      ok: false,
      error: 'params.switch:0.output "on" is not a boolean',
    });
    expect(adapter.decode(device, 'shellyplus1pm-a8032abe2f18/status/switch:1', '{"output":true}')).toEqual({
      ok: true,
      events: [],
    });
  });
});
