import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { LabRequest } from '@werkbank/contracts';
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import {
  AcceptLabRequestDto,
  DeclineLabRequestDto,
  LabRequestListQuery,
  ProposeLabRequestDto,
} from './lab-requests.dto';
import { LabRequestsService } from './lab-requests.service';

/** The staff inbox of mobile-lab requests: contact data, so the front office (staff, admin) only. */
@ApiTags('lab-requests')
@Controller('lab-requests')
export class LabRequestsController {
  constructor(private readonly service: LabRequestsService) {}

  @Roles(...OFFICE)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'LabRequest' })
  @ApiErrorResponses(400)
  list(@Query() query: LabRequestListQuery): Promise<LabRequest[]> {
    return this.service.list(query.state);
  }

  @Roles(...OFFICE)
  @Get(':id')
  @ApiContractResponse(200, 'LabRequest')
  @ApiErrorResponses(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<LabRequest> {
    return this.service.get(id);
  }

  @Roles(...OFFICE)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiContractResponse(200, 'LabRequest')
  @ApiErrorResponses(400, 404, 409)
  accept(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: AcceptLabRequestDto,
  ): Promise<LabRequest> {
    return this.service.accept(actor, id, dto);
  }

  @Roles(...OFFICE)
  @Post(':id/decline')
  @HttpCode(200)
  @ApiContractResponse(200, 'LabRequest')
  @ApiErrorResponses(400, 404, 409)
  decline(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DeclineLabRequestDto,
  ): Promise<LabRequest> {
    return this.service.decline(actor, id, dto);
  }

  @Roles(...OFFICE)
  @Post(':id/propose')
  @HttpCode(200)
  @ApiContractResponse(200, 'LabRequest')
  @ApiErrorResponses(400, 404, 409)
  propose(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: ProposeLabRequestDto,
  ): Promise<LabRequest> {
    return this.service.propose(actor, id, dto);
  }
}
