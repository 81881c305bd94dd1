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
import type { AttendanceSheet, Event, EventSeries, Registration } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { EventAttendanceService } from './event-attendance.service';
import { EventRegistrationsService } from './event-registrations.service';
import { EventSeriesService } from './event-series.service';
import {
  CardAttendanceDto,
  CreateEventDto,
  CreateRegistrationDto,
  CreateSeriesDto,
  CreateWalkInDto,
  EventQueryDto,
  MarkAttendanceDto,
  QualifyDto,
  UpdateAttendanceCountsDto,
  UpdateEventDto,
  UpdateSeriesDto,
} from './events.dto';
import { EventsService } from './events.service';

const EventId = () => Param('id', ParseUUIDPipe);

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: EventRegistrationsService,
    private readonly attendance: EventAttendanceService,
  ) {}

  /** Events overlapping [from, to), by start; filter by site. */
  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Event' })
  @ApiErrorResponses(400)
  list(@Query() q: EventQueryDto): Promise<Event[]> {
    return this.events.list(q);
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(200, 'Event')
  @ApiErrorResponses(400, 404)
  get(@EventId() id: string): Promise<Event> {
    return this.events.get(id);
  }

  @Roles(...OFFICE)
  @Post()
  @ApiContractResponse(201, 'Event')
  @ApiErrorResponses(400)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateEventDto): Promise<Event> {
    return this.events.create(actor, dto);
  }

  /** Changing an occurrence of a series makes it an exception; capacity below confirmed seats is 409. */
  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'Event')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: UpdateEventDto,
  ): Promise<Event> {
    return this.events.update(actor, id, dto);
  }

  /** Cancels the event (it stays, marked cancelled, for the counts and the feed). */
  @Roles(...OFFICE)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiErrorResponses(400, 404)
  async cancel(@CurrentStaff() actor: StaffPrincipal, @EventId() id: string): Promise<void> {
    await this.events.cancel(actor, id);
  }

  @Roles(...ALL_STAFF)
  @Get(':id/registrations')
  @ApiContractResponse(200, { arrayOf: 'Registration' })
  @ApiErrorResponses(400, 404)
  async registrationsOf(@EventId() id: string): Promise<Registration[]> {
    return (await this.registrations.sheet(id)).registrations;
  }

  /** A member or unnamed participants; waitlisted whole when the seats do not suffice. */
  @Roles(...OFFICE)
  @Post(':id/registrations')
  @ApiContractResponse(201, 'Registration')
  @ApiErrorResponses(400, 404, 409)
  register(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: CreateRegistrationDto,
  ): Promise<Registration> {
    return this.registrations.register(actor, id, dto);
  }

  /** Withdraws a registration; the waiting list moves up. */
  @Roles(...OFFICE)
  @Delete(':id/registrations/:registrationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiErrorResponses(400, 404)
  async cancelRegistration(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Param('registrationId', ParseUUIDPipe) registrationId: string,
  ): Promise<void> {
    await this.registrations.cancel(actor, id, registrationId);
  }

  /** Ticks a row present (or not). Idempotent. */
  @Roles(...ALL_STAFF)
  @Post(':id/registrations/:registrationId/attendance')
  @HttpCode(200)
  @ApiContractResponse(200, 'Registration')
  @ApiErrorResponses(400, 404, 409)
  mark(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Param('registrationId', ParseUUIDPipe) registrationId: string,
    @Body() dto: MarkAttendanceDto,
  ): Promise<Registration> {
    return this.attendance.mark(actor, id, registrationId, dto.attended);
  }

  /** The tablet at the door: the event, its counts and every row. */
  @Roles(...ALL_STAFF)
  @Get(':id/attendance')
  @ApiContractResponse(200, 'AttendanceSheet')
  @ApiErrorResponses(400, 404)
  sheet(@EventId() id: string): Promise<AttendanceSheet> {
    return this.registrations.sheet(id);
  }

  /** Anonymous walk-ins and the headcount, as absolute numbers. */
  @Roles(...ALL_STAFF)
  @Patch(':id/attendance')
  @ApiContractResponse(200, 'AttendanceSheet')
  @ApiErrorResponses(400, 404, 409)
  setCounts(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: UpdateAttendanceCountsDto,
  ): Promise<AttendanceSheet> {
    return this.attendance.setCounts(actor, id, dto);
  }

  /** A named walk-in: a member (their row is ticked if they have one) or unnamed persons. */
  @Roles(...ALL_STAFF)
  @Post(':id/walk-ins')
  @ApiContractResponse(201, 'Registration')
  @ApiErrorResponses(400, 404, 409)
  walkIn(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: CreateWalkInDto,
  ): Promise<Registration> {
    return this.attendance.walkIn(actor, id, dto);
  }

  /** Marks the card's holder present (card id, or the UID a desk reader types). Idempotent. */
  @Roles(...ALL_STAFF)
  @Post(':id/attendance/card')
  @HttpCode(200)
  @ApiContractResponse(200, 'Registration')
  @ApiErrorResponses(400, 404, 409)
  byCard(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: CardAttendanceDto,
  ): Promise<Registration> {
    return this.attendance.markByCard(actor, id, dto);
  }

  /** A training event: records its qualification for the attendees who passed, in one step. */
  @Roles(...ALL_STAFF)
  @Post(':id/qualify')
  @HttpCode(200)
  @ApiContractResponse(200, 'AttendanceSheet')
  @ApiErrorResponses(400, 404, 409)
  qualify(
    @CurrentStaff() actor: StaffPrincipal,
    @EventId() id: string,
    @Body() dto: QualifyDto,
  ): Promise<AttendanceSheet> {
    return this.attendance.qualify(actor, id, dto);
  }
}

@ApiTags('events')
@Controller('event-series')
export class EventSeriesController {
  constructor(private readonly series: EventSeriesService) {}

  /** Materialises the occurrences as events (exactly one of until and count). */
  @Roles(...OFFICE)
  @Post()
  @ApiContractResponse(201, 'EventSeries')
  @ApiErrorResponses(400)
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateSeriesDto): Promise<EventSeries> {
    return this.series.create(actor, dto);
  }

  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(200, 'EventSeries')
  @ApiErrorResponses(400, 404)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<EventSeries> {
    return this.series.get(id);
  }

  /** Changes the following occurrences not edited on their own. */
  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'EventSeries')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateSeriesDto,
  ): Promise<EventSeries> {
    return this.series.update(actor, id, dto);
  }

  /** Cancels the series and its following occurrences. */
  @Roles(...OFFICE)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiErrorResponses(400, 404)
  async cancel(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.series.cancel(actor, id);
  }
}
