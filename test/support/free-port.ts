import { createServer } from 'node:net';

/** A TCP port on loopback that was free a moment ago (for servers and brokers the tests start). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
