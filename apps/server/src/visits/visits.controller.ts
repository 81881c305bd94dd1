import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Page, Visit, VisitHeadcount, VisitSummary } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { VisitSummaryService } from './visit-summary.service';
import { CheckInDto, HeadcountDto, VisitListQueryDto, VisitSummaryQueryDto } from './visits.dto';
import { VisitsService } from './visits.service';

@ApiTags('visits')
@Controller('visits')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly summaries: VisitSummaryService,
  ) {}

  /** Check-ins (entrance taps and front desk), members by pseudonym; filters siteId, deploymentId, memberKey, from, to. */
  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, { pageOf: 'Visit' })
  @ApiErrorResponses(400)
  async list(@Query() q: VisitListQueryDto): Promise<Page<Visit>> {
    return asJson(await this.visits.list(q));
  }

  /** Per local day: entries (M1), persons (one per person, site and day), members, anonymous, headcount, new (M3). */
  @Roles(...ALL_STAFF)
  @Get('summary')
  @ApiContractResponse(200, 'VisitSummary')
  @ApiErrorResponses(400, 404)
  summary(@Query() q: VisitSummaryQueryDto): Promise<VisitSummary> {
    return this.summaries.summary(q);
  }

  /** Check in a member or an anonymous visitor at the front desk (site or deployment). */
  @Roles(...OFFICE)
  @Post()
  @ApiContractResponse(201, 'Visit')
  @ApiErrorResponses(400)
  async checkIn(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CheckInDto): Promise<Visit> {
    return asJson(await this.visits.checkIn(actor, dto));
  }

  /** People counted without names on one day (an open day, the mobile lab at a market square). */
  @Roles(...OFFICE)
  @Post('headcount')
  @ApiContractResponse(201, 'VisitHeadcount')
  @ApiErrorResponses(400)
  async headcount(@CurrentStaff() actor: StaffPrincipal, @Body() dto: HeadcountDto): Promise<VisitHeadcount> {
    return asJson(await this.visits.headcount(actor, dto));
  }

  /** Delete a mistaken headcount. */
  @Roles(...OFFICE)
  @Delete('headcount/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404)
  async removeHeadcount(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.visits.removeHeadcount(actor, id);
  }

  /** Delete a mistaken front-desk check-in (entrance taps stay: 409). */
  @Roles(...OFFICE)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.visits.removeVisit(actor, id);
  }
}
