import fc from 'fast-check';
import { DenyReason, DeviceProtocol } from '@werkbank/contracts';
import type { DeviceAddress } from '../device-adapter';
import { WerkbankAdapter } from './werkbank.adapter';
import {
  allowlistBodyArb,
  actuatorArb,
  cardMessageArb,
  feedbackArb,
  stateArb,
  usageMessageArb,
} from '../../testing/werkbank.arbitraries';
import {
  allowlistSignature,
  allowlistSignedBytes,
  decodeAllowlistBody,
  decodeAllowlistEnvelope,
  encodeAllowlistBody,
} from './werkbank-allowlist.codec';
import {
  decodeActuatorCommand,
  decodeCardMessage,
  decodeFeedbackPayload,
  decodeQueryCommand,
  decodeStateMessage,
  decodeStatus,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeCardMessage,
  encodeFeedbackPayload,
  encodeQueryCommand,
  encodeStateMessage,
  encodeStatus,
  encodeUsageMessage,
} from './werkbank.codec';
import { parseWerkbankTopic, werkbankDeviceAcl, werkbankTopic } from './werkbank-topics';

const adapter = new WerkbankAdapter();
const device: DeviceAddress = {
  deviceId: 'uuid-1',
  protocol: DeviceProtocol.Werkbank,
  address: 'bridge-holz-1',
};
const topic = (channel: Parameters<typeof werkbankTopic>[2]) =>
  werkbankTopic('werkbank', 'bridge-holz-1', channel);

describe('own protocol: encode → decode round trips', () => {
  it('evt/card, through the adapter into a card event', () => {
    fc.assert(
      fc.property(cardMessageArb, (m) => {
        const payload = encodeCardMessage(m);
        expect(decodeCardMessage(payload)).toEqual({ ok: true, value: m });
        expect(adapter.decode(device, topic('evt/card'), Buffer.from(payload))).toEqual({
          ok: true,
          events: [{ kind: 'card', uid: m.uid, technology: m.tech, msgId: m.msgId, at: m.at }],
        });
      }),
    );
  });

  it('evt/usage, through the adapter into a usage event', () => {
    fc.assert(
      fc.property(usageMessageArb, (m) => {
        const payload = encodeUsageMessage(m);
        expect(decodeUsageMessage(payload)).toEqual({ ok: true, value: m });
        expect(adapter.decode(device, topic('evt/usage'), payload)).toEqual({
          ok: true,
          events: [{ kind: 'usage', ...m }],
        });
      }),
    );
  });

  it('state, into relay and power events', () => {
    fc.assert(
      fc.property(stateArb, (m) => {
        const payload = encodeStateMessage(m);
        expect(decodeStateMessage(payload)).toEqual({ ok: true, value: m });
        const events = adapter.decode(device, topic('state'), payload);
        expect(events).toEqual({
          ok: true,
          events: [
            { kind: 'relay', on: m.on },
            ...(m.watts === null ? [] : [{ kind: 'power', watts: m.watts }]),
          ],
        });
      }),
    );
  });

  it('cmd/feedback, from the adapter to the device side', () => {
    fc.assert(
      fc.property(feedbackArb, (f) => {
        const [out] = adapter.encodeFeedback(device, f);
        expect(out).toMatchObject({ topic: topic('cmd/feedback'), qos: 0, retain: false });
        expect(decodeFeedbackPayload(out!.payload)).toEqual({ ok: true, value: f });
        expect(decodeFeedbackPayload(encodeFeedbackPayload(f))).toEqual({ ok: true, value: f });
      }),
    );
  });

  it('cmd/actuator, from the adapter to the device side', () => {
    fc.assert(
      fc.property(actuatorArb, (c) => {
        expect(decodeActuatorCommand(encodeActuatorCommand(c))).toEqual({ ok: true, value: c });
        const [out] = adapter.encodeActuator(device, c.on, { sessionId: c.sessionId, issuedAt: c.issuedAt });
        expect(out).toMatchObject({ topic: topic('cmd/actuator'), qos: 1, retain: false });
        expect(decodeActuatorCommand(out!.payload)).toEqual({ ok: true, value: c });
      }),
    );
  });

  it('cmd/query and status', () => {
    const [query] = adapter.encodeStateQuery(device);
    expect(query).toEqual({
      topic: topic('cmd/query'),
      payload: encodeQueryCommand({ query: 'state' }),
      qos: 1,
      retain: false,
    });
    expect(decodeQueryCommand(query!.payload)).toEqual({ ok: true, value: { query: 'state' } });
    for (const status of ['online', 'offline'] as const) {
      expect(decodeStatus(encodeStatus(status))).toEqual({ ok: true, value: status });
      expect(adapter.decode(device, topic('status'), encodeStatus(status))).toEqual({
        ok: true,
        events: [{ kind: 'availability', online: status === 'online' }],
      });
    }
  });

  it('allowlist body and envelope', () => {
    fc.assert(
      fc.property(allowlistBodyArb, fc.uint8Array({ minLength: 64, maxLength: 64 }), (body, sig) => {
        const bodyJson = encodeAllowlistBody(body);
        const envelope = {
          v: 2 as const,
          keyId: 'server-2025',
          body: Buffer.from(bodyJson).toString('base64'),
          sig: Buffer.from(sig).toString('base64'),
        };
        const out = adapter.encodeAllowlist(device, envelope);
        expect(out).toMatchObject({ topic: topic('allowlist'), qos: 1, retain: true });
        const decoded = decodeAllowlistEnvelope(out.payload);
        expect(decoded).toEqual({ ok: true, value: envelope });
        if (!decoded.ok) return;
        expect(Buffer.from(allowlistSignature(decoded.value))).toEqual(Buffer.from(sig));
        expect(decodeAllowlistBody(allowlistSignedBytes(decoded.value))).toEqual({ ok: true, value: body });
      }),
      { numRuns: 50 },
    );
    expect(adapter.clearAllowlist(device)).toEqual({
      topic: topic('allowlist'),
      payload: '',
      qos: 1,
      retain: true,
    });
  });
});

