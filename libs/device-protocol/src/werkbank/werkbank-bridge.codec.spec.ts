import fc from 'fast-check';
import { SessionEndReason } from '@werkbank/contracts';
import { idArb, timestampArb } from '../../testing/werkbank.arbitraries';
import {
  decodeHealthMessage,
  decodeUsageAck,
  encodeHealthMessage,
  encodeUsageAck,
  type HealthMessage,
} from './werkbank-bridge.codec';
import {
  decodeActuatorCommand,
  decodeCardMessage,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeCardMessage,
  encodeUsageMessage,
} from './werkbank.codec';

const healthArb: fc.Arbitrary<HealthMessage> = fc.record({
  at: timestampArb,
  version: fc.constantFrom('0.1.0', '1.2.3-rc.1'),
  uptimeS: fc.nat(),
  queueLength: fc.nat(),
  allowlist: fc.option(
    fc.record({
      version: fc.nat(),
      issuedAt: timestampArb,
      expiresAt: timestampArb,
      deltaVersion: fc.option(fc.nat(), { nil: null }),
    }),
    { nil: null },
  ),
  ports: fc.array(
    fc.record({
      id: idArb,
      path: fc.constantFrom('/dev/serial0', '/dev/ttyUSB0'),
      state: fc.constantFrom('open', 'reopening'),
    }),
    { maxLength: 4 },
  ),
});

describe('bridge messages', () => {
  it('round-trip health heartbeats and usage acks', () => {
    fc.assert(
      fc.property(healthArb, fc.array(idArb, { minLength: 1, maxLength: 20 }), (health, msgIds) => {
        expect(decodeHealthMessage(encodeHealthMessage(health))).toEqual({ ok: true, value: health });
        expect(decodeUsageAck(encodeUsageAck({ msgIds }))).toEqual({ ok: true, value: { msgIds } });
      }),
    );
  });

  it('names the bad field', () => {
    expect(decodeUsageAck('{"msgIds":[]}')).toEqual({
      ok: false,
      error: 'msgIds: must be an array of 1-500 ids',
    });
    expect(decodeUsageAck('{"msgIds":["ok","no way"]}')).toEqual({
      ok: false,
      error: 'msgIds.1: must be 1-64 characters of A-Z a-z 0-9 . _ : -',
    });
    const health = JSON.parse(
      encodeHealthMessage({
        at: '2025-05-01T10:00:00Z',
        version: '0.1.0',
        uptimeS: 1,
        queueLength: 0,
        allowlist: null,
        ports: [],
      }),
    ) as Record<string, unknown>;
    expect(decodeHealthMessage(JSON.stringify({ ...health, queueLength: -1 }))).toEqual({
      ok: false,
      error: 'queueLength: must be an integer >= 0 (got -1)',
    });
    expect(
      decodeHealthMessage(JSON.stringify({ ...health, ports: [{ id: 'r', path: '', state: 'open' }] })),
    ).toEqual({
      ok: false,
      error: 'ports.0.path: must be 1-256 printable ASCII characters (got "")',
    });
  });
});

describe('machine ids of a bridge serving several machines', () => {
  it('round-trip on evt/card, evt/usage and cmd/actuator, and stay absent when unset', () => {
    const card = { uid: '008EC793', tech: null, at: null, msgId: 'm-1', machineId: 'laser-1' };
    expect(decodeCardMessage(encodeCardMessage(card))).toEqual({ ok: true, value: card });
    const { machineId: _, ...plain } = card;
    expect(encodeCardMessage(plain)).not.toContain('machineId');
    expect(decodeCardMessage(encodeCardMessage(plain))).toEqual({ ok: true, value: plain });
    const usage = {
      type: 'session_ended' as const,
      msgId: 'm-2',
      seq: 3,
      at: '2025-05-01T10:00:00Z',
      machineId: 'laser-1',
      sessionId: 's-1',
      endReason: SessionEndReason.TapOut,
    };
    expect(decodeUsageMessage(encodeUsageMessage(usage))).toEqual({ ok: true, value: usage });
    const actuator = { on: true, sessionId: 's-1', issuedAt: null, machineId: 'laser-1' };
    expect(decodeActuatorCommand(encodeActuatorCommand(actuator))).toEqual({ ok: true, value: actuator });
    expect(
      decodeActuatorCommand('{"on":true,"sessionId":null,"issuedAt":null,"machineId":"a b"}'),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^machineId: /),
    });
  });
});
