import type { Qualification } from '@werkbank/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule } from '@werkbank/contracts';
import { MachineTypesRepository, QualificationEntity, QualificationsRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { CreateQualificationDto, UpdateQualificationDto } from './qualifications.dto';

/** The contract shape (libs/contracts/src/api). */
export type QualificationView = Qualification;

export function toQualificationView(q: QualificationEntity): QualificationView {
  return {
    id: q.id,
    name: q.name,
    machineTypeId: q.machineTypeId,
    validityMonths: q.validityMonths,
    validityMonthsMinors: q.validityMonthsMinors,
    currentContentVersion: q.currentContentVersion,
    prerequisiteIds: (q.prerequisites ?? []).map((p) => p.id),
  };
}

@Injectable()
export class QualificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly qualifications: QualificationsRepository,
    private readonly machineTypes: MachineTypesRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  async list(): Promise<QualificationView[]> {
    const all = await this.qualifications.findAllWithPrerequisites();
    return all.map(toQualificationView);
  }

  async get(id: string, em?: EntityManager): Promise<QualificationEntity> {
    const q = await this.qualifications.findByIdWithPrerequisites(id, em);
    if (!q) throw DomainError.notFound('Qualification', id);
    return q;
  }

  async create(actor: StaffPrincipal, dto: CreateQualificationDto): Promise<QualificationView> {
    const q = await this.dataSource.transaction(async (em) => {
      if (!(await this.machineTypes.exists(dto.machineTypeId, em))) {
        throw DomainError.invalid('machineTypeId', 'no such machine type', DomainRule.NotFound);
      }
      if (await this.qualifications.findByName(dto.name, em)) {
        throw DomainError.conflict(`Qualification ${dto.name} exists already.`, [
          { field: 'name', problem: 'already exists', rule: DomainRule.AlreadyUsed },
        ]);
      }
      const created = this.qualifications.create(
        {
          name: dto.name,
          machineTypeId: dto.machineTypeId,
          validityMonths: dto.validityMonths ?? null,
          validityMonthsMinors: dto.validityMonthsMinors ?? null,
          currentContentVersion: dto.currentContentVersion ?? null,
          prerequisites: await this.loadPrerequisites(em, dto.prerequisiteIds ?? []),
        },
        em,
      );
      await this.qualifications.save(created, em);
      await this.audit.record(actor, AuditAction.Create, 'qualification', created.id, null, created, em);
      return created;
    });
    await this.changes.emit('qualification', { id: q.id });
    return toQualificationView(q);
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateQualificationDto): Promise<QualificationView> {
    const q = await this.dataSource.transaction(async (em) => {
      const current = await this.get(id, em);
      const before = { ...current };
      const { prerequisiteIds, ...fields } = dto;
      Object.assign(current, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
      if (prerequisiteIds) {
        current.prerequisites = await this.loadPrerequisites(em, prerequisiteIds);
        await this.assertNoCycle(em, id, prerequisiteIds);
      }
      await this.qualifications.save(current, em);
      await this.audit.record(actor, AuditAction.Update, 'qualification', id, before, current, em);
      return current;
    });
    await this.changes.emit('qualification', { id });
    return toQualificationView(q);
  }

  private async loadPrerequisites(em: EntityManager, ids: string[]): Promise<QualificationEntity[]> {
    if (ids.length === 0) return [];
    const found = await this.qualifications.findByIds(ids, em);
    const missing = ids.filter((id) => !found.some((f) => f.id === id));
    if (missing.length > 0)
      throw DomainError.invalid(
        'prerequisiteIds',
        `unknown qualifications: ${missing.join(', ')}`,
        DomainRule.NotFound,
      );
    return found;
  }

  /** A prerequisite chain must not lead back to the qualification itself. */
  private async assertNoCycle(em: EntityManager, id: string, prerequisiteIds: string[]): Promise<void> {
    const all = await this.qualifications.findAllWithPrerequisites(em);
    const edges = new Map(
      all.map((q) => [q.id, q.id === id ? prerequisiteIds : q.prerequisites.map((p) => p.id)]),
    );
    const stack = [...prerequisiteIds];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (next === id)
        throw DomainError.invalid(
          'prerequisiteIds',
          'would create a cycle of prerequisites',
          DomainRule.PrerequisiteCycle,
        );
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
}
