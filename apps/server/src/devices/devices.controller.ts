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
import {
  StaffRole,
  type Device,
  type DeviceCreated,
  type DeviceCredentials,
  type MosquittoConfig,
} from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';

import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateDeviceDto, UpdateDeviceDto } from './devices.dto';
import { DevicesService } from './devices.service';

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Device' })
  list(@Query('siteId') siteId?: string): Promise<Device[]> {
    return this.devices.list(siteId);
  }

  @Roles(StaffRole.Admin)
  @Get('mosquitto-config')
  @ApiContractResponse(200, 'MosquittoConfig', 'Password and ACL files for an external Mosquitto')
  mosquittoConfig(): Promise<MosquittoConfig> {
    return this.devices.mosquittoConfig();
  }

  @Roles(...OFFICE)
  @Get(':id')
  @ApiContractResponse(200, 'Device')
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<Device> {
    return this.devices.view(await this.devices.get(id));
  }

  /** Returns the device's MQTT password once; store it in the device's firmware. */
  @Roles(StaffRole.Admin)
  @Post()
  @ApiContractResponse(201, 'DeviceCreated')
  @ApiErrorResponses(400, 409)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateDeviceDto): Promise<DeviceCreated> {
    return this.devices.create(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  @ApiContractResponse(200, 'Device')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateDeviceDto,
  ): Promise<Device> {
    return this.devices.update(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Post(':id/credentials')
  @HttpCode(200)
  @ApiContractResponse(200, 'DeviceCredentials', 'A new MQTT password, shown once')
  @ApiErrorResponses(400, 404)
  rotate(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<DeviceCredentials> {
    return this.devices.rotatePassword(actor, id);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.devices.remove(actor, id);
  }
}
