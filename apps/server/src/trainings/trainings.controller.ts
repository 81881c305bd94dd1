import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ExpiringQueryDto, RecordTrainingDto, RevokeTrainingDto, TrainingQueryDto } from './trainings.dto';
import { TrainingsService } from './trainings.service';

@ApiTags('trainings')
@Roles(...ALL_STAFF)
@Controller()
export class TrainingsController {
  constructor(private readonly trainings: TrainingsService) {}

  @Get('trainings')
  list(@Query() query: TrainingQueryDto) {
    return this.trainings.list(query);
  }

  /** Record a training for one member or a whole group session. */
  @Post('trainings')
  record(@CurrentStaff() actor: StaffPrincipal, @Body() dto: RecordTrainingDto) {
    return this.trainings.record(actor, dto);
  }

  @Post('trainings/revocations')
  revoke(@CurrentStaff() actor: StaffPrincipal, @Body() dto: RevokeTrainingDto) {
    return this.trainings.revoke(actor, dto);
  }

  @Get('trainings/expiring')
  expiring(@Query() query: ExpiringQueryDto) {
    return this.trainings.expiring(query);
  }

  @Get('members/:id/qualifications')
  standing(@Param('id', ParseUUIDPipe) id: string) {
    return this.trainings.standingOf(id);
  }
}
