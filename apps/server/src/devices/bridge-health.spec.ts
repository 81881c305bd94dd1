import type { HealthMessage } from '@werkbank/device-protocol';
import { AppConfig } from '../config/app-config';
import { BridgeHealth } from './bridge-health';

const beat: HealthMessage = {
  at: '2026-06-10T08:00:00.000Z',
  version: '0.1.0',
  uptimeS: 60,
  queueLength: 2,
  allowlist: {
    version: 7,
    issuedAt: '2026-06-10T03:00:00.000Z',
    expiresAt: '2026-06-17T03:00:00.000Z',
    deltaVersion: 8,
  },
  ports: [{ id: 'leser', path: '/dev/serial0', state: 'open' }],
};

describe('BridgeHealth', () => {
  let now = 1_000_000;
  const health = new BridgeHealth(Object.assign(new AppConfig(), { BRIDGE_HEARTBEAT_S: 20 }), {
    now: () => new Date(now),
  });

  it('shows the last heartbeat, online until three intervals pass without one, and announces that once', () => {
    expect(health.view('b1')).toBeNull();
    expect(health.record('b1', beat, now)).toBe(true); // unknown before: newly online
    expect(health.view('b1')).toMatchObject({
      online: true,
      queueLength: 2,
      allowlistVersion: 7,
      allowlistDeltaVersion: 8,
    });
    now += 59_000;
    expect(health.record('b1', { ...beat, queueLength: 0 }, now)).toBe(false);
    now += 60_000;
    expect(health.newlySilent(now)).toEqual([]);
    expect(health.view('b1')?.online).toBe(true);
    now += 1;
    expect(health.newlySilent(now)).toEqual(['b1']);
    expect(health.newlySilent(now + 1000)).toEqual([]);
    expect(health.view('b1')).toMatchObject({ online: false, queueLength: 0 });
    expect(health.record('b1', beat, now + 2000)).toBe(true); // back
    health.forget('b1');
    expect(health.view('b1')).toBeNull();
  });
});
