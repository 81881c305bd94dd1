import { SerialPort } from 'serialport';
import type { SerialLink, SerialOpener } from '../src/serial/serial-link';

/**
 * The device end of a pty pair. Subclasses answer what the bridge writes (`receive`) and send bytes of
 * their own (`send`). `attach()` after a replug opens the new pty on the same path.
 */
export abstract class FakeSerialDevice {
  private port: SerialPort | null = null;
  /** Set while connected in memory (unit specs) instead of through a pty. */
  private memory: ((chunk: Buffer) => void) | null = null;

  constructor(
    readonly path: string,
    private readonly baudRate: number,
  ) {}

  get attached(): boolean {
    return this.port?.isOpen === true;
  }

  async attach(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: this.baudRate, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => this.receive(chunk));
    // An unplug closes this end too; that is expected, not an error of the fake.
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.port = port;
  }

  async detach(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /**
   * For unit specs: an opener whose link is wired straight to this fake (no pty, no socat). Bytes still
   * cross asynchronously, as on a real port.
   */
  memoryOpener(): SerialOpener {
    return async () => {
      let data: ((chunk: Buffer) => void) | null = null;
      let open = true;
      this.memory = (chunk) => setImmediate(() => open && data?.(chunk));
      const link: SerialLink = {
        write: async (bytes) => {
          if (!open) throw new Error('port closed');
          const copy = Buffer.from(bytes);
          setImmediate(() => this.receive(copy));
        },
        close: async () => {
          open = false;
        },
        onData: (listener) => {
          data = listener;
        },
        onLost: () => undefined,
      };
      return link;
    };
  }

  /** Writes and waits until the bytes left this end; false when detached. */
  async send(bytes: Uint8Array): Promise<boolean> {
    if (this.memory !== null) {
      this.memory(Buffer.from(bytes));
      return true;
    }
    const port = this.port;
    if (port === null || !port.isOpen) return false;
    await new Promise<void>((resolve, reject) =>
      port.write(Buffer.from(bytes), (error) => (error ? reject(error) : port.drain(() => resolve()))),
    );
    return true;
  }

  protected abstract receive(chunk: Buffer): void;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
