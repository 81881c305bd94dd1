import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, redactUrl } from '../config/app-config';
import { secureContextOptions } from '../config/tls';
import { EmbeddedBroker } from './embedded-broker';
import { MqttAccounts } from './mqtt-accounts';
import { MqttBus } from './mqtt-bus';

export const SERVER_MQTT_USER = 'werkbank-server';
/** The demo simulator's control account (demo mode). */
export const SIM_CONTROL_USER = 'simulator';
/** The server's own broker accounts: a device under one of these names would take over their rights. */
/**
 * What drives the simulator (`npm run tap`): its own account, since the embedded broker makes the account the
 * client id, and a tap logging in as the simulator would take over the simulator's control session.
 */
export const SIM_DRIVER_USER = 'simulator-driver';
export const RESERVED_MQTT_USERNAMES: readonly string[] = [
  SERVER_MQTT_USER,
  SIM_CONTROL_USER,
  SIM_DRIVER_USER,
];

/** Brings up the broker (embedded mode) and the server's own connection; knows the URL devices use. */
@Injectable()
export class MqttEndpoint {
  private readonly logger = new Logger(MqttEndpoint.name);
  url = '';
  /** Where devices reach the embedded broker, for the start-up lines (empty with an external broker). */
  listeners: string[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly broker: EmbeddedBroker,
    private readonly accounts: MqttAccounts,
    private readonly bus: MqttBus,
  ) {}

  async start(): Promise<void> {
    if (this.config.MQTT_MODE === 'embedded') {
      // The server's own account lives only in memory, new each start.
      const password = randomBytes(24).toString('base64url');
      this.accounts.setPrivileged(SERVER_MQTT_USER, password, null);
      // The server's own connection always uses the plain listener on loopback: it never leaves the machine,
      // and needs neither a certificate valid for 127.0.0.1 nor a CA. MQTT_PLAIN=false keeps devices off it.
      const plainHost = this.config.MQTT_PLAIN ? this.config.MQTT_HOST : '127.0.0.1';
      const port = await this.broker.listen(this.config.MQTT_PORT, plainHost);
      this.url = `mqtt://127.0.0.1:${port}`;
      this.listeners = [
        `mqtt://${plainHost}:${port}${this.config.MQTT_PLAIN ? '' : ' (this machine only, MQTT_PLAIN=false)'}`,
      ];
      const tlsPort = this.config.mqttTlsPort;
      const tlsFiles = this.config.mqttTlsFiles;
      if (tlsPort !== null && tlsFiles) {
        const bound = await this.broker.listenTls(
          tlsPort,
          this.config.MQTT_HOST,
          secureContextOptions(tlsFiles),
        );
        this.listeners.push(`mqtts://${this.config.MQTT_HOST}:${bound} (TLS)`);
      }
      this.logger.log(`embedded MQTT broker listening on ${this.listeners.join(' and ')}`);
      // The broker binds client ids to accounts; the random part keeps the id unguessable all the same.
      await this.bus.connect(
        this.url,
        SERVER_MQTT_USER,
        password,
        `${SERVER_MQTT_USER}-${randomBytes(6).toString('hex')}`,
      );
    } else {
      this.url = this.config.MQTT_URL as string;
      await this.bus.connect(
        this.url,
        this.config.MQTT_USERNAME ?? SERVER_MQTT_USER,
        this.config.MQTT_PASSWORD ?? '',
        this.config.mqttClientId,
        true,
      );
      this.logger.log(`connected to external MQTT broker ${redactUrl(this.url)}`);
    }
  }

  async stop(): Promise<void> {
    await this.bus.close();
    // Also in external mode: the unused aedes instance still runs its heartbeat timer.
    await this.broker.close();
  }
}
