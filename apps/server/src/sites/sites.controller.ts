import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateDeploymentDto, CreateSiteDto, UpdateSiteDto } from './sites.dto';
import { SitesService } from './sites.service';

@ApiTags('sites')
@Controller('sites')
export class SitesController {
  constructor(private readonly sites: SitesService) {}

  @Roles(...ALL_STAFF)
  @Get()
  list() {
    return this.sites.list();
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.sites.get(id);
  }

  @Roles(StaffRole.Admin)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateSiteDto) {
    return this.sites.create(actor, dto);
  }

  @Roles(StaffRole.Admin)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSiteDto,
  ) {
    return this.sites.update(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.sites.remove(actor, id);
  }

  @Roles(...ALL_STAFF)
  @Get(':id/deployments')
  deployments(@Param('id', ParseUUIDPipe) id: string) {
    return this.sites.listDeployments(id);
  }

  @Roles(StaffRole.Admin, StaffRole.Staff)
  @Post(':id/deployments')
  addDeployment(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDeploymentDto,
  ) {
    return this.sites.addDeployment(actor, id, dto);
  }
}
