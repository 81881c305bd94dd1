import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { MemberDataExport } from '@werkbank/contracts/api';
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../../common/auth.decorators';
import { ApiErrorResponses, asJson, contractSchema } from '../../common/openapi';
import { ExportQueryDto } from './data-export.dto';
import { MemberDataExportService } from './data-export.service';

@ApiTags('members')
@Controller('members')
export class MemberDataExportController {
  constructor(private readonly exports: MemberDataExportService) {}

  /** Everything stored about the member (GDPR Art. 15) as JSON or as a PDF for the member; audited. */
  @Roles(...OFFICE)
  @Get(':id/data-export')
  @ApiOperation({
    summary: "A member's own data (GDPR Art. 15)",
    description:
      'format=json (default): machine-readable, stable keys, ISO dates. format=pdf: readable document, ' +
      'lang=de (default) or en. Every call is written to the audit log (action export).',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiResponse({
    status: 200,
    description: 'The member data export',
    content: {
      'application/json': { schema: contractSchema('MemberDataExport') },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrorResponses(400, 404)
  async export(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<MemberDataExport | Buffer> {
    const date = new Date().toISOString().slice(0, 10);
    if (query.format === 'pdf') {
      const pdf = await this.exports.pdf(actor, id, query.lang ?? 'de');
      void res
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="datenauskunft-${date}.pdf"`)
        .header('cache-control', 'no-store');
      return pdf;
    }
    const data = await this.exports.json(actor, id);
    void res
      .header('content-disposition', `attachment; filename="datenauskunft-${date}.json"`)
      .header('cache-control', 'no-store');
    return asJson(data);
  }
}
