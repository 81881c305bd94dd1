import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule } from '@werkbank/contracts';
import { PartnerEntity, PartnersRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { CreatePartnerDto, UpdatePartnerDto } from './events.dto';

/** Partner organisations (M16: distinct partners by type, co-hosted events). */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly partners: PartnersRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<PartnerEntity[]> {
    return this.partners.findAll();
  }

  async create(actor: StaffPrincipal, dto: CreatePartnerDto): Promise<PartnerEntity> {
    return this.dataSource.transaction(async (em) => {
      await this.assertNameFree(dto.name, null, em);
      const partner = await this.partners.save({ name: dto.name, type: dto.type }, em);
      await this.audit.record(actor, AuditAction.Create, 'partner', partner.id, null, partner, em);
      return partner;
    });
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdatePartnerDto): Promise<PartnerEntity> {
    return this.dataSource.transaction(async (em) => {
      const partner = await this.partners.findById(id, em);
      if (!partner) throw DomainError.notFound('Partner', id);
      const before = { ...partner };
      if (dto.name !== undefined) {
        await this.assertNameFree(dto.name, id, em);
        partner.name = dto.name;
      }
      if (dto.type !== undefined) partner.type = dto.type;
      const saved = await this.partners.save(partner, em);
      await this.audit.record(actor, AuditAction.Update, 'partner', id, before, saved, em);
      return saved;
    });
  }

  /** A partner named on an event stays (the reports count it); rename it instead. */
  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const partner = await this.partners.findById(id, em);
      if (!partner) throw DomainError.notFound('Partner', id);
      if (await this.partners.isUsed(id, em))
        throw DomainError.conflict('The partner co-hosts events; it stays for the reports.', [
          { field: 'id', problem: 'named on events', rule: DomainRule.AlreadyUsed },
        ]);
      await this.partners.remove(partner, em);
      await this.audit.record(actor, AuditAction.Delete, 'partner', id, before(partner), null, em);
    });
  }

  private async assertNameFree(name: string, self: string | null, em: EntityManager) {
    const other = await this.partners.findByName(name, em);
    if (other && other.id !== self)
      throw DomainError.conflict(`A partner named ${name} exists already.`, [
        { field: 'name', problem: 'already exists', rule: DomainRule.AlreadyUsed },
      ]);
  }
}

function before(p: PartnerEntity) {
  return { ...p };
}
