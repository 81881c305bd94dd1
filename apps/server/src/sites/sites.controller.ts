import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { StaffRole, type Deployment, type Site } from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';

import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateDeploymentDto, CreateSiteDto, UpdateSiteDto } from './sites.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Site' })
  async list(): Promise<Site[]> {
    return asJson(await this.sites.list());
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(200, 'Site')
  @ApiErrorResponses(400, 404)
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<Site> {
    return asJson(await this.sites.get(id));
  }

  @Roles(StaffRole.Admin)
  @Post()
  @ApiContractResponse(201, 'Site')
  @ApiErrorResponses(400, 409)
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateSiteDto): Promise<Site> {
    return asJson(await this.sites.create(actor, dto));
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  @ApiContractResponse(200, 'Site')
  @ApiErrorResponses(400, 404, 409)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSiteDto,
  ): Promise<Site> {
    return asJson(await this.sites.update(actor, id, dto));
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sites.remove(actor, id);
  }

  @Roles(...ALL_STAFF)
  @Get(':id/deployments')
  @ApiContractResponse(200, { arrayOf: 'Deployment' })
  @ApiErrorResponses(400, 404)
  async deployments(@Param('id', ParseUUIDPipe) id: string): Promise<Deployment[]> {
    return asJson(await this.sites.listDeployments(id));
  }

  @Roles(StaffRole.Admin, StaffRole.Staff)
  @Post(':id/deployments')
  @ApiContractResponse(201, 'Deployment')
  @ApiErrorResponses(400, 404, 409)
  async addDeployment(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDeploymentDto,
  ): Promise<Deployment> {
    return asJson(await this.sites.addDeployment(actor, id, dto));
  }
}
