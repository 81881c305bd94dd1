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
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateDeviceDto, UpdateDeviceDto } from './devices.dto';
import { DevicesService } from './devices.service';

@ApiTags('devices')
@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Roles(...OFFICE)
  @Get()
  list(@Query('siteId') siteId?: string) {
    return this.devices.list(siteId);
  }

  @Roles(StaffRole.Admin)
  @Get('mosquitto-config')
  mosquittoConfig() {
    return this.devices.mosquittoConfig();
  }

  @Roles(...OFFICE)
  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return this.devices.view(await this.devices.get(id));
  }

  /** Returns the device's MQTT password once; store it in the device's firmware. */
  @Roles(StaffRole.Admin)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateDeviceDto) {
    return this.devices.create(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateDeviceDto,
  ) {
    return this.devices.update(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Post(':id/credentials')
  @HttpCode(200)
  rotate(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.devices.rotatePassword(actor, id);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.devices.remove(actor, id);
  }
}
