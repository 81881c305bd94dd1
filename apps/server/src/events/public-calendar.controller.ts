import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
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
  @ApiResponse({
    status: 200,
    description: 'iCalendar (RFC 5545): public events, and deployments as all-day events',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses(400, 404)
  async feed(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<string> {
    const body = await this.calendar.feed(id);
    // Set only on success: an error answers as the usual JSON body.
    void res
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('cache-control', 'public, max-age=300');
    return body;
  }
}
