import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole, type StaffAccount } from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';

import { CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateStaffDto, UpdateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Roles(StaffRole.Admin)
@Controller('staff')
export class StaffController {
  constructor(private readonly service: StaffService) {}

  @Get()
  @ApiContractResponse(200, { arrayOf: 'StaffAccount' })
  list(): Promise<StaffAccount[]> {
    return this.service.list();
  }

  @Post()
  @ApiContractResponse(201, 'StaffAccount')
  @ApiErrorResponses(400, 409)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateStaffDto): Promise<StaffAccount> {
    return this.service.create(actor, dto);
  }

  @Patch(':id')
  @ApiContractResponse(200, 'StaffAccount')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffAccount> {
    return this.service.update(actor, id, dto);
  }
}
