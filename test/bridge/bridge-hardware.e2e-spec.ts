import { join } from 'node:path';
import { parseBridgeConfig } from '../../firmware-bridge/src/config/load-bridge-config';
import { startBridge, type RunningBridge } from '../../firmware-bridge/src/main';
import type { Tap } from '../../firmware-bridge/src/readers/card-reader';
import type { TapSink } from '../../firmware-bridge/src/tap-sink';
import { FakeLcusBoard } from '../../firmware-bridge/testing/fake-lcus';
import { FakeRdm6300 } from '../../firmware-bridge/testing/fake-rdm6300';
import { openPtyPair, type PtyPair } from '../../firmware-bridge/testing/pty-pair';
import { makeTempDir } from '../support/temp-dir';
import { testLogger, waitFor } from './bridge-test-kit';

/** What the link/offline runtime will do through the seam: take the tap, switch the machine's output. */
class SwitchingSink implements TapSink {
  readonly taps: Tap[] = [];
  bridge: RunningBridge | null = null;
  async handleTap(tap: Tap): Promise<void> {
    this.taps.push(tap);
    await this.bridge?.hardware.outputs.get(tap.machineId)?.set(true);
  }
}

// The hardware side assembled from a bridge.yml, as main.ts does it, with a TapSink in place of the link.
describe('bridge hardware from a config', () => {
  it('a tap on the RDM6300 reaches the sink, which switches the LCUS channel bound to the same machine', async () => {
    const temp = makeTempDir('bridge-hardware');
    const pairs: PtyPair[] = [
      await openPtyPair(join(temp.path, 'rdm-bridge'), join(temp.path, 'rdm-device')),
      await openPtyPair(join(temp.path, 'lcus-bridge'), join(temp.path, 'lcus-device')),
    ];
    const reader = new FakeRdm6300(pairs[0]!.devicePath);
    const board = new FakeLcusBoard(pairs[1]!.devicePath, 2, 'bytes');
    await Promise.all([reader.attach(), board.attach()]);
    const config = parseBridgeConfig(
      `
bridgeId: bridge-test
broker: { url: mqtt://127.0.0.1:1 }
publicKeyFiles: [allowlist.pub]
bridgeCardKeyFile: bridge-card.key
dataDir: data
readers:
  - { kind: rdm6300, path: ${pairs[0]!.bridgePath}, machineId: laser-1 }
outputs:
  - { kind: lcus, path: ${pairs[1]!.bridgePath}, channel: 2, machineId: laser-1, readback: true }
`,
      temp.path,
    );
    const sink = new SwitchingSink();
    const bridge = startBridge(config, testLogger, { sink });
    sink.bridge = bridge;
    try {
      await waitFor('both ports open', () => bridge.hardware.health().ports.every((p) => p.state === 'open'));
      expect(bridge.hardware.health().ports.map((p) => p.path)).toEqual([
        pairs[0]!.bridgePath,
        pairs[1]!.bridgePath,
      ]);
      await reader.presentCard('14008EC793', 2);
      await waitFor('the relay to be on', () => board.relays[1] === true);
      await waitFor('the read-back', () => bridge.hardware.outputs.get('laser-1')?.state === true);
      expect(sink.taps.map((t) => [t.uid, t.machineId])).toEqual([['008EC793', 'laser-1']]);
      expect(bridge.hardware.health().outputs).toEqual([
        expect.objectContaining({
          kind: 'lcus',
          machineId: 'laser-1',
          state: true,
          switches: 1,
          failures: 0,
        }),
      ]);
      expect(board.relays).toEqual([false, true]);
    } finally {
      await bridge.stop();
      await Promise.all([reader.detach(), board.detach()]);
      await Promise.all(pairs.map((p) => p.kill()));
      temp.remove();
    }
  });
});
