import { constants, promises as fs } from 'node:fs';

/**
 * Start-up diagnosis of a configured serial path: what is wrong and what the admin should do about it. The
 * I/O (device tree, file system, port list) sits behind `SerialEnvironment` so the rules are testable.
 */
export interface SerialEnvironment {
  /** `/proc/device-tree/model`, or null off a Pi. */
  boardModel(): Promise<string | null>;
  /** Where a path points after following symlinks, or null when it does not exist. */
  realPath(path: string): Promise<string | null>;
  /** null when the current user may read and write the path, else the errno code (EACCES…). */
  accessError(path: string): Promise<string | null>;
  /** Ports the serialport library sees (empty without udev). */
  listPorts(): Promise<string[]>;
}

export const systemSerialEnvironment: SerialEnvironment = {
  async boardModel() {
    try {
      return (await fs.readFile('/proc/device-tree/model', 'utf8')).replace(/\0/g, '').trim();
    } catch {
      return null;
    }
  },
  async realPath(path) {
    try {
      return await fs.realpath(path);
    } catch {
      return null;
    }
  },
  async accessError(path) {
    try {
      await fs.access(path, constants.R_OK | constants.W_OK);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? 'EIO';
    }
  },
  async listPorts() {
    try {
      // Loaded lazily: the list needs udevadm, and most checks never get here.
      const { SerialPort } = await import('serialport');
      const ports = await SerialPort.list();
      return ports.map((p) =>
        [p.path, p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : null, p.manufacturer ?? null]
          .filter((part) => part !== null)
          .join(' '),
      );
    } catch {
      return [];
    }
  },
};

/**
 * Pi 3, 4, Zero 2, 400 and CM3/CM4 route the PL011 UART (ttyAMA0) to Bluetooth unless it is disabled. The Pi 5
 * is left out: there ttyAMA0 is the GPIO 14/15 UART and Bluetooth has its own.
 */
const PI_WITH_BLUETOOTH = /Raspberry Pi (3|4|Zero 2|400|Compute Module [34])/;

/** Problems with one configured path, each a full sentence with what to do; empty = fine. */
export async function adviseSerialPath(
  field: string,
  path: string,
  env: SerialEnvironment = systemSerialEnvironment,
): Promise<string[]> {
  const target = await env.realPath(path);
  if (target === null) {
    const seen = await env.listPorts();
    const listing =
      seen.length > 0
        ? `ports seen: ${seen.join('; ')}`
        : 'no serial ports were listed (is udev installed and the device plugged in?)';
    return [
      `${field}: ${path} does not exist; ${listing}. Prefer a stable /dev/serial/by-id/… path for USB devices.`,
    ];
  }
  const problems: string[] = [];
  if (target === '/dev/ttyAMA0') {
    const model = await env.boardModel();
    const serial0 = await env.realPath('/dev/serial0');
    if (model !== null && PI_WITH_BLUETOOTH.test(model) && serial0 !== '/dev/ttyAMA0')
      problems.push(
        `${field}: /dev/ttyAMA0 is the Bluetooth UART on a Pi 3 or later (${model}): use /dev/serial0 (the GPIO 14/15 UART), ` +
          'or add dtoverlay=disable-bt to /boot/firmware/config.txt to give ttyAMA0 to the GPIO pins.',
      );
  }
  const access = await env.accessError(path);
  if (access === 'EACCES' || access === 'EPERM')
    problems.push(
      `${field}: permission denied on ${path}: add the user to the dialout group (sudo usermod -aG dialout <user>, then log in again or restart the service).`,
    );
  else if (access !== null) problems.push(`${field}: cannot open ${path} (${access}).`);
  return problems;
}

/** Turns a serialport open error into advice (the supervisor logs it with every failed attempt). */
export function adviseOpenError(path: string, message: string): string {
  if (/permission denied|EACCES/i.test(message))
    return `permission denied on ${path}: add the user to the dialout group (sudo usermod -aG dialout <user>)`;
  if (/no such file|ENOENT/i.test(message)) return `${path} does not exist: is the device plugged in?`;
  if (/resource busy|EBUSY|lock/i.test(message))
    return `${path} is in use by another program (a serial console? disable it with raspi-config → Interface → Serial)`;
  return message;
}
