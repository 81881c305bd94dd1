import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CardTechnology,
  DeviceProtocol,
  DeviceRole,
  MachineState,
  QualificationLevel,
  SiteKind,
  StaffRole,
} from '@werkbank/contracts';
import { DeviceEntity, MachineEntity, SiteEntity, StaffAccountEntity } from '@werkbank/persistence';
import { CardsService } from '../cards/cards.service';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { AccessRuntime } from './access-runtime.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { AppConfig } from '../config/app-config';
import { DevicesService } from '../devices/devices.service';
import { MachinesService } from '../machines/machines.service';
import { MembersService } from '../members/members.service';
import { MqttAccounts } from '../mqtt/mqtt-accounts';
import { MqttBus } from '../mqtt/mqtt-bus';
import { SIM_CONTROL_USER } from '../mqtt/mqtt-endpoint';
import { QualificationsService } from '../qualifications/qualifications.service';
import { SitesService } from '../sites/sites.service';
import { TrainingsService } from '../trainings/trainings.service';
import { generateMqttPassword, hashMqttPassword } from '../mqtt/mqtt-credentials';

export const SIM_CONTROL_TOPIC = 'werkbank-sim';
const DEVICES_FILE = 'demo-devices.json';

/** Cards of the demo members, printed in the README so a newcomer can tap them. */
export const DEMO_CARDS = { trained: '008EC793', untrained: '04A2B3C4' } as const;

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
export class DemoDevices {
  private readonly logger = new Logger(DemoDevices.name);
  private child: ChildProcess | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly accounts: MqttAccounts,
    private readonly bus: MqttBus,
    private readonly devices: DevicesService,
    private readonly sites: SitesService,
    private readonly machines: MachinesService,
    private readonly qualifications: QualificationsService,
    private readonly members: MembersService,
    private readonly cards: CardsService,
    private readonly trainings: TrainingsService,
    private readonly runtime: AccessRuntime,
    private readonly changes: ChangeFeed,
  ) {}

  get enabled(): boolean {
    return this.config.demoMode && this.config.MQTT_MODE === 'embedded';
  }

  async start(brokerUrl: string): Promise<void> {
    if (!this.enabled) return;
    const admin = await this.dataSource
      .getRepository(StaffAccountEntity)
      .findOneBy({ role: StaffRole.Admin });
    if (!admin) return;
    const actor: StaffPrincipal = {
      id: admin.id,
      username: 'demo-setup',
      displayName: 'Demo setup',
      role: StaffRole.Admin,
      memberId: null,
    };
    if ((await this.dataSource.getRepository(SiteEntity).count()) === 0) await this.seed(actor);
    const controlPassword = randomBytes(18).toString('base64url');
    const control = `${SIM_CONTROL_TOPIC}/#`;
    this.accounts.setPrivileged(SIM_CONTROL_USER, controlPassword, {
      publish: [control],
      subscribe: [control],
    });
    const file = join(this.config.DATA_DIR, DEVICES_FILE);
    const simulated = await this.credentials(file);
    writeFileSync(
      file,
      JSON.stringify(
        {
          brokerUrl,
          control: { username: SIM_CONTROL_USER, password: controlPassword, topic: SIM_CONTROL_TOPIC },
          devices: simulated,
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    this.spawnSimulator(file);
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = null;
  }

  /** Ask the simulator to let a reader report a card. */
  tap(deviceId: string, uid: string): void {
    const device = this.runtime.deviceAddress(deviceId);
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
    const all = await this.dataSource.getRepository(DeviceEntity).find();
    const simulated: SimDevice[] = [];
    for (const d of all.filter((x) => x.options?.simulated === 'true')) {
      let password = known.get(d.id);
      if (!password) {
        password = generateMqttPassword();
        d.mqttPasswordHash = await hashMqttPassword(password);
        await this.dataSource.getRepository(DeviceEntity).save(d);
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

  private async seed(actor: StaffPrincipal): Promise<void> {
    const site = await this.sites.create(actor, {
      name: 'Demo-Labor',
      kind: SiteKind.Fixed,
      address: 'Marktplatz 1',
      openingHours: [],
    });
    const printerType = await this.machines.createType(actor, {
      name: '3D-Drucker',
      description: 'FDM-Drucker',
    });
    const laserType = await this.machines.createType(actor, {
      name: 'Lasercutter',
      description: 'CO₂-Laser',
    });
    const printer = await this.machines.create(actor, {
      name: 'Prusa MK4',
      siteId: site.id,
      machineTypeId: printerType.id,
      state: MachineState.Available,
      maxSessionMinutes: 240,
      idlePowerWatts: 15,
      idleMinutes: 20,
    });
    const laser = await this.machines.create(actor, {
      name: 'Lasercutter',
      siteId: site.id,
      machineTypeId: laserType.id,
      needsSupervision: true,
      minimumAge: 16,
    });
    const printing = await this.qualifications.create(actor, {
      name: '3D-Druck Einweisung',
      machineTypeId: printerType.id,
      validityMonths: 12,
      currentContentVersion: 'v1',
    });
    await this.qualifications.create(actor, {
      name: 'Laser Einweisung',
      machineTypeId: laserType.id,
      validityMonths: 12,
      currentContentVersion: 'v1',
    });
    const erika = await this.members.create(actor, {
      firstName: 'Erika',
      lastName: 'Mustermann',
      email: 'erika@example.org',
    });
    const max = await this.members.create(actor, { firstName: 'Max', lastName: 'Mustermann' });
    await this.cards.add(actor, erika.id, {
      uid: DEMO_CARDS.trained,
      technology: CardTechnology.Em4100,
      label: 'Demo-Karte',
    });
    await this.cards.add(actor, max.id, {
      uid: DEMO_CARDS.untrained,
      technology: CardTechnology.MifareClassic,
      label: 'Demo-Karte',
    });
    await this.trainings.record(actor, {
      qualificationId: printing.id,
      memberIds: [erika.id],
      level: QualificationLevel.Independent,
      trainedOn: new Date().toISOString().slice(0, 10),
    });
    const register = (
      name: string,
      machine: MachineEntity,
      role: DeviceRole,
      protocol: DeviceProtocol,
      address: string,
      options: Record<string, string> = {},
    ) =>
      this.devices.create(actor, {
        name,
        siteId: site.id,
        machineId: machine.id,
        role,
        protocol,
        address,
        options: { simulated: 'true', ...options },
      });
    await register(
      'Prusa MK4 – Leser',
      printer,
      DeviceRole.MachineReader,
      DeviceProtocol.TasmotaReader,
      'demo-reader-prusa',
    );
    await register(
      'Prusa MK4 – Steckdose',
      printer,
      DeviceRole.Actuator,
      DeviceProtocol.ShellyGen1,
      'shelly1pm-demo01',
      { loadWatts: '120', idleWatts: '8' },
    );
    // The printer on that plug, as OctoPrint with its MQTT plugin: `npm run tap -- --print on` starts a job,
    // and the plug then stays on after a tap-out until the job is done.
    await register(
      'Prusa MK4 – OctoPrint',
      printer,
      DeviceRole.Printer,
      DeviceProtocol.OctoprintMqtt,
      'demo-octoprint-prusa',
      { relay: 'shelly1pm-demo01', printSeconds: '120' },
    );
    await register(
      'Lasercutter – Leser',
      laser,
      DeviceRole.MachineReader,
      DeviceProtocol.TasmotaReader,
      'demo-reader-laser',
    );
    await register(
      'Lasercutter – Relais',
      laser,
      DeviceRole.Actuator,
      DeviceProtocol.TasmotaRelay,
      'demo-relay-laser',
      { loadWatts: '800' },
    );
    this.logger.log(
      `demo lab created: tap card ${DEMO_CARDS.trained} (trained) or ${DEMO_CARDS.untrained} (untrained) with: npm run tap -- ${DEMO_CARDS.trained}`,
    );
  }
}
