import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth.decorators';
import { ApiErrorResponses } from '../common/openapi';
import { PublicCalendarService } from './public-calendar.service';

@ApiTags('public')
@Controller('public')
export class PublicCalendarController {
  constructor(private readonly calendar: PublicCalendarService) {}

  /** The site's public events and deployments as an iCalendar feed (RFC 5545), no login. */
  @Public()
  @Get('sites/:id/calendar.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  @ApiResponse({
    status: 200,
    description: 'iCalendar (RFC 5545): public events, and deployments as all-day events',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses(400, 404)
  feed(@Param('id', ParseUUIDPipe) id: string): Promise<string> {
    return this.calendar.feed(id);
  }
}
