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
import type { VolunteerHours, VolunteerHoursPage } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import {
  CreateVolunteerHoursDto,
  UpdateVolunteerHoursDto,
  VolunteerHoursQueryDto,
} from './volunteer-hours.dto';
import { VolunteerHoursService } from './volunteer-hours.service';

/** Volunteer timesheets (M17): staff and admins for anyone, trainers for themselves (checked per record). */
@ApiTags('volunteer-hours')
@Controller('volunteer-hours')
export class VolunteerHoursController {
  constructor(private readonly hours: VolunteerHoursService) {}

  /** Newest date first, with the sum of the filter; a trainer sees their own only. */
  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, 'VolunteerHoursPage')
  @ApiErrorResponses(400)
  list(
    @CurrentStaff() actor: StaffPrincipal,
    @Query() q: VolunteerHoursQueryDto,
  ): Promise<VolunteerHoursPage> {
    return this.hours.list(actor, q);
  }

  @Roles(...ALL_STAFF)
  @Post()
  @ApiContractResponse(201, 'VolunteerHours')
  @ApiErrorResponses(400)
  create(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: CreateVolunteerHoursDto,
  ): Promise<VolunteerHours> {
    return this.hours.create(actor, dto);
  }

  @Roles(...ALL_STAFF)
  @Patch(':id')
  @ApiContractResponse(200, 'VolunteerHours')
  @ApiErrorResponses(400, 404)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateVolunteerHoursDto,
  ): Promise<VolunteerHours> {
    return this.hours.update(actor, id, dto);
  }

  @Roles(...ALL_STAFF)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.hours.remove(actor, id);
  }
}
