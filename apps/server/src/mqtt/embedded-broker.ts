import { createServer, Server, Socket } from 'node:net';
import { createServer as createTlsServer, SecureContextOptions, Server as TlsServer } from 'node:tls';
import { Injectable, Logger } from '@nestjs/common';
import { createBroker } from 'aedes';
import './mqtt-packet-memory';
import type { Client } from 'aedes';
import { RejectLogLimiter } from '@werkbank/access-core';
import { MqttAccounts } from './mqtt-accounts';
import { guardPacketSize, MAX_MQTT_PACKET_BYTES } from './packet-size-guard';
import { SessionTakeovers } from './session-takeovers';

interface AuthedClient extends Client {
  werkbankUser?: string;
}

/**
 * Where refused publishes go. MQTT 3.1.1 cannot refuse a PUBLISH: Mosquitto acknowledges and discards it, and
 * so do we. aedes's only built-in answer is to close the connection, which would put real devices in a
 * reconnect loop for what they send on their own (a Shelly's `shellies/announce`, Tasmota's discovery). So a
 * refused packet is redirected here, not retained, and `authorizeForward` delivers nothing from it.
 */
const DISCARDED_TOPIC = '$SYS/werkbank/discarded';

/**
 * The embedded MQTT broker of the default setup (aedes). Every client logs in; its client id is its account
 * (as Mosquitto's `use_username_as_clientid`), so nobody can knock another account's session off with a
 * guessed id; devices publish and subscribe only within their topic rights (publish and subscribe apart).
 * Production deployments use Mosquitto with generated files.
 */
@Injectable()
export class EmbeddedBroker {
  private readonly logger = new Logger(EmbeddedBroker.name);
  private readonly servers: Server[] = [];
  private readonly broker = createBroker({
    authenticate: (client, username, password, done) => {
      const user = username ?? '';
      this.accounts
        .verify(user, password ? password.toString() : '')
        .then((account) => {
          if (!account) {
            this.logRefusal(user, 'login', { clientId: client.id }, 'MQTT login refused');
            const error = Object.assign(new Error('bad username or password'), { returnCode: 4 });
            done(error as never, false);
            return;
          }
          (client as AuthedClient).werkbankUser = user;
          // The session is the account's: a second login with the same account replaces the first (the
          // device reconnected), a login with another account never can.
          if (this.sessionOf(user)) this.onTakeover(user);
          client.id = user;
          done(null, true);
        })
        .catch((error: unknown) => done(error as never, false));
    },
    authorizePublish: (client, packet, done) => {
      const user = (client as AuthedClient | null)?.werkbankUser;
      if (packet.topic.startsWith('$') || !this.accounts.mayPublish(user, packet.topic)) {
        this.denied += 1;
        this.logRefusal(
          user,
          'publish',
          { topic: packet.topic },
          'MQTT publish outside the device’s rights discarded',
        );
        packet.topic = DISCARDED_TOPIC;
        packet.retain = false;
      }
      done(null);
    },
    authorizeSubscribe: (client, sub, done) => {
      const user = (client as AuthedClient).werkbankUser;
      if (!this.accounts.maySubscribe(user, sub.topic)) {
        this.denied += 1;
        this.logRefusal(
          user,
          'subscribe',
          { topic: sub.topic },
          'MQTT subscription outside the device’s rights refused',
        );
        done(null, null);
        return;
      }
      done(null, sub);
    },
    authorizeForward: (_client, packet) => (packet.topic === DISCARDED_TOPIC ? null : packet),
  });
  /** Publishes and subscriptions refused by the ACL. */
  denied = 0;
  /** Connections closed for announcing a packet above MAX_MQTT_PACKET_BYTES. */
  oversized = 0;
  readonly takeovers = new SessionTakeovers();
  /** Every refusal is counted; a bounded number per account and minute is logged (no log flood). */
  private readonly refusalLog = new RejectLogLimiter({ linesPerWindow: 5, windowMs: 60_000 });
  /** Connected clients, to end the sessions of a revoked account. */
  private readonly clients = new Set<AuthedClient>();

  constructor(private readonly accounts: MqttAccounts) {
    this.broker.on('client', (client) => this.clients.add(client));
    this.broker.on('clientDisconnect', (client) => this.clients.delete(client));
    accounts.onRevoked((username) => this.disconnect(username));
  }

  /** aedes keeps its sessions by client id, which is the account here (the typings do not list the map). */
  private sessionOf(username: string): Client | undefined {
    return (this.broker as unknown as { clients: Record<string, Client | undefined> }).clients[username];
  }

  private onTakeover(username: string): void {
    const alarm = this.takeovers.record(username, Date.now());
    if (alarm) {
      this.logger.warn(
        { username, takeovers: alarm.recent, windowSeconds: alarm.windowMs / 1000 },
        `MQTT account ${username} logged in ${alarm.recent} times within ${alarm.windowMs / 1000} s, each ` +
          'replacing its own session: its credentials are probably used by two devices. Rotate its password ' +
          '(Devices → new credentials) and configure only the real device.',
      );
    }
  }

  private logRefusal(
    username: string | undefined,
    what: string,
    detail: Record<string, unknown>,
    message: string,
  ): void {
    const now = Date.now();
    const { log, summary } = this.refusalLog.admit(username ?? '(anonymous)', now);
    if (summary)
      this.logger.warn(
        { username: summary.key, suppressed: summary.suppressed },
        `MQTT account ${summary.key}: ${summary.suppressed} more refused requests in the last ${summary.windowMs / 1000} s`,
      );
    if (log) this.logger.warn({ username, refused: what, ...detail }, message);
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
    const server = createServer((socket) => {
      // A tap's PUBACK and the relay command that follows are small packets back to back: without this,
      // Nagle's algorithm and the peer's delayed ACK hold the second one (~40 ms on Linux).
      socket.setNoDelay(true);
      this.broker.handle(this.guarded(socket));
    });
    this.servers.push(server);
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
    this.servers.push(server);
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
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    this.servers.length = 0;
    this.tlsServer = null;
  }
}
