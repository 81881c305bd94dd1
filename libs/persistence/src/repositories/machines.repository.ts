import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { MachineState, SortOrder } from '@werkbank/contracts';
import { MachineEntity, MachineTypeEntity } from '../entities';

export interface MachineFilter {
  siteId?: string;
  machineTypeId?: string;
  state?: MachineState;
  order?: SortOrder;
  page: number;
  pageSize: number;
}

@Injectable()
export class MachinesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(MachineEntity);
  }

  /** One page by name (then id), filtered. */
  async findPage(filter: MachineFilter): Promise<{ items: MachineEntity[]; total: number }> {
    const where: FindOptionsWhere<MachineEntity> = {};
    if (filter.siteId) where.siteId = filter.siteId;
    if (filter.machineTypeId) where.machineTypeId = filter.machineTypeId;
    if (filter.state) where.state = filter.state;
    const [items, total] = await this.repo().findAndCount({
      where,
      order: { name: filter.order === 'desc' ? 'DESC' : 'ASC', id: 'ASC' },
      skip: (filter.page - 1) * filter.pageSize,
      take: filter.pageSize,
    });
    return { items, total };
  }

  findById(id: string, em?: EntityManager): Promise<MachineEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  countBySite(siteId: string, em?: EntityManager): Promise<number> {
    return this.repo(em).countBy({ siteId });
  }

  countByType(machineTypeId: string, em?: EntityManager): Promise<number> {
    return this.repo(em).countBy({ machineTypeId });
  }

  create(fields: Partial<MachineEntity>, em?: EntityManager): MachineEntity {
    return this.repo(em).create(fields);
  }

  save(machine: MachineEntity, em?: EntityManager): Promise<MachineEntity> {
    return this.repo(em).save(machine);
  }

  async remove(machine: MachineEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).remove(machine);
  }
}

@Injectable()
export class MachineTypesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(MachineTypeEntity);
  }

  findAllByName(): Promise<MachineTypeEntity[]> {
    return this.repo().find({ order: { name: 'ASC' } });
  }

  findById(id: string, em?: EntityManager): Promise<MachineTypeEntity | null> {
    return this.repo(em).findOneBy({ id });
  }

  findByName(name: string, em?: EntityManager): Promise<MachineTypeEntity | null> {
    return this.repo(em).findOneBy({ name });
  }

  exists(id: string, em?: EntityManager): Promise<boolean> {
    return this.repo(em).existsBy({ id });
  }

  create(fields: Partial<MachineTypeEntity>, em?: EntityManager): MachineTypeEntity {
    return this.repo(em).create(fields);
  }

  save(type: MachineTypeEntity, em?: EntityManager): Promise<MachineTypeEntity> {
    return this.repo(em).save(type);
  }

  async remove(type: MachineTypeEntity, em?: EntityManager): Promise<void> {
    await this.repo(em).remove(type);
  }
}
