import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule, MachineState, Page } from '@werkbank/contracts';
import {
  MachineEntity,
  MachinesRepository,
  MachineTypeEntity,
  MachineTypesRepository,
  QualificationsRepository,
  SitesRepository,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import {
  CreateMachineDto,
  CreateMachineTypeDto,
  MachineQueryDto,
  UpdateMachineDto,
  UpdateMachineTypeDto,
} from './machines.dto';

@Injectable()
export class MachinesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly machines: MachinesRepository,
    private readonly types: MachineTypesRepository,
    private readonly qualifications: QualificationsRepository,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  listTypes(): Promise<MachineTypeEntity[]> {
    return this.types.findAllByName();
  }

  async createType(actor: StaffPrincipal, dto: CreateMachineTypeDto): Promise<MachineTypeEntity> {
    return this.dataSource.transaction(async (em) => {
      if (await this.types.findByName(dto.name, em)) {
        throw DomainError.conflict(`Machine type ${dto.name} exists already.`, [
          { field: 'name', problem: 'already exists', rule: DomainRule.AlreadyUsed },
        ]);
      }
      const type = await this.types.save(
        this.types.create({ name: dto.name, description: dto.description ?? null }, em),
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'machine_type', type.id, null, type, em);
      return type;
    });
  }

  async updateType(actor: StaffPrincipal, id: string, dto: UpdateMachineTypeDto): Promise<MachineTypeEntity> {
    return this.dataSource.transaction(async (em) => {
      const type = await this.types.findById(id, em);
      if (!type) throw DomainError.notFound('Machine type', id);
      const before = { ...type };
      Object.assign(type, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      await this.types.save(type, em);
      await this.audit.record(actor, AuditAction.Update, 'machine_type', id, before, type, em);
      return type;
    });
  }

  async removeType(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const type = await this.types.findById(id, em);
      if (!type) throw DomainError.notFound('Machine type', id);
      const used =
        (await this.machines.countByType(id, em)) + (await this.qualifications.countByMachineType(id, em));
      if (used > 0)
        throw DomainError.conflict('Machines or qualifications still use this type. Remove them first.');
      await this.types.remove(type, em);
      await this.audit.record(actor, AuditAction.Delete, 'machine_type', id, type, null, em);
    });
  }

  async list(query: MachineQueryDto): Promise<Page<MachineEntity>> {
    const { items, total } = await this.machines.findPage(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, em?: EntityManager): Promise<MachineEntity> {
    const machine = await this.machines.findById(id, em);
    if (!machine) throw DomainError.notFound('Machine', id);
    return machine;
  }

  /** The machine or null, read in the caller's transaction. */
  findIn(em: EntityManager, id: string): Promise<MachineEntity | null> {
    return this.machines.findById(id, em);
  }

  async create(actor: StaffPrincipal, dto: CreateMachineDto): Promise<MachineEntity> {
    const machine = await this.dataSource.transaction(async (em) => {
      await this.assertReferences(em, dto.siteId, dto.machineTypeId);
      const created = await this.machines.save(
        this.machines.create(
          {
            name: dto.name,
            siteId: dto.siteId,
            machineTypeId: dto.machineTypeId,
            state: dto.state ?? MachineState.Available,
            stateReason: dto.stateReason ?? null,
            needsSupervision: dto.needsSupervision ?? false,
            minimumAge: dto.minimumAge ?? null,
            maxSessionMinutes: dto.maxSessionMinutes ?? null,
            allowTakeover: dto.allowTakeover ?? false,
            idlePowerWatts: dto.idlePowerWatts ?? null,
            idleMinutes: dto.idleMinutes ?? null,
          },
          em,
        ),
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'machine', created.id, null, created, em);
      return created;
    });
    await this.changes.emit('machine', { id: machine.id });
    return machine;
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateMachineDto): Promise<MachineEntity> {
    const machine = await this.dataSource.transaction((em) => this.updateIn(em, actor, id, dto));
    await this.announce(id);
    return machine;
  }

  /**
   * The update inside the caller's transaction, audited there (an incident report puts a machine out of
   * service in its own transaction). The caller announces the change with `announce` after the commit.
   */
  async updateIn(
    em: EntityManager,
    actor: StaffPrincipal,
    id: string,
    dto: UpdateMachineDto,
  ): Promise<MachineEntity> {
    const current = await this.get(id, em);
    const before = { ...current };
    Object.assign(current, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
    if (dto.state === MachineState.Available && dto.stateReason === undefined) current.stateReason = null;
    await this.assertReferences(em, current.siteId, current.machineTypeId);
    await this.machines.save(current, em);
    await this.audit.record(actor, AuditAction.Update, 'machine', id, before, current, em);
    return current;
  }

  /** After a committed change: the access runtime applies it before this resolves (the next tap sees it). */
  announce(id: string): Promise<void> {
    return this.changes.emit('machine', { id });
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const machine = await this.get(id, em);
      await this.machines.remove(machine, em);
      await this.audit.record(actor, AuditAction.Delete, 'machine', id, machine, null, em);
    });
    await this.changes.emit('machineRemoved', { id });
  }

  private async assertReferences(em: EntityManager, siteId: string, machineTypeId: string): Promise<void> {
    if (!(await this.sites.exists(siteId, em)))
      throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    if (!(await this.types.exists(machineTypeId, em))) {
      throw DomainError.invalid('machineTypeId', 'no such machine type', DomainRule.NotFound);
    }
  }
}
