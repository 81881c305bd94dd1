import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { OFFICE, Roles } from '../common/auth.decorators';
import { ApiErrorResponses } from '../common/openapi';
import { reportCsv } from './exports/report-csv';
import { reportPdf } from './exports/report-pdf';
import { fileStem } from './exports/report-texts';
import { reportXlsx } from './exports/report-xlsx';
import { ReportExportQueryDto } from './reports.dto';
import { ReportsService } from './reports.service';

const TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
} as const;

@ApiTags('reports')
@Controller('reports')
export class ReportExportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The report as CSV, XLSX or PDF (same query as GET /api/reports, plus format and lang). */
  @Roles(...OFFICE)
  @Get('export')
  // No @ApiProduces: it would give the JSON error responses the file types too.
  @ApiResponse({
    status: 200,
    description: 'The report file, as an attachment.',
    content: Object.fromEntries(
      Object.values(TYPES).map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
    ),
  })
  @ApiErrorResponses(400)
  async export(
    @Query() q: ReportExportQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<Buffer> {
    const report = await this.reports.report(q);
    const file =
      q.format === 'csv'
        ? reportCsv(report, q.lang)
        : q.format === 'xlsx'
          ? await reportXlsx(report, q.lang)
          : await reportPdf(report, q.lang);
    void res
      .header('content-type', TYPES[q.format])
      .header('content-disposition', `attachment; filename="${fileStem(report)}.${q.format}"`);
    return file;
  }
}
