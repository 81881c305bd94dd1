import { adviseOpenError, adviseSerialPath, type SerialEnvironment } from './serial-advice';

function environment(
  overrides: Partial<SerialEnvironment> & { links?: Record<string, string> } = {},
): SerialEnvironment {
  const links = overrides.links ?? {
    '/dev/serial0': '/dev/ttyS0',
    '/dev/ttyAMA0': '/dev/ttyAMA0',
    '/dev/ttyUSB0': '/dev/ttyUSB0',
  };
  return {
    boardModel: async () => 'Raspberry Pi 4 Model B Rev 1.4',
    realPath: async (path) => links[path] ?? null,
    accessError: async () => null,
    listPorts: async () => ['/dev/ttyUSB0 1a86:7523 QinHeng Electronics', '/dev/ttyS0'],
    ...overrides,
  };
}

describe('adviseSerialPath', () => {
  it('is silent for a port that exists and is accessible', async () => {
    await expect(adviseSerialPath('readers[0].path', '/dev/serial0', environment())).resolves.toEqual([]);
  });

  it('says ttyAMA0 is the Bluetooth UART on a Pi 3 or later and to use /dev/serial0', async () => {
    const [problem] = await adviseSerialPath('readers[0].path', '/dev/ttyAMA0', environment());
    expect(problem).toMatch(
      /^readers\[0\]\.path: \/dev\/ttyAMA0 is the Bluetooth UART on a Pi 3 or later \(Raspberry Pi 4 Model B Rev 1\.4\): use \/dev\/serial0/,
    );
  });

  it('accepts ttyAMA0 where Bluetooth was disabled (serial0 points at it) and off a Pi', async () => {
    const btOff = environment({ links: { '/dev/serial0': '/dev/ttyAMA0', '/dev/ttyAMA0': '/dev/ttyAMA0' } });
    await expect(adviseSerialPath('p', '/dev/ttyAMA0', btOff)).resolves.toEqual([]);
    await expect(
      adviseSerialPath('p', '/dev/ttyAMA0', environment({ boardModel: async () => null })),
    ).resolves.toEqual([]);
    const pi2 = environment({ boardModel: async () => 'Raspberry Pi 2 Model B Rev 1.1' });
    await expect(adviseSerialPath('p', '/dev/ttyAMA0', pi2)).resolves.toEqual([]);
  });

  it('lists the ports it sees when the configured one is missing', async () => {
    const [problem] = await adviseSerialPath('readers[1].path', '/dev/ttyUSB3', environment());
    expect(problem).toBe(
      'readers[1].path: /dev/ttyUSB3 does not exist; ports seen: /dev/ttyUSB0 1a86:7523 QinHeng Electronics; /dev/ttyS0. Prefer a stable /dev/serial/by-id/… path for USB devices.',
    );
  });

  it('says so when no port can be listed (no udev)', async () => {
    const [problem] = await adviseSerialPath('p', '/dev/ttyUSB3', environment({ listPorts: async () => [] }));
    expect(problem).toMatch(/no serial ports were listed \(is udev installed/);
  });

  it('tells to add the user to the dialout group on permission denied', async () => {
    const [problem] = await adviseSerialPath(
      'readers[0].path',
      '/dev/ttyUSB0',
      environment({ accessError: async () => 'EACCES' }),
    );
    expect(problem).toMatch(/permission denied on \/dev\/ttyUSB0: add the user to the dialout group/);
  });
});

describe('adviseOpenError', () => {
  it.each([
    ['Error: Permission denied, cannot open /dev/ttyS0', /dialout group/],
    ['Error: No such file or directory, cannot open /dev/ttyS0', /does not exist: is the device plugged in/],
    ['Error Resource temporarily unavailable Cannot lock port', /in use by another program/],
    ['something else', /^something else$/],
  ])('%s', (message, advice) => {
    expect(adviseOpenError('/dev/ttyS0', message)).toMatch(advice);
  });
});

describe('adviseSerialPath on a Pi 5', () => {
  it('accepts ttyAMA0, which is the GPIO UART there', async () => {
    const pi5 = environment({
      boardModel: async () => 'Raspberry Pi 5 Model B Rev 1.0',
      links: { '/dev/serial0': '/dev/ttyAMA10', '/dev/ttyAMA0': '/dev/ttyAMA0' },
    });
    await expect(adviseSerialPath('p', '/dev/ttyAMA0', pi5)).resolves.toEqual([]);
  });
});
