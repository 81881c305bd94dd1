import type { Socket } from 'node:net';

/**
 * The largest MQTT packet the embedded broker accepts. Device messages are small (the adapters refuse
 * payloads above 16 KiB); printers' status reports are the largest at a few tens of KiB.
 */
export const MAX_MQTT_PACKET_BYTES = 256 * 1024;

/**
 * Follows an MQTT byte stream packet by packet without copying it, reading only each packet's announced
 * length. MQTT framing: one byte of packet type and flags, then the remaining length as a variable byte
 * integer of one to four bytes (7 bits each, least significant first), then that many bytes.
 */
export class PacketLengthWatch {
  /** Bytes of the current packet's body still to come. */
  private remaining = 0;
  private inHeader = false;
  private lengthBytes = 0;
  private length = 0;

  constructor(private readonly limit = MAX_MQTT_PACKET_BYTES) {}

  /** The announced length of the first packet in `chunk` above the limit, or null when all fit so far. */
  feed(chunk: Buffer): number | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const step = Math.min(this.remaining, chunk.length - i);
        this.remaining -= step;
        i += step;
        continue;
      }
      if (!this.inHeader) {
        this.inHeader = true; // past the type byte
        this.lengthBytes = 0;
        this.length = 0;
        i += 1;
        continue;
      }
      const byte = chunk[i++];
      this.length += (byte & 0x7f) * 128 ** this.lengthBytes;
      this.lengthBytes += 1;
      if (byte & 0x80) {
        // A fifth length byte would announce more than 256 MB: malformed, and too large either way.
        if (this.lengthBytes === 4) return Math.max(this.length, 128 ** 4);
        continue;
      }
      this.inHeader = false;
      if (this.length > this.limit) return this.length;
      this.remaining = this.length;
    }
    return null;
  }
}

/**
 * Closes a broker connection as soon as it announces a packet above the limit, before the packet is
 * buffered, and also before login (a CONNECT packet is the first thing a stranger can send). aedes has no
 * such limit (moscajs/aedes#831) and would buffer whatever a client announces.
 *
 * aedes reads its connection with `read()` on 'readable'; the guard wraps that one method, so writes go
 * straight to the socket, corked as aedes corks them (a stream in between would split them into segments).
 * The e2e test of the broker fails if aedes ever reads another way.
 */
export function guardPacketSize(
  socket: Socket,
  onTooLarge: (bytes: number) => void,
  limit = MAX_MQTT_PACKET_BYTES,
): Socket {
  const watch = new PacketLengthWatch(limit);
  const read = socket.read.bind(socket);
  socket.read = (size?: number): Buffer | null => {
    const chunk = read(size) as Buffer | null;
    if (chunk === null) return null;
    const tooLarge = watch.feed(chunk);
    if (tooLarge === null) return chunk;
    onTooLarge(tooLarge);
    socket.destroy();
    return null;
  };
  return socket;
}
