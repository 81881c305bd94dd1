import { Injectable, Logger } from '@nestjs/common';
import { DeviceRole } from '@werkbank/contracts';
import {
  type AdapterRegistry,
  createAdapterRegistry,
  type DeviceAdapter,
  type DeviceAddress,
  DeviceRouter,
  deviceRoleProblems,
  type RoutedDevice,
  topicConflicts,
  type TopicConflict,
  TopicRightsIndex,
  type TopicRights,
} from '@werkbank/device-protocol';
import type { DeviceEntity } from '@werkbank/persistence';
import { AppConfig } from '../config/app-config';
import { MqttAccounts } from '../mqtt/mqtt-accounts';

/** A registered device as the runtime knows it: its row, its address for the codecs, and whether it is online. */
export interface RegisteredDevice {
  readonly entity: DeviceEntity;
  readonly address: DeviceAddress;
  online: boolean;
}

/** The Shelly Gen2 RPC source the server answers to (devices may not be addressed under it). */
export const SHELLY_RPC_CLIENT_ID = 'werkbank-server';

export function deviceAddressOf(d: DeviceEntity): DeviceAddress {
  return { deviceId: d.id, protocol: d.protocol, address: d.address, options: d.options };
}

/**
 * Every registered device in memory: the adapter registry, the topic router, an index by machine (a tap never
 * scans the registry), and the broker account each device logs in with. Also the checks the registry API runs
 * before it saves a device, so they see exactly what the router will see.
 */
@Injectable()
export class DeviceDirectory {
  private readonly logger = new Logger(DeviceDirectory.name);
  readonly registry: AdapterRegistry;
  private readonly router: DeviceRouter;
  private readonly devices = new Map<string, RegisteredDevice>();
  private readonly byMachine = new Map<string, RegisteredDevice[]>();

  /** With several instances sharing the device traffic, each subscribes in this share group. */
  private readonly shareGroup: string | undefined;

  constructor(
    config: AppConfig,
    private readonly accounts: MqttAccounts,
  ) {
    this.shareGroup = config.MQTT_SHARE_GROUP || undefined;
    this.registry = createAdapterRegistry({
      werkbankPrefix: config.MQTT_PREFIX,
      shellyRpcClientId: SHELLY_RPC_CLIENT_ID,
    });
    this.router = new DeviceRouter(this.registry);
  }

  /** Boot: every device row at once, then the index, then a warning for each overlap that predates the check. */
  load(rows: DeviceEntity[]): void {
    for (const d of rows) this.register(d);
    this.reindex();
    this.warnOfTopicConflicts();
  }

  /** Adds or replaces a device; returns why it cannot be routed (and then leaves the previous entry as it was). */
  upsert(d: DeviceEntity): string[] {
    const problems = this.register(d);
    if (problems.length === 0) this.reindex();
    return problems;
  }

  remove(id: string): void {
    const d = this.devices.get(id);
    if (!d) return;
    this.router.remove(id);
    this.accounts.remove(d.entity.mqttUsername);
    this.devices.delete(id);
    this.reindex();
  }

  get(id: string): RegisteredDevice | undefined {
    return this.devices.get(id);
  }

  all(): IterableIterator<RegisteredDevice> {
    return this.devices.values();
  }

  /** The devices bound to a machine (readers, relays, meters, printers). */
  ofMachine(machineId: string): readonly RegisteredDevice[] {
    return this.byMachine.get(machineId) ?? [];
  }

  ofMachineWithRole(machineId: string, role: DeviceRole): RegisteredDevice[] {
    const all = this.byMachine.get(machineId);
    return all ? all.filter((d) => d.entity.role === role) : [];
  }

  route(topic: string): RoutedDevice[] {
    return this.router.route(topic);
  }

  adapterOf(device: RegisteredDevice): DeviceAdapter | undefined {
    return this.registry.get(device.address.protocol);
  }

  /** The MQTT filters that cover every registered device (wildcards per family where they can). */
  subscriptions(): string[] {
    const filters = this.router.subscriptions();
    const group = this.shareGroup;
    return group ? filters.map((f) => `$share/${group}/${f}`) : filters;
  }

  isOnline(id: string): boolean {
    return this.devices.get(id)?.online ?? false;
  }

  // ---------------------------------------------------------------- checks for the registry API

  /** Why a device's protocol cannot serve its role (e.g. a relay registered as a reader); empty when it can. */
  roleProblems(d: DeviceEntity): string[] {
    return deviceRoleProblems(d);
  }

  /** Problems the router would have with a device: no adapter, a bad address, an address already used. */
  routingProblems(d: DeviceEntity): string[] {
    const adapter = this.registry.get(d.protocol);
    if (!adapter) return [`no adapter for protocol ${d.protocol}`];
    const problems = adapter.validate(deviceAddressOf(d));
    if (problems.length > 0) return problems;
    for (const other of this.devices.values()) {
      const o = other.entity;
      if (o.id !== d.id && o.protocol === d.protocol && o.address === d.address) {
        return [`address ${d.address} is already used by device ${o.name}`];
      }
    }
    return [];
  }

  /** What a device may do on the broker; nothing while its address is not valid (it cannot log in usefully). */
  topicRights(d: DeviceEntity): TopicRights {
    const adapter = this.registry.get(d.protocol);
    const address = deviceAddressOf(d);
    if (!adapter || adapter.validate(address).length > 0) return { publish: [], subscribe: [] };
    return adapter.topicRights(address);
  }

  /** Where a device's broker topics would overlap another family's space or another registered device's. */
  topicConflicts(d: DeviceEntity, index = this.rightsIndex()): TopicConflict[] {
    return topicConflicts(this.registry, { address: deviceAddressOf(d), name: d.name }, index);
  }

  private rightsIndex(): TopicRightsIndex {
    const named = [...this.devices.values()].map((o) => ({ address: o.address, name: o.entity.name }));
    return new TopicRightsIndex(this.registry, named);
  }

  // ---------------------------------------------------------------- upkeep

  private register(d: DeviceEntity): string[] {
    const address = deviceAddressOf(d);
    const problems = this.router.add(address);
    if (problems.length > 0) {
      this.logger.warn({ deviceId: d.id, problems }, 'device not routable');
      return problems;
    }
    const previous = this.devices.get(d.id);
    this.devices.set(d.id, { entity: d, address, online: previous?.online ?? false });
    const adapter = this.registry.get(d.protocol);
    if (adapter) {
      this.accounts.set({
        username: d.mqttUsername,
        passwordHash: d.mqttPasswordHash,
        rights: adapter.topicRights(address),
      });
    }
    return [];
  }

  private reindex(): void {
    this.byMachine.clear();
    for (const d of this.devices.values()) {
      if (!d.entity.machineId) continue;
      const list = this.byMachine.get(d.entity.machineId) ?? [];
      list.push(d);
      this.byMachine.set(d.entity.machineId, list);
    }
  }

  /**
   * Devices registered before overlapping topics were refused keep working, but each pair is named at start:
   * either device could read or forge the other's messages until one gets another address.
   */
  private warnOfTopicConflicts(): void {
    const index = this.rightsIndex();
    for (const d of this.devices.values()) {
      for (const conflict of this.topicConflicts(d.entity, index)) {
        this.logger.warn(
          { deviceId: d.entity.id, device: d.entity.name, otherDevice: conflict.otherDevice },
          `device "${d.entity.name}": ${conflict.problem}`,
        );
      }
    }
  }
}
