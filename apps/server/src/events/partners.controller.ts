import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Partner } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { CreatePartnerDto, UpdatePartnerDto } from './events.dto';
import { PartnersService } from './partners.service';

@ApiTags('events')
@Controller('partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Partner' })
  async list(): Promise<Partner[]> {
    return asJson(await this.partners.list());
  }

  @Roles(...OFFICE)
  @Post()
  @ApiContractResponse(201, 'Partner')
  @ApiErrorResponses(400, 409)
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreatePartnerDto): Promise<Partner> {
    return asJson(await this.partners.create(actor, dto));
  }

  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'Partner')
  @ApiErrorResponses(400, 404, 409)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePartnerDto,
  ): Promise<Partner> {
    return asJson(await this.partners.update(actor, id, dto));
  }

  /** Refused (409) while events name the partner. */
  @Roles(...OFFICE)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.partners.remove(actor, id);
  }
}
