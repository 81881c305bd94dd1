import fc from 'fast-check';
import { DeviceProtocol } from '@werkbank/contracts';
import { assertWellFormed, payloadArbitrary } from '../testing/fuzz';
import { loadMqttFixtures } from '../testing/fixtures';
import { createAdapterRegistry } from './adapter-registry';
import type { DeviceAddress } from './device-adapter';
import { DeviceRouter } from './device-router';
import { decodeEsphomeCard } from './esphome/esphome-reader.codec';
import { decodeAllowlistBody, decodeAllowlistEnvelope } from './werkbank/werkbank-allowlist.codec';
import { decodeHealthMessage, decodeUsageAck } from './werkbank/werkbank-bridge.codec';
import {
  decodeActuatorCommand,
  decodeFeedbackPayload,
  decodeQueryCommand,
  encodeCardMessage,
  encodeFeedbackPayload,
  encodeStateMessage,
  encodeUsageMessage,
} from './werkbank/werkbank.codec';
import { DenyReason, SessionEndReason } from '@werkbank/contracts';

/**
 * Property: every decoder, fed random bytes, random text, random JSON and mutations of real payloads, returns a
 * well-formed result and never throws.
 */
const registry = createAdapterRegistry();
const octoprintRecorded = loadMqttFixtures('octoprint/octoprint_mqtt_and_rest.json');
const moonrakerRecorded = loadMqttFixtures('moonraker/moonraker_messages.json');
const recorded = [
  ...loadMqttFixtures('tasmota/tasmota_mqtt.json'),
  ...loadMqttFixtures('shelly/shelly_mqtt.json'),
  ...loadMqttFixtures('bambu/bambu_reports.json'),
  ...octoprintRecorded,
  ...moonrakerRecorded,
];

const ownSeeds = [
  encodeCardMessage({ uid: '008EC793', tech: null, at: '2025-05-01T10:00:00Z', msgId: 'm-1' }),
  encodeUsageMessage({
    type: 'session_ended',
    msgId: 'm-2',
    seq: 7,
    at: '2025-05-01T10:00:00Z',
    sessionId: 's-1',
    endReason: SessionEndReason.TapOut,
  }),
  encodeUsageMessage({
    type: 'access_denied',
    msgId: 'm-3',
    seq: 8,
    at: '2025-05-01T10:00:00Z',
    uid: '04A1B2C3D4E5F6',
    reason: DenyReason.CardBlocked,
    allowlistVersion: 3,
  }),
  encodeStateMessage({ on: true, watts: 12.5, at: null }),
  'online',
];

interface Case {
  device: DeviceAddress;
  topics: string[];
  seeds: string[];
}

const CASES: Case[] = [
  {
    device: { deviceId: 'w', protocol: DeviceProtocol.Werkbank, address: 'bridge-1' },
    topics: ['status', 'state', 'evt/card', 'evt/usage', 'cmd/actuator'].map(
      (c) => `werkbank/v1/bridge-1/${c}`,
    ),
    seeds: ownSeeds,
  },
  {
    device: { deviceId: 'tr', protocol: DeviceProtocol.TasmotaReader, address: 't' },
    topics: ['tele/t/SENSOR', 'tele/t/LWT'],
    seeds: recorded
      .filter((f) => f.topic.startsWith('tele/') || f.topic.startsWith('stat/'))
      .map((f) => f.payload),
  },
  {
    device: { deviceId: 'ts', protocol: DeviceProtocol.TasmotaRelay, address: 't', options: { relay: '2' } },
    topics: ['stat/t/RESULT', 'stat/t/POWER2', 'tele/t/STATE', 'tele/t/SENSOR', 'tele/t/LWT'],
    seeds: recorded
      .filter((f) => f.topic.startsWith('tele/') || f.topic.startsWith('stat/'))
      .map((f) => f.payload),
  },
  {
    device: { deviceId: 's1', protocol: DeviceProtocol.ShellyGen1, address: 's' },
    topics: [
      'shellies/s/relay/0',
      'shellies/s/relay/0/power',
      'shellies/s/online',
      'shellies/s/relay/0/energy',
    ],
    seeds: recorded.filter((f) => f.topic.startsWith('shellies/')).map((f) => f.payload),
  },
  {
    device: { deviceId: 's2', protocol: DeviceProtocol.ShellyGen2, address: 'p' },
    topics: ['p/events/rpc', 'p/status/switch:0', 'p/online', 'werkbank-server/p/rpc'],
    seeds: recorded
      .filter((f) => f.topic.includes('rpc') || f.topic.includes('/status/'))
      .map((f) => f.payload),
  },
  {
    device: {
      deviceId: 'e',
      protocol: DeviceProtocol.EsphomeReader,
      address: 'e',
      options: { uidFormat: 'decimal32' },
    },
    topics: ['e/tag', 'e/status'],
    seeds: ['9357203', '{"uid":"74-10-37-94"}', '"74-10-37-94"', 'online'],
  },
  {
    device: { deviceId: 'op', protocol: DeviceProtocol.OctoprintMqtt, address: 'lab/octoPrint' },
    topics: [
      'lab/octoPrint/event/PrintStarted',
      'lab/octoPrint/event/PrintCancelled',
      'lab/octoPrint/event/PrinterStateChanged',
      'lab/octoPrint/progress/printing',
      'lab/octoPrint/mqtt',
      'lab/octoPrint/temperature/tool0',
    ],
    seeds: octoprintRecorded.map((f) => f.payload),
  },
  {
    device: { deviceId: 'mr', protocol: DeviceProtocol.MoonrakerMqtt, address: 'voron' },
    topics: ['voron/klipper/status', 'voron/klipper/state/print_stats/state', 'voron/moonraker/status'],
    seeds: [
      ...moonrakerRecorded.map((f) => f.payload),
      '{"eventtime":1.5,"status":{"print_stats":{"state":"printing","filename":"a.gcode"},"virtual_sdcard":{"progress":0.5}}}',
      '{"eventtime":1.5,"value":"paused"}',
      '"complete"',
    ],
  },
];

