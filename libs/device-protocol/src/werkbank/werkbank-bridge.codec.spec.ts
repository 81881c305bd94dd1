import fc from 'fast-check';
import { idArb, timestampArb } from '../../testing/werkbank.arbitraries';
import {
  decodeHealthMessage,
  decodeUsageAck,
  encodeHealthMessage,
  encodeUsageAck,
  type HealthMessage,
} from './werkbank-bridge.codec';

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
