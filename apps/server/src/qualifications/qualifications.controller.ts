import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole, type Qualification } from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';

import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateQualificationDto, UpdateQualificationDto } from './qualifications.dto';
import { QualificationsService, toQualificationView } from './qualifications.service';

@ApiTags('qualifications')
@Controller('qualifications')
export class QualificationsController {
  constructor(private readonly qualifications: QualificationsService) {}

  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Qualification' })
  list(): Promise<Qualification[]> {
    return this.qualifications.list();
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(200, 'Qualification')
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<Qualification> {
    return toQualificationView(await this.qualifications.get(id));
  }

  @Roles(StaffRole.Admin)
  @Post()
  @ApiContractResponse(201, 'Qualification')
  @ApiErrorResponses(400, 409)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateQualificationDto): Promise<Qualification> {
    return this.qualifications.create(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  @ApiContractResponse(200, 'Qualification')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateQualificationDto,
  ): Promise<Qualification> {
    return this.qualifications.update(actor, id, dto);
  }
}
