import { SerialPort } from 'serialport';

/** An open serial port as the supervisor needs it; the real one is `serialport`, tests may pass their own. */
export interface SerialLink {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once when the port closes or fails on its own (unplugged, hang-up, read error). */
  onLost(listener: (reason: string) => void): void;
}

export type SerialOpener = (path: string, baudRate: number) => Promise<SerialLink>;

/** Opens with `serialport` (8N1, exclusive lock so two bridges cannot share a reader). */
export const openSerialPort: SerialOpener = async (path, baudRate) => {
  const port = new SerialPort({ path, baudRate, autoOpen: false, lock: true });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  let lost: ((reason: string) => void) | null = null;
  let reported = false;
  const report = (reason: string) => {
    if (reported) return;
    reported = true;
    lost?.(reason);
  };
  port.on('error', (error: Error) => report(error.message));
  port.on('close', (error: (Error & { disconnected?: boolean }) | null) =>
    report(error?.disconnected ? 'device disconnected' : (error?.message ?? 'port closed')),
  );
  return {
    write: (data) =>
      new Promise<void>((resolve, reject) => {
        port.write(Buffer.from(data), (error) => {
          if (error) return reject(error);
          port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        reported = true;
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
    onData: (listener) => port.on('data', listener),
    onLost: (listener) => {
      lost = listener;
    },
  };
};
