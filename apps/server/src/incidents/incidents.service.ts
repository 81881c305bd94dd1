import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, DomainRule, IncidentStatus, MachineState, Page } from '@werkbank/contracts';
import { IncidentEntity, IncidentsRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { assertMachineStateRights } from '../machines/machine-field-rights';
import { MachinesService } from '../machines/machines.service';
import { CreateIncidentDto, IncidentQueryDto, UpdateIncidentDto } from './incidents.dto';

/** The machine's state reason says which report took it out of service (machines allow 200 characters). */
function stateReasonOf(incident: IncidentEntity): string {
  return `Incident ${incident.id.slice(0, 8)}: ${incident.text}`.slice(0, 200);
}

/** Incidents and defects on machines (M18); a report can put the machine out of service in the same step. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly machines: MachinesService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(q: IncidentQueryDto): Promise<Page<IncidentEntity>> {
    const { items, total } = await this.incidents.findPage(q);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async get(id: string): Promise<IncidentEntity> {
    const incident = await this.incidents.findById(id);
    if (!incident) throw DomainError.notFound('Incident', id);
    return incident;
  }

  /**
   * The report, its audit entry and (with putOutOfService) the machine's new state commit together, through
   * the machines service (audited as a machine update); the access runtime hears of the machine before this
   * answers, so the next tap is denied with MACHINE_OUT_OF_SERVICE.
   */
  async report(actor: StaffPrincipal, dto: CreateIncidentDto): Promise<IncidentEntity> {
    const outOfService = dto.putOutOfService === true;
    if (outOfService) assertMachineStateRights(actor.role, 'putOutOfService');
    const incident = await this.dataSource.transaction(async (em) => {
      const machine = await this.machines.findIn(em, dto.machineId);
      if (!machine) throw DomainError.invalid('machineId', 'no such machine', DomainRule.NotFound);
      const created = await this.incidents.insert(
        {
          machineId: machine.id,
          siteId: machine.siteId,
          severity: dto.severity,
          kind: dto.kind,
          text: dto.text.trim(),
          status: IncidentStatus.Open,
          putOutOfService: outOfService,
          reportedBy: actor.id,
          resolvedAt: null,
          resolvedBy: null,
          resolutionNote: null,
        },
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'incident', created.id, null, created, em);
      if (outOfService)
        await this.machines.updateIn(em, actor, machine.id, {
          state: MachineState.OutOfService,
          stateReason: stateReasonOf(created),
        });
      return created;
    });
    if (outOfService) await this.machines.announce(incident.machineId);
    return incident;
  }

  /** Resolving needs a note; the machine stays as it is (returning it to service is a decision of its own). */
  async update(actor: StaffPrincipal, id: string, dto: UpdateIncidentDto): Promise<IncidentEntity> {
    return this.dataSource.transaction(async (em) => {
      const incident = await this.incidents.findById(id, em);
      if (!incident) throw DomainError.notFound('Incident', id);
      const before = { ...incident };
      if (dto.severity !== undefined) incident.severity = dto.severity;
      if (dto.status === IncidentStatus.Resolved) {
        const note = dto.resolutionNote?.trim();
        if (!note)
          throw DomainError.invalid(
            'resolutionNote',
            'say how it was resolved',
            DomainRule.ResolutionNoteRequired,
          );
        if (incident.status !== IncidentStatus.Resolved) {
          incident.resolvedAt = this.clock.now();
          incident.resolvedBy = actor.id;
        }
        incident.status = IncidentStatus.Resolved;
        incident.resolutionNote = note;
      } else if (dto.status === IncidentStatus.Open) {
        incident.status = IncidentStatus.Open;
        incident.resolvedAt = null;
        incident.resolvedBy = null;
        incident.resolutionNote = null;
      } else if (dto.resolutionNote !== undefined) {
        if (incident.status !== IncidentStatus.Resolved)
          throw DomainError.invalid(
            'resolutionNote',
            'only a resolved incident has a resolution note (send status: resolved)',
            DomainRule.ResolutionNoteRequired,
          );
        incident.resolutionNote = dto.resolutionNote.trim() || incident.resolutionNote;
      }
      await this.incidents.save(incident, em);
      await this.audit.record(actor, AuditAction.Update, 'incident', id, before, incident, em);
      return incident;
    });
  }
}
