import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { StaffRole } from '@werkbank/contracts';
import type { ProcessingRecord } from '@werkbank/contracts/api';
import { Roles } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { ApiErrorResponses, asJson, contractSchema } from '../common/openapi';
import { AppConfig } from '../config/app-config';
import { ExportQueryDto } from '../members/data-export/data-export.dto';
import { processingRecord } from './processing-record';
import { processingRecordPdf } from './processing-record-pdf';

@ApiTags('privacy')
@Controller('privacy')
export class PrivacyController {
  constructor(
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The record of processing activities (GDPR Art. 30), generated from the configuration. */
  @Roles(StaffRole.Admin)
  @Get('record')
  @ApiOperation({
    summary: 'Record of processing activities (GDPR Art. 30)',
    description: 'format=json (default) or pdf; lang=de (default) or en for the PDF.',
  })
  @ApiProduces('application/json', 'application/pdf')
  @ApiResponse({
    status: 200,
    description: 'The record, from the configuration',
    content: {
      'application/json': { schema: contractSchema('ProcessingRecord') },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  @ApiErrorResponses(400)
  async record(
    @Query() query: ExportQueryDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ProcessingRecord | Buffer> {
    const c = this.config;
    const record = processingRecord(
      {
        controllerName: c.PRIVACY_CONTROLLER ?? c.SPACEAPI_NAME ?? null,
        controllerContact: c.PRIVACY_CONTACT ?? c.SPACEAPI_EMAIL ?? null,
        suppressionThreshold: c.REPORT_SUPPRESSION_THRESHOLD,
        reportRetentionDays: c.REPORT_RETENTION_DAYS,
        httpsOwn: c.httpsFiles !== null,
        mqttTlsOnly: !c.MQTT_PLAIN,
        sessionTtlHours: c.SESSION_TTL_HOURS,
      },
      this.clock.now(),
    );
    if (query.format === 'pdf') {
      const pdf = await processingRecordPdf(record, query.lang ?? 'de', c.TIMEZONE);
      void res
        .header('content-type', 'application/pdf')
        .header('content-disposition', 'attachment; filename="verarbeitungsverzeichnis.pdf"');
      return pdf;
    }
    return asJson(record);
  }
}
