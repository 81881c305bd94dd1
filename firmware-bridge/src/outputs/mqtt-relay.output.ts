import type { MqttOutputConfig } from '../config/bridge-config';
import { RelayError, type RelayHealth, type RelayOutput } from './relay-output';

/** What an MQTT relay needs from the bridge's broker link (implemented by `link/`). */
export interface MqttRelayPublisher {
  readonly connected: boolean;
  publish(topic: string, payload: string): Promise<void>;
}

/**
 * A Tasmota/Shelly-style relay switched by a command topic. The link owner passes its publisher and feeds
 * the relay's own state reports into `reportState()`; until then `state` is what was last published.
 */
export class MqttRelayOutput implements RelayOutput {
  readonly kind = 'mqtt' as const;
  private current: boolean | null = null;
  private switches = 0;
  private failures = 0;
  private lastError: string | null = null;

  constructor(
    private readonly config: MqttOutputConfig,
    private readonly publisher: MqttRelayPublisher,
  ) {}

  get machineId(): string {
    return this.config.machineId;
  }

  get state(): boolean | null {
    return this.current;
  }

  async set(on: boolean): Promise<void> {
    if (!this.publisher.connected) {
      this.failures += 1;
      this.lastError = 'broker not connected';
      throw new RelayError(
        'NOT_CONNECTED',
        `cannot switch ${this.config.topic}: the broker is not connected`,
      );
    }
    try {
      await this.publisher.publish(this.config.topic, on ? this.config.payloadOn : this.config.payloadOff);
    } catch (error) {
      this.failures += 1;
      this.lastError = (error as Error).message;
      throw new RelayError('WRITE_FAILED', `publishing to ${this.config.topic} failed: ${this.lastError}`);
    }
    this.switches += 1;
    this.current = on;
  }

  /** The relay's own report (e.g. Tasmota `stat/…/POWER`), which wins over what was commanded. */
  reportState(on: boolean): void {
    this.current = on;
  }

  health(): RelayHealth {
    return {
      kind: 'mqtt',
      machineId: this.machineId,
      target: this.config.topic,
      state: this.current,
      lastError: this.lastError,
      switches: this.switches,
      failures: this.failures,
    };
  }
}
