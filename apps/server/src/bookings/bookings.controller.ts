import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { StaffRole, type Booking } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';
import { BookingListQuery, CreateBookingDto } from './bookings.dto';
import { BookingsService } from './bookings.service';

@ApiTags('bookings')
@Controller('bookings')
export class BookingsController {
  constructor(private readonly bookings: BookingsService) {}

  @Roles(...ALL_STAFF)
  @Get()
  @ApiContractResponse(200, { arrayOf: 'Booking' })
  @ApiErrorResponses(400)
  async list(@Query() query: BookingListQuery): Promise<Booking[]> {
    return asJson(await this.bookings.list(query));
  }

  /** The front desk books for a member: staff and admins. */
  @Roles(StaffRole.Admin, StaffRole.Staff)
  @Post()
  @ApiContractResponse(201, 'Booking')
  @ApiErrorResponses(400, 409)
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateBookingDto): Promise<Booking> {
    const [view] = await this.bookings.withNames([await this.bookings.create(actor, dto)]);
    return asJson(view);
  }

  @Roles(StaffRole.Admin, StaffRole.Staff)
  @Delete(':id')
  @ApiContractResponse(200, 'Booking')
  @ApiErrorResponses(400, 404)
  async cancel(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<Booking> {
    const [view] = await this.bookings.withNames([await this.bookings.cancel(actor, id)]);
    return asJson(view);
  }
}
