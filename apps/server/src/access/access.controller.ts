import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AuditAction,
  DomainRule,
  ErrorCode,
  StaffRole,
  type AccessEventPage,
  type AccessStats,
  type MachineLiveState,
  type Page,
  type SitePresence,
  type UsageSession,
} from '@werkbank/contracts';
import { StaffRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { EmbeddedBroker } from '../mqtt/embedded-broker';
import { MachineSessions } from './runtime/machine-sessions';
import { RuntimeCounters } from './runtime/runtime-counters';
import { StaffPresence } from './runtime/staff-presence';
import { AccessEventQueryDto, ForceOffDto, PresenceDto, SessionQueryDto } from './access.dto';
import { AccessEventsService } from './access-events.service';
import { SessionsService } from './sessions.service';
import { LiveGateway } from './live.gateway';
import { processErrors } from '../common/process-errors';

@ApiTags('access')
@Controller()
export class AccessController {
  constructor(
    private readonly machineSessions: MachineSessions,
    private readonly staffPresence: StaffPresence,
    private readonly counters: RuntimeCounters,
    private readonly sessions: SessionsService,
    private readonly events: AccessEventsService,
    private readonly audit: AuditService,
    private readonly staff: StaffRepository,
    private readonly broker: EmbeddedBroker,
    private readonly gateway: LiveGateway,
  ) {}

  @Roles(...ALL_STAFF)
  @Get('live/machines')
  @ApiContractResponse(200, { arrayOf: 'MachineLiveState' })
  machines(@Query('siteId') siteId?: string): MachineLiveState[] {
    return this.machineSessions.states(siteId || undefined);
  }

  /** Staff switch a machine off now; a running print keeps power unless cutUnderPrint is set. */
  @Roles(...OFFICE)
  @Post('machines/:id/force-off')
  @HttpCode(200)
  @ApiContractResponse(200, 'MachineLiveState')
  @ApiErrorResponses(400, 404)
  async forceOff(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ForceOffDto,
  ): Promise<MachineLiveState> {
    const state = this.machineSessions.forceOff(id, dto.cutUnderPrint ?? false);
    await this.audit.record(actor, AuditAction.ForceOff, 'machine', id, null, {
      cutUnderPrint: dto.cutUnderPrint ?? false,
    });
    return state;
  }

  @Roles(...ALL_STAFF)
  @Get('sites/:id/presence')
  @ApiContractResponse(200, 'SitePresence')
  @ApiErrorResponses(400)
  presence(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SitePresence> {
    return this.presenceView(id, actor);
  }

  /**
   * Who is on site, and for the front desk (staff, admins) whom they may mark present: the active accounts.
   * Trainers see the names of those present only (supervision is public knowledge in the lab).
   */
  private async presenceView(siteId: string, actor: StaffPrincipal): Promise<SitePresence> {
    const present = this.staffPresence.list(siteId);
    const office = actor.role !== StaffRole.Trainer;
    const accounts = office
      ? await this.staff.findActive()
      : await this.staff.findByIds(present.map((p) => p.staffId));
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return {
      staffIds: present.map((p) => p.staffId),
      staff: present.map((p) => ({
        id: p.staffId,
        displayName: names.get(p.staffId) ?? p.staffId,
        arrivedAt: p.arrivedAt,
      })),
      ...(office
        ? {
            candidates: accounts
              .filter((a) => !present.some((p) => p.staffId === a.id))
              .map((a) => ({ id: a.id, displayName: a.displayName })),
          }
        : {}),
    };
  }

  /**
   * Presence counts for supervision, so nobody marks themselves present from wherever they are: a supervisor
   * taps the site's entrance reader, or a colleague at the front desk (staff, admin) marks them present. Anyone
   * may mark themselves away; the front desk may mark anyone away. Every change is audited with its actor.
   */
  @Roles(...ALL_STAFF)
  @Post('sites/:id/presence')
  @HttpCode(200)
  @ApiContractResponse(200, 'SitePresence')
  @ApiErrorResponses(400)
  async setPresence(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PresenceDto,
  ): Promise<SitePresence> {
    const staffId = dto.staffId ?? actor.id;
    if (dto.present && staffId === actor.id) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'You cannot mark yourself present: tap your card at the entrance reader of the site, or ask a colleague at the front desk to mark you present.',
        [
          {
            field: 'staffId',
            problem: 'marking yourself present is not allowed',
            rule: DomainRule.SelfPresence,
          },
        ],
      );
    }
    if (staffId !== actor.id && actor.role === StaffRole.Trainer) {
      throw new DomainError(ErrorCode.Forbidden, 'Only staff and admins change the presence of others.');
    }
    if (this.staffPresence.set(id, staffId, dto.present)) {
      await this.audit.record(
        actor,
        dto.present ? AuditAction.CheckIn : AuditAction.CheckOut,
        'staff_presence',
        staffId,
        null,
        { siteId: id, via: 'front_desk' },
      );
    }
    return this.presenceView(id, actor);
  }

  @Roles(...OFFICE)
  @Get('sessions')
  @ApiContractResponse(200, { pageOf: 'UsageSession' })
  @ApiErrorResponses(400)
  async list(@Query() q: SessionQueryDto): Promise<Page<UsageSession>> {
    return asJson(await this.sessions.list(q));
  }

  @Roles(...OFFICE)
  @Get('sessions.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="werkbank-sessions.csv"')
  @ApiResponse({
    status: 200,
    description: 'The sessions of the filter as CSV (one header line)',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses(400)
  csv(@Query() q: SessionQueryDto): Promise<string> {
    return this.sessions.csv(q);
  }

  /**
   * The access audit trail: every tap and its decision, newest first. Members appear by pseudonym for every
   * role (trainers see the same rows as on their live board); only staff and admins may filter by member.
   */
  @Roles(...ALL_STAFF)
  @Get('access/events')
  @ApiOperation({
    summary: 'Access events (taps and decisions), newest first',
    description:
      'Filters: from (inclusive), to (exclusive), siteId, machineId, deviceId, outcome, reason; memberId for ' +
      'staff and admins only (a trainer gets 403). Keyset paging: limit (1-500, default 100) and cursor ' +
      "(the previous page's nextCursor). Members appear by pseudonymous memberKey, never by name.",
  })
  @ApiContractResponse(200, 'AccessEventPage')
  @ApiErrorResponses(400)
  accessEvents(
    @CurrentStaff() actor: StaffPrincipal,
    @Query() q: AccessEventQueryDto,
  ): Promise<AccessEventPage> {
    return this.events.list(q, actor);
  }

  @Roles(...ALL_STAFF)
  @Get('access/stats')
  @ApiContractResponse(200, 'AccessStats')
  stats(): AccessStats {
    // What the embedded broker refused (with Mosquitto, its own log says so).
    return {
      ...this.counters,
      brokerDenied: this.broker.denied,
      brokerOversized: this.broker.oversized,
      // A session replaced by a new login with the same account: steady numbers mean copied credentials.
      brokerTakeovers: this.broker.takeovers.total,
      brokerTakeoversByAccount: this.broker.takeovers.top(),
      brokerTlsRefused: this.broker.tlsRefused,
      socketHandshakeErrors: this.gateway.handshakeErrors,
      ...processErrors,
    };
  }
}
