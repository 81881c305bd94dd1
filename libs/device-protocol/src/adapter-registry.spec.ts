import { DeviceProtocol } from '@werkbank/contracts';
import { createAdapterRegistry, wildcardSubscriptions } from './adapter-registry';
import type { DeviceAddress } from './device-adapter';
import { DeviceRouter } from './device-router';
import { topicMatchesFilter } from './topic.util';

describe('createAdapterRegistry', () => {
  it('has one adapter per DeviceProtocol, keyed by its own protocol', () => {
    const registry = createAdapterRegistry();
    expect([...registry.keys()].sort()).toEqual(Object.values(DeviceProtocol).sort());
    for (const [protocol, adapter] of registry) expect(adapter.protocol).toBe(protocol);
  });

  it('lists each wildcard once', () => {
    const filters = wildcardSubscriptions(createAdapterRegistry());
    expect(new Set(filters).size).toBe(filters.length);
    expect(filters).toEqual(
      expect.arrayContaining([
        'werkbank/v1/+/evt/#',
        'tele/+/SENSOR',
        'tele/+/LWT',
        'stat/+/RESULT',
        'shellies/+/relay/0',
        'shellies/+/relay/0/power',
        'shellies/+/online',
        '+/events/rpc',
        'werkbank-server/+/rpc',
      ]),
    );
  });

  it('passes configuration to the adapters', () => {
    const filters = wildcardSubscriptions(
      createAdapterRegistry({ werkbankPrefix: 'lab', shellyRpcClientId: 'lab-server' }),
    );
    expect(filters).toContain('lab/v1/+/evt/#');
    expect(filters).toContain('lab-server/+/rpc');
  });
});

