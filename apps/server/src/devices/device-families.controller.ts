import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DeviceFamilyItem } from '@werkbank/contracts';
import { OFFICE, Roles } from '../common/auth.decorators';
import { ApiContractResponse } from '../common/openapi';
import { DeviceDirectory } from './device-directory';
import { deviceFamilyItems } from './device-families';

/** What each device family can do, its roles, options and address: the admin's Devices page is built from it. */
@ApiTags('devices')
@Controller('device-families')
export class DeviceFamiliesController {
  private readonly items: DeviceFamilyItem[];

  constructor(directory: DeviceDirectory) {
    // Fixed for the process: the descriptors are code, the prefix is boot configuration.
    this.items = deviceFamilyItems(directory.registry);
  }

  /** Everyone who may see the device list may see what the families are. */
  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'DeviceFamilyItem' })
  list(): DeviceFamilyItem[] {
    return this.items;
  }
}
