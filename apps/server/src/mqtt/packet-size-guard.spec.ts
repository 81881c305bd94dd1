import fc from 'fast-check';
import { generate } from 'mqtt-packet';
import { PacketLengthWatch } from './packet-size-guard';

const publish = (bytes: number): Buffer =>
  generate({
    cmd: 'publish',
    topic: 't',
    payload: Buffer.alloc(bytes),
    qos: 0,
    dup: false,
    retain: false,
  });

/** Feeds the stream in the given chunk sizes; the first verdict that is not null. */
function verdict(stream: Buffer, cuts: number[], limit: number): number | null {
  const watch = new PacketLengthWatch(limit);
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    const end = Math.min(stream.length, at + Math.max(1, cut));
    const found = watch.feed(stream.subarray(at, end));
    if (found !== null) return found;
    at = end;
    if (at >= stream.length) break;
  }
  return null;
}

describe('PacketLengthWatch', () => {
  it('lets packets up to the limit through, however the stream is cut', () => {
    const packets = [publish(0), publish(127), publish(128), publish(16_383), publish(16_384), publish(200)];
    const stream = Buffer.concat(packets);
    const limit = Math.max(...packets.map((p) => p.length));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 40_000 }), { maxLength: 30 }), (cuts) => {
        expect(verdict(stream, cuts, limit)).toBeNull();
      }),
    );
  });

  it('reports the first packet above the limit with its announced length, even split inside its header', () => {
    const big = publish(70_000);
    const announced = big.length - 4; // a 3-byte remaining length and the type byte
    const stream = Buffer.concat([publish(10), big.subarray(0, 3)]); // the big one's body never arrives
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { maxLength: 10 }), (cuts) => {
        // Only the header has arrived: the verdict comes before any of the body is buffered.
        expect(verdict(Buffer.concat([stream, big.subarray(3, 4)]), cuts, 65_536)).toBe(announced);
      }),
    );
  });

  it('treats a length that runs into a fifth byte as too large (malformed)', () => {
    const watch = new PacketLengthWatch(1024);
    expect(watch.feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff]))).toBeGreaterThanOrEqual(128 ** 4);
  });

  it('reads the four-byte maximum correctly (268 435 455 bytes)', () => {
    const watch = new PacketLengthWatch(1024);
    expect(watch.feed(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f]))).toBe(268_435_455);
  });
});
