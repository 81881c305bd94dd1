import { Body, Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiConsumes, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import {
  DomainRule,
  type Report,
  type ReportMetricInfo,
  StaffRole,
  type UrbanRuralSummary,
} from '@werkbank/contracts';
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { ReportQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';
import { ReportRollup } from './report-rollup';
import { UrbanRuralImport } from './urban-rural.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly urbanRural: UrbanRuralImport,
    private readonly rollup: ReportRollup,
  ) {}

  /** The metrics M1–M18 with their German and English names and definitions. */
  @Roles(...OFFICE)
  @Get('metrics')
  @ApiContractResponse(200, { arrayOf: 'ReportMetricInfo' })
  metrics(): ReportMetricInfo[] {
    return this.reports.metrics();
  }

  /** A funder report: period (month, quarter, year, custom), sites and metrics; small counts suppressed. */
  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, 'Report')
  @ApiErrorResponses(400)
  report(@Query() q: ReportQueryDto): Promise<Report> {
    return this.reports.report(q);
  }

  /** M14's urban/rural classification: how many keys it has and how many members' homes it covers. */
  @Roles(...OFFICE)
  @Get('urban-rural')
  @ApiContractResponse(200, 'UrbanRuralSummary')
  urbanRuralSummary(): Promise<UrbanRuralSummary> {
    return this.urbanRural.summary();
  }

  /**
   * Replaces the classification with a CSV file (a key column: 5-digit district or 8-digit municipality key; a
   * class column: urban/rural, städtisch/ländlich or the BBSR district type 1–4). One bad line: nothing changes.
   */
  @Roles(StaffRole.Admin)
  @Put('urban-rural')
  @ApiConsumes('text/csv')
  @ApiContractResponse(200, 'UrbanRuralSummary')
  @ApiErrorResponses(400, 413, 422)
  async importUrbanRural(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() csv: unknown,
  ): Promise<UrbanRuralSummary> {
    if (typeof csv !== 'string')
      throw DomainError.invalid(
        'body',
        'send the CSV file as the request body with Content-Type: text/csv',
        DomainRule.CsvBody,
      );
    const summary = await this.urbanRural.replace(actor, csv);
    void this.rollup.catchUp(); // the marked days, in the background
    return summary;
  }

  @Roles(StaffRole.Admin)
  @Delete('urban-rural')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The classification is empty: every home counts as not stated' })
  async clearUrbanRural(@CurrentStaff() actor: StaffPrincipal): Promise<void> {
    await this.urbanRural.clear(actor);
    void this.rollup.catchUp();
  }
}
