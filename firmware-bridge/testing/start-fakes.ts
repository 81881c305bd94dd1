import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { FakeLcusBoard } from './fake-lcus';
import { FakePn532 } from './fake-pn532';
import { FakeRdm6300 } from './fake-rdm6300';
import { openPtyPair, type PtyPair } from './pty-pair';

/**
 * Try the bridge without hardware: `npm run bridge:fakes [dir]` opens three socat pty pairs with a fake
 * RDM6300, PN532 and LCUS board on the device ends, prints a bridge.yml for the bridge ends, and reads
 * commands from stdin to present cards.
 */
const HELP = `commands:
  rdm <10 hex>          present an EM4100 card (version byte + 4 tag bytes), e.g. rdm 14008EC793
  ghost <10 hex>        one lone RDM6300 frame (the bridge must ignore it)
  pn532 <uid hex>       put a 4/7/10-byte card on the PN532, e.g. pn532 047BCB51962280
  pn532 off             take it away
  pn532 nack|silent     the chip NACKs / ignores the next command
  relays                print the relay board's channels
  quit`;

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? '/tmp/werkbank-fakes');
  mkdirSync(dir, { recursive: true });
  const pairs: PtyPair[] = [];
  const pair = async (name: string) => {
    const p = await openPtyPair(join(dir, `${name}-bridge`), join(dir, `${name}-device`));
    pairs.push(p);
    return p;
  };
  const rdm = new FakeRdm6300((await pair('rdm6300')).devicePath);
  const pn532 = new FakePn532((await pair('pn532')).devicePath);
  const board = new FakeLcusBoard((await pair('lcus')).devicePath, 4, 'bytes');
  await Promise.all([rdm.attach(), pn532.attach(), board.attach()]);
  const config = `bridgeId: bridge-dev
broker: { url: mqtt://127.0.0.1:1883 }
publicKeyFiles: [allowlist.pub]
bridgeCardKeyFile: bridge-card.key
dataDir: data
readers:
  - { kind: rdm6300, path: ${dir}/rdm6300-bridge, machineId: laser-1 }
  - { kind: pn532, path: ${dir}/pn532-bridge, machineId: cnc-1 }
outputs:
  - { kind: lcus, path: ${dir}/lcus-bridge, channel: 1, machineId: laser-1, readback: true }
  - { kind: lcus, path: ${dir}/lcus-bridge, channel: 2, machineId: cnc-1, readback: true }
`;
  writeFileSync(join(dir, 'bridge.yml'), config);
  process.stdout.write(`Fake RDM6300, PN532 and LCUS board are up. In another terminal:

  npx werkbank-bridge --config ${join(dir, 'bridge.yml')}

${HELP}
`);
  const stop = async () => {
    await Promise.all([rdm.detach(), pn532.detach(), board.detach()]);
    await Promise.all(pairs.map((p) => p.kill()));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    const [command, argument = ''] = line.trim().split(/\s+/);
    const run = async () => {
      switch (command) {
        case 'rdm':
          return rdm.presentCard(argument, 6);
        case 'ghost':
          return rdm.ghostRead(argument);
        case 'pn532':
          if (argument === 'off') return pn532.removeCard();
          if (argument === 'nack' || argument === 'silent') {
            pn532.faults[argument] += 1;
            return;
          }
          return pn532.presentCard({ uid: argument.toUpperCase() });
        case 'relays':
          process.stdout.write(
            `${board.relays.map((on, i) => `CH${i + 1}: ${on ? 'ON' : 'OFF'}`).join('  ')}\n`,
          );
          return;
        case 'quit':
          return stop();
        case '':
          return;
        default:
          process.stdout.write(`${HELP}\n`);
      }
    };
    run().catch((error: unknown) => process.stdout.write(`error: ${(error as Error).message}\n`));
  });
  // stdin may be closed when started in the background: the fakes then run until a signal.
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
