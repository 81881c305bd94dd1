import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DeviceEntity } from '../entities';

/** Registered devices (readers, relays, printers) and their broker credentials. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(DeviceEntity);
  }

  findAll(): Promise<DeviceEntity[]> {
    return this.repo().find();
  }

  /** For lists and generated broker files: stable order. */
  findSorted(order: 'name' | 'mqttUsername', siteId?: string): Promise<DeviceEntity[]> {
    return this.repo().find({ where: siteId ? { siteId } : {}, order: { [order]: 'ASC' } });
  }

  findById(id: string, em?: EntityManager): Promise<DeviceEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByUsername(mqttUsername: string, em?: EntityManager): Promise<DeviceEntity | null> {
    return this.repo(em).findOneBy({ mqttUsername });
  }

  create(fields: Partial<DeviceEntity>, em?: EntityManager): DeviceEntity {
    return this.repo(em).create(fields);
  }

  save(device: DeviceEntity, em?: EntityManager): Promise<DeviceEntity> {
    return this.repo(em).save(device);
  }

  async remove(device: DeviceEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).remove(device);
  }
}
