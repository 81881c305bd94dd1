import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditAction, ErrorCode } from '@werkbank/contracts';
import { DataSource, In } from 'typeorm';
import { StaffAccountEntity } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { EmbeddedBroker } from '../mqtt/embedded-broker';
import { AccessRuntime } from './access-runtime.service';
import { DemoTapDto, ForceOffDto, PresenceDto, SessionQueryDto, VisitQueryDto } from './access.dto';
import { DemoDevices } from './demo-devices.service';
import { SessionsService } from './sessions.service';

@ApiTags('access')
@Controller()
export class AccessController {
  constructor(
    private readonly runtime: AccessRuntime,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly demo: DemoDevices,
    private readonly dataSource: DataSource,
    private readonly broker: EmbeddedBroker,
  ) {}

  @Roles(...ALL_STAFF)
  @Get('live/machines')
  machines(@Query('siteId') siteId?: string) {
    return this.runtime.machineStates(siteId || undefined);
  }

  /** Staff switch a machine off now; a running print keeps power unless cutUnderPrint is set. */
  @Roles(...OFFICE)
  @Post('machines/:id/force-off')
  @HttpCode(200)
  async forceOff(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ForceOffDto,
  ) {
    const state = this.runtime.forceOff(id, dto.cutUnderPrint ?? false);
    await this.audit.record(actor, AuditAction.ForceOff, 'machine', id, null, {
      cutUnderPrint: dto.cutUnderPrint ?? false,
    });
    return state;
  }

  @Roles(...ALL_STAFF)
  @Get('sites/:id/presence')
  presence(@Param('id', ParseUUIDPipe) id: string) {
    return this.presenceView(id);
  }

  private async presenceView(siteId: string) {
    const present = this.runtime.staffPresence(siteId);
    const accounts = present.length
      ? await this.dataSource
          .getRepository(StaffAccountEntity)
          .findBy({ id: In(present.map((p) => p.staffId)) })
      : [];
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return {
      staffIds: present.map((p) => p.staffId),
      staff: present.map((p) => ({
        id: p.staffId,
        displayName: names.get(p.staffId) ?? p.staffId,
        arrivedAt: p.arrivedAt,
      })),
    };
  }

  @Roles(...OFFICE)
  @Get('visits')
  visits(@Query() q: VisitQueryDto) {
    return this.sessions.visits(q);
  }

  /** The logged-in staff member reports being on site (supervision) or leaving. */
  @Roles(...ALL_STAFF)
  @Post('sites/:id/presence')
  @HttpCode(200)
  setPresence(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PresenceDto,
  ) {
    this.runtime.setPresence(id, actor.id, dto.present);
    return this.presenceView(id);
  }

  @Roles(...OFFICE)
  @Get('sessions')
  list(@Query() q: SessionQueryDto) {
    return this.sessions.list(q);
  }

  @Roles(...OFFICE)
  @Get('sessions.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="werkbank-sessions.csv"')
  csv(@Query() q: SessionQueryDto) {
    return this.sessions.csv(q);
  }

  @Roles(...ALL_STAFF)
  @Get('access/stats')
  stats() {
    // What the embedded broker refused (with Mosquitto, its own log says so).
    return {
      ...this.runtime.counters,
      brokerDenied: this.broker.denied,
      brokerOversized: this.broker.oversized,
    };
  }

  /** Demo mode only: make a simulated reader report a card, as if someone tapped it. */
  @Roles(...OFFICE)
  @Post('demo/tap')
  @HttpCode(202)
  tap(@Body() dto: DemoTapDto) {
    if (!this.demo.enabled)
      throw new DomainError(ErrorCode.Forbidden, 'Simulated taps exist in demo mode only (DEMO_MODE=true).');
    this.demo.tap(dto.deviceId, dto.uid);
    return { accepted: true };
  }
}
