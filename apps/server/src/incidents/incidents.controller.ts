import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Incident, Page } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { CreateIncidentDto, IncidentQueryDto, UpdateIncidentDto } from './incidents.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  /** Newest first; filters machineId, siteId, status. */
  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, { pageOf: 'Incident' })
  @ApiErrorResponses(400)
  async list(@Query() q: IncidentQueryDto): Promise<Page<Incident>> {
    return asJson(await this.incidents.list(q));
  }

  @Roles(...OFFICE)
  @Get(':id')
  @ApiContractResponse(200, 'Incident')
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<Incident> {
    return asJson(await this.incidents.get(id));
  }

  /**
   * Report an incident or defect on a machine. Trainers may report; putting the machine out of service in
   * the same step needs the right to change its state (staff, admin), else 403 naming putOutOfService.
   */
  @Roles(...ALL_STAFF)
  @Post()
  @ApiContractResponse(201, 'Incident')
  @ApiErrorResponses(400)
  async report(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateIncidentDto): Promise<Incident> {
    return asJson(await this.incidents.report(actor, dto));
  }

  /** Resolve with a note, reopen, or change the severity. Resolving leaves the machine out of service. */
  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'Incident')
  @ApiErrorResponses(400, 404)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateIncidentDto,
  ): Promise<Incident> {
    return asJson(await this.incidents.update(actor, id, dto));
  }
}
