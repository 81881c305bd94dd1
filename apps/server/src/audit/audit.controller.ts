import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole, type AuditEntry, type Page } from '@werkbank/contracts';
import { AuditLogRepository } from '@werkbank/persistence';
import { Roles } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { AuditQueryDto } from './audit.dto';

@ApiTags('audit')
@Roles(StaffRole.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  @ApiContractResponse(200, { pageOf: 'AuditEntry' })
  @ApiErrorResponses(400)
  async list(@Query() query: AuditQueryDto): Promise<Page<AuditEntry>> {
    const { items, total } = await this.log.findPage(query);
    return { items: asJson(items), total, page: query.page, pageSize: query.pageSize };
  }
}
