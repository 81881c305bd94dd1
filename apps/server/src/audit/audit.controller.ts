import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { AuditLogRepository } from '@werkbank/persistence';
import { Roles } from '../common/auth.decorators';
import { AuditQueryDto } from './audit.dto';

@ApiTags('audit')
@Roles(StaffRole.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly log: AuditLogRepository) {}

  @Get()
  async list(@Query() query: AuditQueryDto) {
    const { items, total } = await this.log.findPage(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
