import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AuditAction,
  DeviceProtocol,
  DeviceRole,
  DomainRule,
  isSiteReader,
  type BridgeHealth as BridgeHealthView,
  ErrorCode,
} from '@werkbank/contracts';
import { deviceOptionProblems, type TopicRights } from '@werkbank/device-protocol';
import { DeviceEntity, DevicesRepository, MachinesRepository, SitesRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import {
  MOSQUITTO_REQUIRED_SETTINGS,
  mosquittoAclFile,
  mosquittoPasswordFile,
} from '../mqtt/mosquitto-config';
import { EmbeddedBroker } from '../mqtt/embedded-broker';
import { generateMqttPassword, hashMqttPassword } from '../mqtt/mqtt-credentials';
import { RESERVED_MQTT_USERNAMES, SERVER_MQTT_USER } from '../mqtt/mqtt-endpoint';
import { BridgeHealth } from './bridge-health';
import { DeviceDirectory } from './device-directory';
import { CreateDeviceDto, UpdateDeviceDto } from './devices.dto';

export interface DeviceView {
  id: string;
  name: string;
  siteId: string;
  machineId: string | null;
  role: DeviceRole;
  protocol: DeviceProtocol;
  address: string;
  options: Record<string, string> | null;
  mqttUsername: string;
  online: boolean;
  /** What this device may publish and subscribe to on the broker. */
  topicRights: TopicRights;
  /** How often a new login replaced its broker session since start (embedded broker; 0 with Mosquitto). */
  takeovers: number;
  /** A firmware bridge's last heartbeat; null for other devices and before the first one. */
  bridge: BridgeHealthView | null;
}

@Injectable()
export class DevicesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DevicesRepository,
    private readonly sites: SitesRepository,
    private readonly machines: MachinesRepository,
    private readonly directory: DeviceDirectory,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    private readonly broker: EmbeddedBroker,
    private readonly health: BridgeHealth,
  ) {}

  view(d: DeviceEntity): DeviceView {
    const bridge = this.health.view(d.id);
    return {
      id: d.id,
      name: d.name,
      siteId: d.siteId,
      machineId: d.machineId,
      role: d.role,
      protocol: d.protocol,
      address: d.address,
      options: d.options,
      mqttUsername: d.mqttUsername,
      // A bridge whose heartbeats stopped is offline, even while its retained status still says online.
      online: this.directory.isOnline(d.id) && (bridge === null || bridge.online),
      topicRights: this.directory.topicRights(d),
      takeovers: this.broker.takeovers.of(d.mqttUsername),
      bridge,
    };
  }

  async list(siteId?: string): Promise<DeviceView[]> {
    const all = await this.devices.findSorted('name', siteId);
    return all.map((d) => this.view(d));
  }

  /** Inside a change, pass the transaction's manager: the row read is the row written. */
  async get(id: string, em?: EntityManager): Promise<DeviceEntity> {
    const d = await this.devices.findById(id, em);
    if (!d) throw DomainError.notFound('Device', id);
    return d;
  }

  /** Registers a device and returns its MQTT password once (only a hash is kept). */
  async create(
    actor: StaffPrincipal | null,
    dto: CreateDeviceDto,
  ): Promise<{ device: DeviceView; mqttPassword: string }> {
    const password = generateMqttPassword();
    const device = await this.dataSource.transaction(async (em) => {
      const entity = this.devices.create({
        name: dto.name,
        siteId: dto.siteId,
        machineId: dto.machineId ?? null,
        role: dto.role,
        protocol: dto.protocol,
        address: dto.address,
        options: dto.options ?? null,
        mqttUsername: dto.mqttUsername ?? dto.address.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64),
        mqttPasswordHash: await hashMqttPassword(password),
      });
      await this.check(em, entity);
      if (RESERVED_MQTT_USERNAMES.includes(entity.mqttUsername)) {
        throw DomainError.conflict(
          `MQTT username ${entity.mqttUsername} is reserved for the server; set another mqttUsername.`,
          [{ field: 'mqttUsername', problem: 'reserved', rule: DomainRule.Reserved }],
        );
      }
      if (await this.devices.findByUsername(entity.mqttUsername, em)) {
        throw DomainError.conflict(`MQTT username ${entity.mqttUsername} is taken; set mqttUsername.`, [
          { field: 'mqttUsername', problem: 'already used', rule: DomainRule.AlreadyUsed },
        ]);
      }
      await this.devices.save(entity, em);
      await this.audit.record(actor, AuditAction.Create, 'device', entity.id, null, entity, em);
      return entity;
    });
    await this.changes.emit('device', { id: device.id });
    return { device: this.view(device), mqttPassword: password };
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateDeviceDto): Promise<DeviceView> {
    const device = await this.dataSource.transaction(async (em) => {
      const current = await this.get(id, em);
      const before = { ...current };
      Object.assign(current, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.check(em, current);
      await this.devices.save(current, em);
      await this.audit.record(actor, AuditAction.Update, 'device', id, before, current, em);
      return current;
    });
    await this.changes.emit('device', { id });
    return this.view(device);
  }

  async rotatePassword(actor: StaffPrincipal, id: string): Promise<{ mqttPassword: string }> {
    const password = generateMqttPassword();
    await this.dataSource.transaction(async (em) => {
      const current = await this.get(id, em);
      current.mqttPasswordHash = await hashMqttPassword(password);
      await this.devices.save(current, em);
      await this.audit.record(actor, AuditAction.Update, 'device', id, null, { credentials: 'rotated' }, em);
    });
    await this.changes.emit('device', { id });
    return { mqttPassword: password };
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.get(id, em);
      await this.devices.remove(current, em);
      await this.audit.record(actor, AuditAction.Delete, 'device', id, current, null, em);
    });
    await this.changes.emit('deviceRemoved', { id });
  }

  /** Password and ACL files for Mosquitto (MQTT_MODE=external), from the same hashes the embedded broker uses. */
  async mosquittoConfig(): Promise<{ passwordFile: string; aclFile: string; requiredSettings: string[] }> {
    const devices = await this.devices.findSorted('mqttUsername');
    const accounts = devices.map((d) => ({
      username: d.mqttUsername,
      passwordHash: d.mqttPasswordHash,
      rights: this.directory.topicRights(d),
    }));
    return {
      passwordFile: mosquittoPasswordFile(accounts),
      aclFile: mosquittoAclFile(SERVER_MQTT_USER, accounts),
      requiredSettings: [...MOSQUITTO_REQUIRED_SETTINGS],
    };
  }

  private async check(em: EntityManager, d: DeviceEntity): Promise<void> {
    if (!(await this.sites.exists(d.siteId, em)))
      throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    const needsMachine = !isSiteReader(d.role);
    if (needsMachine && !d.machineId)
      throw DomainError.invalid(
        'machineId',
        `a ${d.role} device must be bound to a machine`,
        DomainRule.MachineRequired,
      );
    if (!needsMachine) d.machineId = null;
    if (d.machineId) {
      const machine = await this.machines.findById(d.machineId, em);
      if (!machine) throw DomainError.invalid('machineId', 'no such machine', DomainRule.NotFound);
      if (machine.siteId !== d.siteId)
        throw DomainError.invalid(
          'machineId',
          'the machine belongs to another site',
          DomainRule.MachineOfOtherSite,
        );
    }
    const optionProblems = deviceOptionProblems(d);
    if (optionProblems.length > 0)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        optionProblems.map((p) => `${p.field}: ${p.problem}`).join('; '),
        optionProblems.map((p) => ({ ...p, rule: DomainRule.DeviceOption })),
      );
    const [roleProblem] = this.directory.roleProblems(d);
    if (roleProblem) throw DomainError.invalid('protocol', roleProblem, DomainRule.ProtocolRole);
    const problems = this.directory.routingProblems(d);
    if (problems.length > 0)
      throw DomainError.conflict(
        `The device cannot be used: ${problems.join('; ')}`,
        problems.map((p) => ({ field: 'address', problem: p, rule: DomainRule.DeviceAddress })),
      );
    const conflicts = this.directory.topicConflicts(d);
    if (conflicts.length > 0)
      throw DomainError.conflict(
        `The device's broker topics would overlap: ${conflicts.map((c) => c.problem).join('; ')}`,
        conflicts.map((c) => ({
          field: 'address',
          problem: c.problem,
          ...(c.otherDevice === undefined
            ? { rule: DomainRule.DeviceAddress }
            : { rule: DomainRule.TopicsOverlap, params: { device: c.otherDevice } }),
        })),
      );
  }
}
