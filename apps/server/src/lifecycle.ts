import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AccessRuntime } from './access/runtime/access-runtime';
import { AllowlistPublisher } from './bridges/allowlist-publisher';
import { DemoLab } from './demo/demo-lab';
import { MqttEndpoint } from './mqtt/mqtt-endpoint';

/**
 * Start order: broker and connection, then the runtime (which subscribes and reconciles), the bridges'
 * allowlists (after the snapshot is loaded), then the demo.
 */
@Injectable()
export class AccessLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly endpoint: MqttEndpoint,
    private readonly runtime: AccessRuntime,
    private readonly demo: DemoLab,
    private readonly allowlists: AllowlistPublisher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.endpoint.start();
    await this.runtime.start();
    await this.allowlists.start();
    await this.demo.start(this.endpoint.url);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.demo.stop();
    await this.allowlists.stop();
    await this.runtime.stop();
    await this.endpoint.stop();
  }
}
