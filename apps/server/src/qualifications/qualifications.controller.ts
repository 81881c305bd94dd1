import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateQualificationDto, UpdateQualificationDto } from './qualifications.dto';
import { QualificationsService, toQualificationView } from './qualifications.service';

@ApiTags('qualifications')
@Controller('qualifications')
export class QualificationsController {
  constructor(private readonly qualifications: QualificationsService) {}

  @Roles(...ALL_STAFF)
  @Get()
  list() {
    return this.qualifications.list();
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return toQualificationView(await this.qualifications.get(id));
  }

  @Roles(StaffRole.Admin)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateQualificationDto) {
    return this.qualifications.create(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateQualificationDto,
  ) {
    return this.qualifications.update(actor, id, dto);
  }
}
