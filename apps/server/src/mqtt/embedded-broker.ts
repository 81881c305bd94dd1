import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer, SecureContextOptions, Server as TlsServer } from 'node:tls';
import { Injectable, Logger } from '@nestjs/common';
import { createBroker } from 'aedes';
import './mqtt-packet-memory';
import type { Client } from 'aedes';
import { MqttAccounts } from './mqtt-accounts';
import { guardPacketSize, MAX_MQTT_PACKET_BYTES } from './packet-size-guard';

interface AuthedClient extends Client {
  werkbankUser?: string;
}

/**
 * The embedded MQTT broker of the default setup (aedes). Every client logs in; devices are confined to
 * their own topics through the authorize hooks. Production deployments use Mosquitto with generated files.
 */
@Injectable()
export class EmbeddedBroker {
  private readonly logger = new Logger(EmbeddedBroker.name);
  private server: Server | null = null;
  private readonly broker = createBroker({
    authenticate: (client, username, password, done) => {
      const user = username ?? '';
      this.accounts
        .verify(user, password ? password.toString() : '')
        .then((account) => {
          if (!account) {
            this.logger.warn({ clientId: client.id, username: user }, 'MQTT login refused');
            const error = Object.assign(new Error('bad username or password'), { returnCode: 4 });
            done(error as never, false);
            return;
          }
          (client as AuthedClient).werkbankUser = user;
          done(null, true);
        })
        .catch((error: unknown) => done(error as never, false));
    },
    authorizePublish: (client, packet, done) => {
      const user = (client as AuthedClient | null)?.werkbankUser;
      if (packet.topic.startsWith('$SYS/') || !this.accounts.mayUse(user, packet.topic)) {
        this.denied += 1;
        this.logger.warn(
          { username: user, topic: packet.topic },
          'MQTT publish outside the device topics refused',
        );
        done(new Error('topic not allowed'));
        return;
      }
      done(null);
    },
    authorizeSubscribe: (client, sub, done) => {
      const user = (client as AuthedClient).werkbankUser;
      if (!this.accounts.mayUse(user, sub.topic)) {
        this.denied += 1;
        this.logger.warn(
          { username: user, topic: sub.topic },
          'MQTT subscription outside the device topics refused',
        );
        done(null, null);
        return;
      }
      done(null, sub);
    },
  });
  /** Publishes and subscriptions refused by the ACL. */
  denied = 0;
  /** Connections closed for announcing a packet above MAX_MQTT_PACKET_BYTES. */
  oversized = 0;
  /** Connected clients, to end the sessions of a revoked account. */
  private readonly clients = new Set<AuthedClient>();

  constructor(private readonly accounts: MqttAccounts) {
    this.broker.on('client', (client) => this.clients.add(client));
    this.broker.on('clientDisconnect', (client) => this.clients.delete(client));
    accounts.onRevoked((username) => this.disconnect(username));
  }

  /** Closes every session logged in as `username`; the device reconnects with its new credentials, or cannot. */
  private disconnect(username: string): void {
    for (const client of this.clients) {
      if (client.werkbankUser !== username) continue;
      this.logger.log(
        { clientId: client.id, username },
        'MQTT session ended: its credentials or topics changed',
      );
      this.clients.delete(client);
      client.close();
    }
  }

  private guarded(socket: Socket): Socket {
    return guardPacketSize(socket, (bytes) => {
      this.oversized += 1;
      this.logger.warn(
        { remote: socket.remoteAddress, bytes, limit: MAX_MQTT_PACKET_BYTES },
        'MQTT connection closed: it announced a packet above the size limit',
      );
    });
  }

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((socket) => this.broker.handle(this.guarded(socket)));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    return bound;
  }

  /** Handshakes refused on the TLS listener (plain clients, wrong certificates, garbage, scanners). */
  tlsRefused = 0;
  private tlsServer: TlsServer | null = null;
  private tlsLoggedAt = 0;

  /**
   * MQTT over TLS (8883): the same broker and packet-size guard as the plain listener, behind a handshake. A
   * failed handshake ends that connection only, and is logged at most once a minute (scanners try often).
   */
  async listenTls(port: number, host: string, options: SecureContextOptions): Promise<number> {
    const server = createTlsServer({ ...options, handshakeTimeout: 30_000 }, (socket) => {
      socket.setNoDelay(true);
      this.broker.handle(this.guarded(socket));
    });
    server.on('tlsClientError', (error, socket) => {
      this.tlsRefused += 1;
      if (Date.now() - this.tlsLoggedAt >= 60_000) {
        this.tlsLoggedAt = Date.now();
        this.logger.warn(
          { remote: socket.remoteAddress, reason: error.message, refused: this.tlsRefused },
          'MQTT TLS handshake failed (logged at most once a minute; all are counted in brokerTlsRefused)',
        );
      }
      socket.destroy();
    });
    this.tlsServer = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  /** A renewed certificate for the TLS listener's next handshakes; open connections keep theirs. */
  setTlsContext(options: SecureContextOptions): void {
    this.tlsServer?.setSecureContext(options);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) =>
      this.tlsServer ? this.tlsServer.close(() => resolve()) : resolve(),
    );
  }
}