describe('own protocol: validation, field by field', () => {
  const card = { uid: '008EC793', tech: 'em4100', at: '2025-05-01T10:00:00Z', msgId: '01JTZ3K5W8' };
  it.each([
    [
      { ...card, uid: '008ec793' },
      'uid: must be uppercase hex without separators, 4, 5, 7 or 10 bytes (got "008ec793")',
    ],
    [
      { ...card, uid: '00-8E-C7-93' },
      'uid: must be uppercase hex without separators, 4, 5, 7 or 10 bytes (got "00-8E-C7-93")',
    ],
    [
      { ...card, tech: 'hid_prox' },
      'tech: must be one of em4100, mifare_classic, mifare_ultralight, ntag, desfire, other (got "hid_prox")',
    ],
    [
      { ...card, at: '2025-05-01T10:00:00' },
      'at: must be an ISO 8601 timestamp with Z or an offset (got "2025-05-01T10:00:00")',
    ],
    [
      { ...card, at: '2025-13-01T10:00:00Z' },
      'at: must be an ISO 8601 timestamp with Z or an offset (got "2025-13-01T10:00:00Z")',
    ],
    [{ uid: card.uid }, 'msgId: must be 1-64 characters of A-Z a-z 0-9 . _ : - (got undefined)'],
    [{ ...card, msgId: 'a b' }, 'msgId: must be 1-64 characters of A-Z a-z 0-9 . _ : - (got "a b")'],
  ])('evt/card %j → %s', (message, error) => {
    expect(adapter.decode(device, topic('evt/card'), JSON.stringify(message))).toEqual({ ok: false, error });
  });

  it('ignores unknown keys (forward compatible within v1)', () => {
    const result = adapter.decode(
      device,
      topic('evt/card'),
      JSON.stringify({ ...card, rssi: -40, firmware: '1.2' }),
    );
    expect(result.ok).toBe(true);
  });

  it('rejects usage events by field', () => {
    const base = { type: 'session_ended', msgId: 'm1', seq: 3, at: '2025-05-01T10:00:00Z', sessionId: 's1' };
    expect(decodeUsageMessage(JSON.stringify({ ...base, endReason: 'bored' }))).toEqual({
      ok: false,
      error:
        'endReason: must be one of tap_out, max_duration, idle_power, print_finished, force_off, takeover, reconciled (got "bored")',
    });
    expect(
      decodeUsageMessage(JSON.stringify({ ...base, type: 'session_paused', endReason: 'tap_out' })),
    ).toEqual({
      ok: false,
      error: 'type: must be one of session_started, session_ended, access_denied (got "session_paused")',
    });
    expect(decodeUsageMessage(JSON.stringify({ ...base, seq: -1, endReason: 'tap_out' }))).toEqual({
      ok: false,
      error: 'seq: must be an integer >= 0 (got -1)',
    });
  });

  it('rejects an allowed feedback that carries a deny reason', () => {
    expect(
      decodeFeedbackPayload(JSON.stringify({ result: 'allowed', reason: DenyReason.NotTrained, text: '' })),
    ).toEqual({
      ok: false,
      error: 'reason: must be null when result is allowed',
    });
  });

  it('refuses commands published on device topics and foreign devices', () => {
    expect(adapter.decode(device, topic('cmd/actuator'), '{"on":true}')).toEqual({
      ok: false,
      error: 'channel cmd/actuator is published by the server, not by devices',
    });
    expect(adapter.decode(device, werkbankTopic('werkbank', 'other', 'evt/card'), '{}')).toEqual({
      ok: false,
      error: 'topic is not a werkbank topic of bridge-holz-1',
    });
  });

  it('checks allowlist envelopes', () => {
    expect(decodeAllowlistEnvelope('{"v":2,"keyId":"k","body":"e30=","sig":"short"}')).toEqual({
      ok: false,
      error: 'sig: must be a base64 Ed25519 signature (64 bytes) (got "short")',
    });
    expect(decodeAllowlistEnvelope(`{"v":1,"keyId":"k","body":"e30=","sig":"${'A'.repeat(86)}=="}`)).toEqual({
      ok: false,
      error: 'v: must be 2 (got 1)',
    });
  });
});

