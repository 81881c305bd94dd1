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
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { StaffRole, type Machine, type MachineType, type Page } from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';

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
  @ApiContractResponse(200, { arrayOf: 'MachineType' })
  async list(): Promise<MachineType[]> {
    return asJson(await this.machines.listTypes());
  }

  @Roles(StaffRole.Admin)
  @Post()
  @ApiContractResponse(201, 'MachineType')
  @ApiErrorResponses(400, 409)
  async create(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: CreateMachineTypeDto,
  ): Promise<MachineType> {
    return asJson(await this.machines.createType(actor, dto));
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  @ApiContractResponse(200, 'MachineType')
  @ApiErrorResponses(400, 404, 409)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMachineTypeDto,
  ): Promise<MachineType> {
    return asJson(await this.machines.updateType(actor, id, dto));
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
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
  @ApiContractResponse(200, { pageOf: 'Machine' })
  @ApiErrorResponses(400)
  async list(@Query() query: MachineQueryDto): Promise<Page<Machine>> {
    return asJson(await this.machines.list(query));
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(200, 'Machine')
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<Machine> {
    return asJson(await this.machines.get(id));
  }

  @Roles(StaffRole.Admin)
  @Post()
  @ApiContractResponse(201, 'Machine')
  @ApiErrorResponses(400, 409)
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateMachineDto): Promise<Machine> {
    return asJson(await this.machines.create(actor, dto));
  }

  /** Staff may set a machine in or out of service (with a reason); what it requires is the admins' (per field). */
  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'Machine')
  @ApiErrorResponses(400, 404, 409)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMachineDto,
  ): Promise<Machine> {
    assertMachineFieldRights(actor.role, dto);
    return asJson(await this.machines.update(actor, id, dto));
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.machines.remove(actor, id);
  }
}
