import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DeviceProtocol, DeviceRole, StaffRole } from '@werkbank/contracts';
import { DevicesRepository, StaffRepository } from '@werkbank/persistence';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { StaffPrincipal } from '../common/auth.decorators';
import { AppConfig } from '../config/app-config';
import { DeviceDirectory } from '../devices/device-directory';
import { MqttAccounts } from '../mqtt/mqtt-accounts';
import { MqttBus } from '../mqtt/mqtt-bus';
import { SIM_CONTROL_USER, SIM_DRIVER_USER } from '../mqtt/mqtt-endpoint';
import { generateMqttPassword, hashMqttPassword } from '../mqtt/mqtt-credentials';
import { DemoSeed } from './demo-seed';

export const SIM_CONTROL_TOPIC = 'werkbank-sim';
const DEVICES_FILE = 'demo-devices.json';

interface SimDevice {
  deviceId: string;
  name: string;
  protocol: DeviceProtocol;
  address: string;
  username: string;
  password: string;
  role: DeviceRole;
  options?: Record<string, string> | null;
}

/**
 * Demo mode: a demo lab with two machines, each with a simulated Tasmota reader and a simulated relay
 * (Shelly Gen1, Tasmota), an OctoPrint on the 3D printer, demo members with cards, and the simulator
 * process that plays the devices.
 */
@Injectable()
export class DemoLab {
  private readonly logger = new Logger(DemoLab.name);
  private child: ChildProcess | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly accounts: MqttAccounts,
    private readonly bus: MqttBus,
    private readonly seed: DemoSeed,
    private readonly directory: DeviceDirectory,
    private readonly staff: StaffRepository,
    private readonly deviceRows: DevicesRepository,
    private readonly changes: ChangeFeed,
  ) {}

  get enabled(): boolean {
    return this.config.demoMode && this.config.MQTT_MODE === 'embedded';
  }

  async start(brokerUrl: string): Promise<void> {
    if (!this.enabled) return;
    const admin = await this.staff.findOneByRole(StaffRole.Admin);
    if (!admin) return;
    const actor: StaffPrincipal = {
      id: admin.id,
      username: 'demo-setup',
      displayName: 'Demo setup',
      role: StaffRole.Admin,
      memberId: null,
    };
    if (await this.seed.needed()) await this.seed.seed(actor);
    const controlPassword = randomBytes(18).toString('base64url');
    const control = `${SIM_CONTROL_TOPIC}/#`;
    this.accounts.setPrivileged(SIM_CONTROL_USER, controlPassword, {
      publish: [control],
      subscribe: [control],
    });
    const driverPassword = randomBytes(18).toString('base64url');
    const topic = (command: string) => `${SIM_CONTROL_TOPIC}/${command}`;
    this.accounts.setPrivileged(SIM_DRIVER_USER, driverPassword, {
      publish: [topic('tap'), topic('print'), topic('online')],
      subscribe: [topic('status'), topic('events')],
    });
    const file = join(this.config.DATA_DIR, DEVICES_FILE);
    const simulated = await this.credentials(file);
    writeFileSync(
      file,
      JSON.stringify(
        {
          brokerUrl,
          control: { username: SIM_CONTROL_USER, password: controlPassword, topic: SIM_CONTROL_TOPIC },
          driver: { username: SIM_DRIVER_USER, password: driverPassword },
          devices: simulated,
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    if (this.config.DEMO_SIMULATOR) this.spawnSimulator(file);
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = null;
  }

  /** Ask the simulator to let a reader report a card. */
  tap(deviceId: string, uid: string): void {
    const device = this.directory.get(deviceId)?.address;
    if (!device) throw DomainError.notFound('Device', deviceId);
    this.bus.publish({
      topic: `${SIM_CONTROL_TOPIC}/tap`,
      payload: JSON.stringify({ address: device.address, uid }),
      qos: 1,
      retain: false,
    });
  }

  /** Simulated devices keep their passwords in the demo file; new devices (or a lost file) get fresh ones. */
  private async credentials(file: string): Promise<SimDevice[]> {
    const known = new Map<string, string>();
    if (existsSync(file)) {
      try {
        for (const d of (JSON.parse(readFileSync(file, 'utf8')) as { devices: SimDevice[] }).devices)
          known.set(d.deviceId, d.password);
      } catch {
        /* rewritten below */
      }
    }
    const all = await this.deviceRows.findAll();
    const simulated: SimDevice[] = [];
    for (const d of all.filter((x) => x.options?.simulated === 'true')) {
      let password = known.get(d.id);
      if (!password) {
        password = generateMqttPassword();
        d.mqttPasswordHash = await hashMqttPassword(password);
        await this.deviceRows.save(d);
        await this.changes.emit('device', { id: d.id }); // the runtime re-registers the broker account
      }
      simulated.push({
        deviceId: d.id,
        name: d.name,
        protocol: d.protocol,
        address: d.address,
        username: d.mqttUsername,
        password,
        role: d.role,
        options: d.options,
      });
    }
    return simulated;
  }

  private spawnSimulator(file: string): void {
    const main = resolve('dist/apps/simulator/apps/simulator/src/main.js');
    if (!existsSync(main)) {
      this.logger.warn(`simulator not built (${main}); run npm run build:server`);
      return;
    }
    this.child = spawn(process.execPath, [main, '--devices', file], {
      // The IPC channel only tells the simulator when the server is gone (it exits then).
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('exit', (code) => {
      if (code) this.logger.warn(`simulator exited with code ${code}`);
    });
  }
}