describe('decoders never throw', () => {
  it('covers every protocol', () => {
    expect(CASES.map((c) => c.device.protocol).sort()).toEqual(Object.values(DeviceProtocol).sort());
  });

  it.each(CASES.map((c) => [c.device.protocol, c] as const))('%s', (protocol, c) => {
    const adapter = registry.get(protocol)!;
    fc.assert(
      fc.property(fc.constantFrom(...c.topics), payloadArbitrary(c.seeds), (topic, payload) => {
        assertWellFormed(adapter.decode(c.device, topic, payload));
      }),
      { numRuns: 1500 },
    );
  });

  it('every recorded payload on every topic of every adapter', () => {
    for (const c of CASES) {
      const adapter = registry.get(c.device.protocol)!;
      for (const topic of c.topics) {
        for (const f of recorded) assertWellFormed(adapter.decode(c.device, topic, f.payload));
      }
    }
  });

  it('oversized payloads are refused before parsing', () => {
    const huge = Buffer.alloc(16 * 1024 + 1, 0x20);
    for (const c of CASES) {
      const adapter = registry.get(c.device.protocol)!;
      for (const topic of c.topics) {
        const result = adapter.decode(c.device, topic, huge);
        if (result.ok) throw new Error(`${c.device.protocol} ${topic} accepted an oversized payload`);
        expect(result.error).toMatch(/^payload exceeds 16384 bytes$/);
      }
    }
  });

  it('routing arbitrary topics never throws', () => {
    const router = new DeviceRouter(registry);
    for (const c of CASES) router.add(c.device);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.constantFrom(...CASES.flatMap((c) => c.topics)),
        ),
        (topic) => {
          for (const routed of router.route(topic))
            assertWellFormed(routed.adapter.decode(routed.device, topic, '{}'));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('device-side and ESPHome decoders', () => {
    fc.assert(
      fc.property(
        payloadArbitrary([
          encodeFeedbackPayload({ result: 'denied', reason: DenyReason.NotTrained, text: 'x' }),
          '{"msgIds":["m-1","m-2"]}',
          '{"at":"2025-05-01T10:00:00Z","version":"0.1.0","uptimeS":5,"queueLength":3,"allowlist":{"version":4,"issuedAt":"2025-05-01T00:00:00Z","expiresAt":"2025-05-08T00:00:00Z","deltaVersion":null},"ports":[{"id":"r1","path":"/dev/serial0","state":"open"}]}',
        ]),
        (p) => {
          for (const decode of [
            decodeFeedbackPayload,
            decodeActuatorCommand,
            decodeQueryCommand,
            decodeAllowlistEnvelope,
            decodeAllowlistBody,
            decodeHealthMessage,
            decodeUsageAck,
          ]) {
            const result = decode(typeof p === 'string' ? p : new Uint8Array(p));
            expect(typeof result.ok).toBe('boolean');
          }
          assertWellFormed(decodeEsphomeCard(p, 'hex', null));
          assertWellFormed(decodeEsphomeCard(p, 'rdm6300', null));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