describe('DeviceRouter', () => {
  const devices: DeviceAddress[] = [
    { deviceId: 'd1', protocol: DeviceProtocol.TasmotaReader, address: 'laser' },
    { deviceId: 'd2', protocol: DeviceProtocol.TasmotaRelay, address: 'laser' },
    { deviceId: 'd3', protocol: DeviceProtocol.ShellyGen1, address: 'shelly1-ABC' },
    { deviceId: 'd4', protocol: DeviceProtocol.ShellyGen2, address: 'shellyplus1-abc' },
    { deviceId: 'd5', protocol: DeviceProtocol.Werkbank, address: 'bridge-1' },
    {
      deviceId: 'd6',
      protocol: DeviceProtocol.EsphomeReader,
      address: 'drill',
      options: { cardTopic: 'lab/drill/uid' },
    },
    { deviceId: 'd7', protocol: DeviceProtocol.TasmotaRelay, address: 'two', options: { relay: '2' } },
  ];
  const router = new DeviceRouter(createAdapterRegistry());
  for (const d of devices) router.add(d);

  it.each([
    ['tele/laser/SENSOR', ['d1', 'd2']], // one board, reader and relay
    ['tele/laser/LWT', ['d1', 'd2']],
    ['stat/laser/RESULT', ['d2']],
    ['tele/laser/STATE', ['d2']],
    ['shellies/shelly1-ABC/relay/0', ['d3']],
    ['shellies/shelly1-ABC/online', ['d3']],
    ['shellyplus1-abc/events/rpc', ['d4']],
    ['shellyplus1-abc/online', ['d4']],
    ['werkbank-server/shellyplus1-abc/rpc', ['d4']],
    ['werkbank/v1/bridge-1/evt/card', ['d5']],
    ['werkbank/v1/bridge-1/cmd/actuator', []],
    ['lab/drill/uid', ['d6']],
    ['drill/status', ['d6']],
    ['stat/two/POWER2', ['d7']],
    ['tele/unknown/SENSOR', []],
    ['', []],
    ['#', []],
  ])('%s → %j', (topic, ids) => {
    expect(
      router
        .route(topic)
        .map((r) => r.device.deviceId)
        .sort(),
    ).toEqual(ids);
  });

  it('subscribes per device only where the wildcards miss', () => {
    const filters = router.subscriptions();
    expect(filters).toContain('lab/drill/uid');
    expect(filters).toContain('drill/status');
    expect(filters).toContain('stat/two/POWER2');
    expect(filters).not.toContain('tele/laser/SENSOR');
    // Every topic a registered device publishes reaches the server.
    for (const topic of [
      'tele/laser/SENSOR',
      'stat/laser/POWER',
      'shellies/shelly1-ABC/relay/0/power',
      'stat/two/POWER2',
    ]) {
      expect(filters.some((f) => topicMatchesFilter(f, topic))).toBe(true);
    }
  });

  it('the server itself: none of its own commands comes back through its subscriptions (no false "unroutable")', () => {
    const registry = createAdapterRegistry();
    const filters = router.subscriptions();
    const feedback = { result: 'allowed' as const, reason: null, text: 'ok' };
    for (const device of devices) {
      const adapter = registry.get(device.protocol)!;
      const own = [
        ...adapter.encodeActuator(device, true),
        ...adapter.encodeActuator(device, false),
        ...adapter.encodeStateQuery(device),
        ...adapter.encodeFeedback(device, feedback),
      ];
      for (const { topic } of own) {
        expect([topic, filters.filter((f) => topicMatchesFilter(f, topic))]).toEqual([topic, []]);
      }
    }
  });

  it('refuses invalid devices and taken keys, and removes devices', () => {
    const r = new DeviceRouter(createAdapterRegistry());
    expect(r.add({ deviceId: 'a', protocol: DeviceProtocol.TasmotaRelay, address: 'x/+' })).toEqual([
      'address must be a Tasmota topic without wildcards or empty levels',
    ]);
    expect(r.add({ deviceId: 'a', protocol: DeviceProtocol.TasmotaRelay, address: 'x' })).toEqual([]);
    expect(r.add({ deviceId: 'b', protocol: DeviceProtocol.TasmotaRelay, address: 'x' })).toEqual([
      'tasmota_relay x is already used by device a',
    ]);
    expect(r.add({ deviceId: 'a', protocol: DeviceProtocol.TasmotaRelay, address: 'y' })).toEqual([]);
    expect(r.route('stat/x/RESULT')).toEqual([]);
    expect(r.route('stat/y/RESULT')).toHaveLength(1);
    r.remove('a');
    expect(r.route('stat/y/RESULT')).toEqual([]);
    expect(r.size).toBe(0);
  });

  it('routes in time independent of the number of devices', () => {
    const big = new DeviceRouter(createAdapterRegistry());
    for (let i = 0; i < 20000; i++) {
      big.add({ deviceId: `r${i}`, protocol: DeviceProtocol.TasmotaRelay, address: `plug-${i}` });
    }
    // Best of 7 runs: robust against GC pauses and a busy CI machine.
    const time = (router: DeviceRouter, topic: string) => {
      let best = Infinity;
      for (let run = 0; run < 7; run++) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < 5000; i++) router.route(topic);
        best = Math.min(best, Number(process.hrtime.bigint() - start));
      }
      return best;
    };
    time(big, 'stat/plug-19999/RESULT'); // warm up
    const small = new DeviceRouter(createAdapterRegistry());
    small.add({ deviceId: 'r', protocol: DeviceProtocol.TasmotaRelay, address: 'plug-0' });
    time(small, 'stat/plug-0/RESULT');
    const ratio = time(big, 'stat/plug-19999/RESULT') / time(small, 'stat/plug-0/RESULT');
    expect(big.route('stat/plug-19999/RESULT').map((r) => r.device.deviceId)).toEqual(['r19999']);
    expect(ratio).toBeLessThan(5);
  });
});

describe('topicMatchesFilter', () => {
  it.each([
    ['a/+/c', 'a/b/c', true],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['shellies/+/relay/0/#', 'shellies/x/relay/0', true],
    ['shellies/+/relay/0/#', 'shellies/x/relay/1', false],
    ['a/+', 'a/b/c', false],
    ['a/b', 'a/b/c', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatchesFilter(filter, topic)).toBe(expected);
  });
});
