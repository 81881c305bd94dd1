import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import {
  CreateMachineDto,
  CreateMachineTypeDto,
  MachineQueryDto,
  UpdateMachineDto,
  UpdateMachineTypeDto,
} from './machines.dto';
import { assertMachineFieldRights } from './machine-field-rights';
import { MachinesService } from './machines.service';

@ApiTags('machines')
@Controller('machine-types')
export class MachineTypesController {
  constructor(private readonly machines: MachinesService) {}

  @Roles(...ALL_STAFF)
  @Get()
  list() {
    return this.machines.listTypes();
  }

  @Roles(StaffRole.Admin)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateMachineTypeDto) {
    return this.machines.createType(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMachineTypeDto,
  ) {
    return this.machines.updateType(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.machines.removeType(actor, id);
  }
}

@ApiTags('machines')
@Controller('machines')
export class MachinesController {
  constructor(private readonly machines: MachinesService) {}

  @Roles(...ALL_STAFF)
  @Get()
  list(@Query() query: MachineQueryDto) {
    return this.machines.list(query);
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.machines.get(id);
  }

  @Roles(StaffRole.Admin)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateMachineDto) {
    return this.machines.create(actor, dto);
  }

  /** Staff may set a machine in or out of service (with a reason); what it requires is the admins' (per field). */
  @Roles(...OFFICE)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMachineDto,
  ) {
    assertMachineFieldRights(actor.role, dto);
    return this.machines.update(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.machines.remove(actor, id);
  }
}
