import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, DomainRule, ErrorCode, LabRequestState, type LabRequest } from '@werkbank/contracts';
import {
  DeploymentEntity,
  LabRequestEntity,
  LabRequestsRepository,
  SitesRepository,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { SitesService } from '../sites/sites.service';
import { LabMailer } from './lab-mailer';
import { staffView } from './lab-request-views';
import { AcceptLabRequestDto, DeclineLabRequestDto, ProposeLabRequestDto } from './lab-requests.dto';
import { assertRanges } from './date-ranges';

/** States from which staff (or the requester) may still decide. */
export const OPEN_STATES: readonly LabRequestState[] = [LabRequestState.New, LabRequestState.Proposed];

export function assertOpen(r: LabRequestEntity, allowed: readonly LabRequestState[] = OPEN_STATES): void {
  if (!allowed.includes(r.state))
    throw new DomainError(
      ErrorCode.InvalidState,
      `The request is ${r.state}; this step is not possible now.`,
      [
        {
          field: 'state',
          problem: `is ${r.state}`,
          rule: DomainRule.RequestState,
          params: { state: r.state },
        },
      ],
    );
}

/**
 * The staff side of mobile-lab requests: the inbox, and accept (a deployment in the same transaction, refused
 * with 409 naming the deployment in the way), decline, propose other dates. Every step is audited; the
 * requester is mailed after the commit.
 */
@Injectable()
export class LabRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: LabRequestsRepository,
    private readonly sitesRepo: SitesRepository,
    private readonly sites: SitesService,
    private readonly audit: AuditService,
    private readonly mailer: LabMailer,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(state?: LabRequestState): Promise<LabRequest[]> {
    const rows = await this.requests.list(state);
    const names = new Map((await this.sitesRepo.findMobile()).map((s) => [s.id, s.name]));
    return Promise.all(rows.map((r) => this.view(r, names.get(r.siteId))));
  }

  async get(id: string): Promise<LabRequest> {
    return this.view(await this.find(id));
  }

  async accept(actor: StaffPrincipal, id: string, dto: AcceptLabRequestDto): Promise<LabRequest> {
    const range = { startsOn: dto.startsOn, endsOn: dto.endsOn };
    assertRanges([range], '', this.clock.now(), this.config.TIMEZONE);
    const request = await this.dataSource.transaction(async (em) => {
      const r = await this.find(id, em);
      const before = auditable(r);
      await this.book(r, range, dto.place ?? r.place, dto.message ?? null, em);
      await this.audit.record(actor, AuditAction.Accept, 'lab_request', r.id, before, auditable(r), em);
      return r;
    });
    return this.afterChange(request);
  }

  async decline(actor: StaffPrincipal, id: string, dto: DeclineLabRequestDto): Promise<LabRequest> {
    const request = await this.dataSource.transaction(async (em) => {
      const r = await this.find(id, em);
      assertOpen(r);
      const before = auditable(r);
      r.state = LabRequestState.Declined;
      r.staffMessage = dto.message;
      await this.requests.save(r, em);
      await this.audit.record(actor, AuditAction.Decline, 'lab_request', r.id, before, auditable(r), em);
      return r;
    });
    return this.afterChange(request);
  }

  async propose(actor: StaffPrincipal, id: string, dto: ProposeLabRequestDto): Promise<LabRequest> {
    assertRanges(dto.dates, 'dates', this.clock.now(), this.config.TIMEZONE);
    const request = await this.dataSource.transaction(async (em) => {
      const r = await this.find(id, em);
      assertOpen(r);
      const before = auditable(r);
      r.state = LabRequestState.Proposed;
      r.proposedDates = dto.dates.map((d) => ({ startsOn: d.startsOn, endsOn: d.endsOn }));
      r.staffMessage = dto.message;
      await this.requests.save(r, em);
      await this.audit.record(actor, AuditAction.Propose, 'lab_request', r.id, before, auditable(r), em);
      return r;
    });
    return this.afterChange(request);
  }

  /**
   * Turns an open request into a deployment of its mobile lab on `range` (caller's transaction). The overlap
   * rule is the one of POST /sites/{id}/deployments (SitesService.insertDeploymentChecked).
   */
  async book(
    r: LabRequestEntity,
    range: { startsOn: string; endsOn: string },
    place: string,
    message: string | null,
    em: EntityManager,
  ): Promise<DeploymentEntity> {
    assertOpen(r);
    const deployment = await this.sites.insertDeploymentChecked(
      r.siteId,
      {
        startsOn: range.startsOn,
        endsOn: range.endsOn,
        place,
        municipalityKey: r.municipalityKey,
        bookingInstitution: r.institution,
      },
      em,
    );
    await this.audit.record(null, AuditAction.Create, 'deployment', deployment.id, null, deployment, em);
    r.state = LabRequestState.Accepted;
    r.deploymentId = deployment.id;
    if (message !== null) r.staffMessage = message;
    await this.requests.save(r, em);
    return deployment;
  }

  async labName(siteId: string): Promise<string> {
    return (await this.sitesRepo.findByIdWithHours(siteId))?.name ?? '';
  }

  async deploymentOf(r: LabRequestEntity): Promise<DeploymentEntity | null> {
    return r.deploymentId ? this.sitesRepo.findDeployment(r.deploymentId) : null;
  }

  private async afterChange(r: LabRequestEntity): Promise<LabRequest> {
    const name = await this.labName(r.siteId);
    void this.mailer.send(this.mailer.stateToRequester(r, name));
    return this.view(r, name);
  }

  private async find(id: string, em?: EntityManager): Promise<LabRequestEntity> {
    const r = await this.requests.findById(id, em);
    if (!r) throw DomainError.notFound('Lab request', id);
    return r;
  }

  private async view(r: LabRequestEntity, name?: string): Promise<LabRequest> {
    return staffView(r, name ?? (await this.labName(r.siteId)), await this.deploymentOf(r));
  }
}

/** The audit row keeps the decision, not the requester's contact data. */
export function auditable(r: LabRequestEntity): object {
  return {
    state: r.state,
    siteId: r.siteId,
    institution: r.institution,
    wishedDates: r.wishedDates,
    proposedDates: r.proposedDates,
    staffMessage: r.staffMessage,
    deploymentId: r.deploymentId,
  };
}
