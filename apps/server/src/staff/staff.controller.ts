import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateStaffDto, UpdateStaffDto } from './staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Roles(StaffRole.Admin)
@Controller('staff')
export class StaffController {
  constructor(private readonly service: StaffService) {}

  @Get()
  list() {
    return this.service.list();
  }

  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateStaffDto) {
    return this.service.create(actor, dto);
  }

  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateStaffDto,
  ) {
    return this.service.update(actor, id, dto);
  }
}
