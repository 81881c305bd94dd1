import { createServer, type Server } from 'node:net';
import { listenProblem } from './listen-problem';

const config = { PORT: 3000, HOST: '0.0.0.0', MQTT_PORT: 1883, MQTT_HOST: '0.0.0.0' };

/** The error Node really raises when listening fails, not a hand-built look-alike. */
function listenError(port: number, host = '127.0.0.1'): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => reject(new Error(`listening on ${port} worked`))));
  });
}

describe('listenProblem', () => {
  let taken: Server;
  let takenPort: number;

  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('names PORT and a free alternative when the web port is taken', async () => {
    const error = await listenError(takenPort);
    const text = listenProblem(error, { ...config, PORT: takenPort });
    expect(text).toContain(`Port ${takenPort} (PORT, the web server) is already in use`);
    expect(text).toContain(`PORT=${takenPort + 1} npm start`);
    expect(text).not.toContain('MQTT');
  });

  it('names MQTT_PORT, and the external-broker way out, when the broker port is taken', async () => {
    const error = await listenError(takenPort);
    const text = listenProblem(error, { ...config, MQTT_PORT: takenPort });
    expect(text).toContain(`Port ${takenPort} (MQTT_PORT, the embedded MQTT broker) is already in use`);
    expect(text).toContain(`MQTT_PORT=${takenPort + 1} npm start`);
    expect(text).toContain(`MQTT_MODE=external MQTT_URL=mqtt://localhost:${takenPort}`);
  });

  it('never suggests the port the other server uses', () => {
    const error = Object.assign(new Error('listen EADDRINUSE'), {
      code: 'EADDRINUSE',
      syscall: 'listen',
      port: 1883,
      address: '0.0.0.0',
    });
    expect(listenProblem(error, config)).toContain('MQTT_PORT=1884 npm start');
    expect(listenProblem(error, { ...config, PORT: 1884 })).toContain('MQTT_PORT=1885 npm start');
  });

  it('names MQTT_TLS_PORT when the TLS port of the broker is taken', async () => {
    const error = await listenError(takenPort);
    const text = listenProblem(error, { ...config, mqttTlsPort: takenPort, MQTT_PORT: takenPort + 1 });
    expect(text).toContain(
      `Port ${takenPort} (MQTT_TLS_PORT, the embedded MQTT broker's TLS listener) is already in use`,
    );
    expect(text).toContain(`MQTT_TLS_PORT=${takenPort + 2} npm start`);
  });

  it('explains privileged ports and an address that is not on this machine', async () => {
    const privileged = Object.assign(new Error('listen EACCES'), {
      code: 'EACCES',
      syscall: 'listen',
      port: 80,
      address: '0.0.0.0',
    });
    expect(listenProblem(privileged, { ...config, PORT: 80 })).toContain('PORT=3000 npm start');
    const foreign = await listenError(config.PORT, '192.0.2.1'); // TEST-NET-1: never on this machine
    expect(foreign.code).toBe('EADDRNOTAVAIL');
    expect(listenProblem(foreign, config)).toContain('HOST=192.0.2.1 is not an address of this machine');
  });

  it('leaves every other error alone', () => {
    expect(listenProblem(new Error('database locked'), config)).toBeNull();
    expect(listenProblem('EADDRINUSE', config)).toBeNull();
    expect(
      listenProblem(
        Object.assign(new Error('x'), { code: 'ECONNREFUSED', syscall: 'connect', port: 5432 }),
        config,
      ),
    ).toBeNull();
  });
});
