import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { device, runtimeHarness, TRAINED_UID } from './testing/runtime-harness';

const started = (msgId: string, seq: number) =>
  JSON.stringify({
    type: 'session_started',
    msgId,
    seq,
    at: '2026-06-10T07:00:00.000Z',
    sessionId: `b-${seq}`,
    uid: TRAINED_UID,
    allowlistVersion: 3,
  });

describe('UsageRecorder', () => {
  async function withBridge() {
    const h = await runtimeHarness();
    h.directory.upsert(
      device({
        id: 'bridge-1',
        role: DeviceRole.Actuator,
        protocol: DeviceProtocol.Werkbank,
        address: 'bridge-1',
      }),
    );
    const acks = () =>
      h
        .published()
        .filter((m) => m.topic === 'werkbank/v1/bridge-1/cmd/ack')
        .flatMap((m) => (JSON.parse(String(m.payload)) as { msgIds: string[] }).msgIds);
    return { h, acks };
  }

  it('stores with the member key of the card now, acknowledges after the store, duplicates again', async () => {
    const { h, acks } = await withBridge();
    h.bus.deliver('werkbank/v1/bridge-1/evt/usage', started('m-1', 1));
    h.bus.deliver('werkbank/v1/bridge-1/evt/usage', started('m-1', 1));
    await h.usage.settle();
    expect(h.bridgeRepository.stored).toEqual([
      expect.objectContaining({
        deviceId: 'bridge-1',
        msgId: 'm-1',
        machineId: 'laser-1',
        effect: { type: 'session_started', sessionId: 'b-1', memberKey: 'key-1' },
      }),
    ]);
    expect(acks()).toEqual(['m-1', 'm-1']);
    expect(h.usage.counts).toMatchObject({ stored: 1, duplicates: 1 });
  });

  it('a record the database refused is not acknowledged, and the ones after it are still stored', async () => {
    const { h, acks } = await withBridge();
    h.bridgeRepository.failNext = 1;
    h.bus.deliver('werkbank/v1/bridge-1/evt/usage', started('m-1', 1));
    h.bus.deliver('werkbank/v1/bridge-1/evt/usage', started('m-2', 2));
    await h.usage.settle();
    expect(acks()).toEqual(['m-2']);
    expect(h.usage.counts).toMatchObject({ stored: 1, failed: 1 });
    // The bridge sends m-1 again: now it is stored.
    h.bus.deliver('werkbank/v1/bridge-1/evt/usage', started('m-1', 1));
    await h.usage.settle();
    expect(acks()).toEqual(['m-2', 'm-1']);
  });
});
