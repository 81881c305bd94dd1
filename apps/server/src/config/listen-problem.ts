import type { AppConfig } from './app-config';

type ListenConfig = Pick<AppConfig, 'PORT' | 'HOST' | 'MQTT_PORT' | 'MQTT_HOST'> &
  Partial<Pick<AppConfig, 'mqttTlsPort'>>;

interface ListenError {
  code?: unknown;
  syscall?: unknown;
  port?: unknown;
  address?: unknown;
}

/**
 * What to tell the person starting the server when a port cannot be opened (taken, privileged, or an address
 * that is not on this machine), naming the variable to change; null for every other error. A raw EADDRINUSE
 * stack trace leaves a newcomer guessing which of the two ports is meant and what to do.
 */
export function listenProblem(error: unknown, config: ListenConfig): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, syscall, port, address } = error as ListenError;
  if (syscall !== 'listen' || typeof port !== 'number') return null;
  const tls = port === config.mqttTlsPort && port !== config.PORT && port !== config.MQTT_PORT;
  const broker = !tls && port === config.MQTT_PORT && port !== config.PORT;
  const what = tls
    ? `Port ${port} (MQTT_TLS_PORT, the embedded MQTT broker's TLS listener)`
    : broker
      ? `Port ${port} (MQTT_PORT, the embedded MQTT broker)`
      : `Port ${port} (PORT, the web server)`;
  const taken = [config.PORT, config.MQTT_PORT, config.mqttTlsPort];
  let next = port + 1;
  while (taken.includes(next)) next += 1; // never suggest a port another listener uses
  const example = tls ? `MQTT_TLS_PORT=${next}` : broker ? `MQTT_PORT=${next}` : `PORT=${next}`;
  switch (code) {
    case 'EADDRINUSE':
      return [
        `${what} is already in use, perhaps by another Werkbank${broker || tls ? ' or a Mosquitto service' : ''}.`,
        `Stop the other program, or start on another port: ${example} npm start`,
        ...(broker
          ? [
              'Devices then connect to that port. To use a Mosquitto already running instead, start with',
              `MQTT_MODE=external MQTT_URL=mqtt://localhost:${port} (see docs/deployment.md).`,
            ]
          : []),
      ].join('\n');
    case 'EACCES':
      return (
        `${what} needs administrator rights (ports below 1024). Choose a port from 1024 up: ` +
        `${tls ? 'MQTT_TLS_PORT=8883' : broker ? 'MQTT_PORT=1883' : 'PORT=3000'} npm start`
      );
    case 'EADDRNOTAVAIL': {
      const variable = broker || tls ? 'MQTT_HOST' : 'HOST';
      return (
        `${variable}=${String(address)} is not an address of this machine. Use 0.0.0.0 (all interfaces) or ` +
        `127.0.0.1 (this machine only): ${variable}=0.0.0.0 npm start`
      );
    }
    default:
      return null;
  }
}