describe('own protocol: topics', () => {
  it('parses only v1 topics of valid device ids and channels', () => {
    expect(parseWerkbankTopic('werkbank', 'werkbank/v1/bridge-1/evt/card')).toEqual({
      deviceId: 'bridge-1',
      channel: 'evt/card',
    });
    expect(parseWerkbankTopic('werkbank', 'werkbank/v2/bridge-1/evt/card')).toBeNull();
    expect(parseWerkbankTopic('werkbank', 'werkbank/v1/bridge-1/evt/other')).toBeNull();
    expect(parseWerkbankTopic('werkbank', 'werkbank/v1/-x/status')).toBeNull();
    expect(parseWerkbankTopic('lab/wb', 'lab/wb/v1/bridge-1/status')).toEqual({
      deviceId: 'bridge-1',
      channel: 'status',
    });
  });

  it('routes device channels only', () => {
    expect(adapter.matchTopic('werkbank/v1/bridge-1/evt/usage')).toBe('bridge-1');
    expect(adapter.matchTopic('werkbank/v1/bridge-1/cmd/actuator')).toBeNull();
    expect(adapter.matchTopic('werkbank/v1/bridge-1/allowlist')).toBeNull();
    expect(adapter.matchTopic('werkbank/v1/bridge-1/allowlist/delta')).toBeNull();
    expect(adapter.matchTopic('werkbank/v1/bridge-1/health')).toBe('bridge-1');
    expect(adapter.wildcardSubscriptions()).toEqual([
      'werkbank/v1/+/status',
      'werkbank/v1/+/state',
      'werkbank/v1/+/evt/#',
      'werkbank/v1/+/health',
    ]);
  });

  it('describes the per-device ACL', () => {
    expect(werkbankDeviceAcl('werkbank', 'bridge-1')).toEqual({
      publish: [
        'werkbank/v1/bridge-1/status',
        'werkbank/v1/bridge-1/state',
        'werkbank/v1/bridge-1/evt/card',
        'werkbank/v1/bridge-1/evt/usage',
        'werkbank/v1/bridge-1/health',
      ],
      subscribe: [
        'werkbank/v1/bridge-1/cmd/#',
        'werkbank/v1/bridge-1/allowlist',
        'werkbank/v1/bridge-1/allowlist/delta',
      ],
    });
  });

  it('uses a configured prefix', () => {
    const custom = new WerkbankAdapter({ prefix: 'stadtlabor' });
    expect(custom.subscriptions(device)).toEqual([
      'stadtlabor/v1/bridge-holz-1/status',
      'stadtlabor/v1/bridge-holz-1/state',
      'stadtlabor/v1/bridge-holz-1/evt/#',
      'stadtlabor/v1/bridge-holz-1/health',
    ]);
    expect(() => new WerkbankAdapter({ prefix: 'a/+' })).toThrow(RangeError);
  });
});
