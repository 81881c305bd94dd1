import { SerialPort } from 'serialport';

/**
 * The device end of a pty pair. Subclasses answer what the bridge writes (`receive`) and send bytes of
 * their own (`send`). `attach()` after a replug opens the new pty on the same path.
 */
export abstract class FakeSerialDevice {
  private port: SerialPort | null = null;

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

  /** Writes and waits until the bytes left this end; false when detached. */
  async send(bytes: Uint8Array): Promise<boolean> {
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
