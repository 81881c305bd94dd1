import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule, SiteKind } from '@werkbank/contracts';
import { DeploymentEntity, MachineEntity, OpeningHoursEntity, SiteEntity } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { CreateDeploymentDto, CreateSiteDto, OpeningHoursDto, UpdateSiteDto } from './sites.dto';

function assertTimezone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw DomainError.invalid(
      'timezone',
      `${tz} is not an IANA time zone (e.g. Europe/Berlin)`,
      DomainRule.TimeZone,
    );
  }
}

@Injectable()
export class SitesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  list(): Promise<SiteEntity[]> {
    return this.dataSource
      .getRepository(SiteEntity)
      .find({ relations: { openingHours: true }, order: { name: 'ASC' } });
  }

  async get(id: string, em?: EntityManager): Promise<SiteEntity> {
    const site = await (em ?? this.dataSource.manager)
      .getRepository(SiteEntity)
      .findOne({ where: { id }, relations: { openingHours: true } });
    if (!site) throw DomainError.notFound('Site', id);
    return site;
  }

  async create(actor: StaffPrincipal, dto: CreateSiteDto): Promise<SiteEntity> {
    if (dto.timezone) assertTimezone(dto.timezone);
    const id = await this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(SiteEntity);
      if (await repo.findOneBy({ name: dto.name })) {
        throw DomainError.conflict(`A site named ${dto.name} exists already.`, [
          { field: 'name', problem: 'already exists', rule: DomainRule.AlreadyUsed },
        ]);
      }
      const site = await repo.save(
        repo.create({
          name: dto.name,
          kind: dto.kind,
          timezone: dto.timezone ?? 'Europe/Berlin',
          address: dto.address ?? null,
          municipalityKey: dto.municipalityKey ?? null,
        }),
      );
      await this.replaceHours(em, site.id, dto.openingHours ?? []);
      await this.audit.record(
        actor,
        AuditAction.Create,
        'site',
        site.id,
        null,
        { ...site, openingHours: dto.openingHours },
        em,
      );
      return site.id;
    });
    await this.changes.emit('site', { id });
    return this.get(id);
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateSiteDto): Promise<SiteEntity> {
    if (dto.timezone) assertTimezone(dto.timezone);
    await this.dataSource.transaction(async (em) => {
      const site = await this.get(id, em);
      const before = {
        ...site,
        openingHours: site.openingHours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`),
      };
      if (dto.name !== undefined) site.name = dto.name;
      if (dto.timezone !== undefined) site.timezone = dto.timezone;
      if (dto.address !== undefined) site.address = dto.address;
      if (dto.municipalityKey !== undefined) site.municipalityKey = dto.municipalityKey;
      const { openingHours: _, ...plain } = site;
      await em.getRepository(SiteEntity).save(plain);
      if (dto.openingHours) await this.replaceHours(em, id, dto.openingHours);
      const after = {
        ...plain,
        openingHours: (dto.openingHours ?? site.openingHours).map(
          (h) => `${h.weekday} ${h.opens}-${h.closes}`,
        ),
      };
      await this.audit.record(actor, AuditAction.Update, 'site', id, before, after, em);
    });
    await this.changes.emit('site', { id });
    return this.get(id);
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const site = await this.get(id, em);
      if ((await em.getRepository(MachineEntity).countBy({ siteId: id })) > 0) {
        throw DomainError.conflict('The site still has machines. Move or delete them first.');
      }
      await em.getRepository(SiteEntity).remove(site);
      await this.audit.record(actor, AuditAction.Delete, 'site', id, site, null, em);
    });
    await this.changes.emit('site', { id });
  }

  listDeployments(siteId: string): Promise<DeploymentEntity[]> {
    return this.dataSource
      .getRepository(DeploymentEntity)
      .find({ where: { siteId }, order: { startsOn: 'DESC' } });
  }

  async addDeployment(
    actor: StaffPrincipal,
    siteId: string,
    dto: CreateDeploymentDto,
  ): Promise<DeploymentEntity> {
    if (dto.endsOn < dto.startsOn)
      throw DomainError.invalid('endsOn', 'must not be before startsOn', DomainRule.NotBefore, {
        otherField: 'startsOn',
      });
    return this.dataSource.transaction(async (em) => {
      const site = await this.get(siteId, em);
      if (site.kind !== SiteKind.Mobile)
        throw DomainError.invalid(
          'siteId',
          'deployments belong to mobile labs only',
          DomainRule.MobileLabOnly,
        );
      const repo = em.getRepository(DeploymentEntity);
      const deployment = await repo.save(
        repo.create({
          siteId,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          place: dto.place,
          municipalityKey: dto.municipalityKey ?? null,
          bookingInstitution: dto.bookingInstitution ?? null,
        }),
      );
      await this.audit.record(actor, AuditAction.Create, 'deployment', deployment.id, null, deployment, em);
      return deployment;
    });
  }

  private async replaceHours(em: EntityManager, siteId: string, hours: OpeningHoursDto[]): Promise<void> {
    const repo = em.getRepository(OpeningHoursEntity);
    await repo.delete({ siteId });
    if (hours.length > 0) await repo.save(hours.map((h) => repo.create({ siteId, ...h })));
  }
}
