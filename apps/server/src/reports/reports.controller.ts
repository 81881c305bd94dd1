import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Report, ReportMetricInfo } from '@werkbank/contracts';
import { OFFICE, Roles } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { ReportQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

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
}
