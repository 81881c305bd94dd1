import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ExpiringItem, Page, Standing, TrainingRecord } from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';

import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ExpiringQueryDto, RecordTrainingDto, RevokeTrainingDto, TrainingQueryDto } from './trainings.dto';
import { TrainingsService } from './trainings.service';

@ApiTags('trainings')
@Roles(...ALL_STAFF)
@Controller()
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Get('trainings')
  @ApiContractResponse(200, { pageOf: 'TrainingRecord' })
  @ApiErrorResponses(400)
  async list(@Query() query: TrainingQueryDto): Promise<Page<TrainingRecord>> {
    return asJson(await this.trainings.list(query));
  }

  /** Record a training for one member or a whole group session. */
  @Post('trainings')
  @ApiContractResponse(201, { arrayOf: 'TrainingRecord' }, 'One record per member')
  @ApiErrorResponses(400, 404, 409)
  async record(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: RecordTrainingDto,
  ): Promise<TrainingRecord[]> {
    return asJson(await this.trainings.record(actor, dto));
  }

  @Post('trainings/revocations')
  @ApiContractResponse(201, 'TrainingRecord')
  @ApiErrorResponses(400, 404, 409)
  async revoke(
    @CurrentStaff() actor: StaffPrincipal,
    @Body() dto: RevokeTrainingDto,
  ): Promise<TrainingRecord> {
    return asJson(await this.trainings.revoke(actor, dto));
  }

  @Get('trainings/expiring')
  @ApiContractResponse(200, { arrayOf: 'ExpiringItem' })
  @ApiErrorResponses(400)
  expiring(@Query() query: ExpiringQueryDto): Promise<ExpiringItem[]> {
    return this.trainings.expiring(query);
  }

  @Get('members/:id/qualifications')
  @ApiContractResponse(200, { arrayOf: 'Standing' })
  @ApiErrorResponses(400, 404)
  standing(@Param('id', ParseUUIDPipe) id: string): Promise<Standing[]> {
    return this.trainings.standingOf(id);
  }
}
