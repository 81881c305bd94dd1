import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule, SiteKind } from '@werkbank/contracts';
import { DeploymentEntity, MachinesRepository, SiteEntity, SitesRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { CreateDeploymentDto, CreateSiteDto, UpdateSiteDto } from './sites.dto';

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
    private readonly sites: SitesRepository,
    private readonly machines: MachinesRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
  ) {}

  list(): Promise<SiteEntity[]> {
    return this.sites.findAllWithHours();
  }

  async get(id: string, em?: EntityManager): Promise<SiteEntity> {
    const site = await this.sites.findByIdWithHours(id, em);
    if (!site) throw DomainError.notFound('Site', id);
    return site;
  }

  async create(actor: StaffPrincipal, dto: CreateSiteDto): Promise<SiteEntity> {
    if (dto.timezone) assertTimezone(dto.timezone);
    const id = await this.dataSource.transaction(async (em) => {
      if (await this.sites.findByName(dto.name, em)) {
        throw DomainError.conflict(`A site named ${dto.name} exists already.`, [
          { field: 'name', problem: 'already exists', rule: DomainRule.AlreadyUsed },
        ]);
      }
      const site = await this.sites.save(
        this.sites.create(
          {
            name: dto.name,
            kind: dto.kind,
            timezone: dto.timezone ?? 'Europe/Berlin',
            address: dto.address ?? null,
            municipalityKey: dto.municipalityKey ?? null,
          },
          em,
        ),
        em,
      );
      await this.sites.replaceOpeningHours(site.id, dto.openingHours ?? [], em);
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
      await this.sites.save(plain, em);
      if (dto.openingHours) await this.sites.replaceOpeningHours(id, dto.openingHours, em);
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
      if ((await this.machines.countBySite(id, em)) > 0) {
        throw DomainError.conflict('The site still has machines. Move or delete them first.');
      }
      await this.sites.remove(site, em);
      await this.audit.record(actor, AuditAction.Delete, 'site', id, site, null, em);
    });
    await this.changes.emit('site', { id });
  }

  listDeployments(siteId: string): Promise<DeploymentEntity[]> {
    return this.sites.findDeployments(siteId);
  }

  async addDeployment(
    actor: StaffPrincipal,
    siteId: string,
    dto: CreateDeploymentDto,
  ): Promise<DeploymentEntity> {
    assertDayOrder(dto.startsOn, dto.endsOn);
    return this.dataSource.transaction(async (em) => {
      const deployment = await this.insertDeploymentChecked(
        siteId,
        {
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          place: dto.place,
          municipalityKey: dto.municipalityKey ?? null,
          bookingInstitution: dto.bookingInstitution ?? null,
        },
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'deployment', deployment.id, null, deployment, em);
      return deployment;
    });
  }

  /**
   * Inserts a deployment inside the caller's transaction: the site must be a mobile lab, and the days must not
   * overlap another deployment of the same lab (409 naming it). Used by POST /sites/{id}/deployments and by an
   * accepted mobile-lab request.
   */
  async insertDeploymentChecked(
    siteId: string,
    fields: Pick<
      DeploymentEntity,
      'startsOn' | 'endsOn' | 'place' | 'municipalityKey' | 'bookingInstitution'
    >,
    em: EntityManager,
  ): Promise<DeploymentEntity> {
    assertDayOrder(fields.startsOn, fields.endsOn);
    await this.sites.lockForDeployments(siteId, em);
    const site = await this.get(siteId, em);
    if (site.kind !== SiteKind.Mobile)
      throw DomainError.invalid('siteId', 'deployments belong to mobile labs only', DomainRule.MobileLabOnly);
    const clash = await this.sites.findOverlappingDeployment(siteId, fields.startsOn, fields.endsOn, em);
    if (clash) throw deploymentConflict(clash);
    return this.sites.insertDeployment({ siteId, ...fields }, em);
  }
}

function assertDayOrder(startsOn: string, endsOn: string): void {
  if (endsOn < startsOn)
    throw DomainError.invalid('endsOn', 'must not be before startsOn', DomainRule.NotBefore, {
      otherField: 'startsOn',
    });
}

/** 409 naming the deployment in the way: its id, days and place. */
export function deploymentConflict(clash: DeploymentEntity): DomainError {
  return DomainError.conflict(
    `The mobile lab is already booked from ${clash.startsOn} to ${clash.endsOn} (${clash.place}, deployment ${clash.id}).`,
    [
      {
        field: 'startsOn',
        problem: `overlaps the deployment ${clash.id} (${clash.startsOn} to ${clash.endsOn}, ${clash.place})`,
        rule: DomainRule.DeploymentOverlap,
        params: { deployment: clash.id, startsOn: clash.startsOn, endsOn: clash.endsOn, place: clash.place },
      },
    ],
  );
}
