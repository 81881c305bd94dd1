import { Controller, Get, Header, Param, ParseUUIDPipe, Req } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SpaceApi } from '@werkbank/contracts';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { SpaceApiService } from './spaceapi.service';

/** The same mark as the admin UI's icon, for SpaceAPI's required `logo` when SPACEAPI_LOGO is unset. */
const LOGO_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='#0b4f96'/>" +
  "<path d='M3 11h10v2H3zM5 4h6v6H5z' fill='#fff'/></svg>";

@ApiTags('public')
@Controller('public')
export class SpaceApiController {
  constructor(private readonly spaceApi: SpaceApiService) {}

  @Public()
  @Get('sites/:id/spaceapi.json')
  @ApiOperation({
    summary: 'SpaceAPI (spaceapi.io, schema 14/15) of a site: open from opening hours and staff present',
  })
  @Header('access-control-allow-origin', '*')
  @Header('cache-control', 'no-cache')
  @ApiContractResponse(200, 'SpaceApi')
  @ApiErrorResponses(400, 404)
  document(@Param('id', ParseUUIDPipe) id: string, @Req() req: FastifyRequest): Promise<SpaceApi> {
    return this.spaceApi.document(id, `${req.protocol}://${req.host}`);
  }

  @Public()
  @Get('logo.svg')
  @ApiProduces('image/svg+xml')
  @ApiResponse({ status: 200, description: 'The default SpaceAPI logo (SVG)', schema: { type: 'string' } })
  @Header('content-type', 'image/svg+xml')
  @Header('cache-control', 'public, max-age=86400')
  logo(): string {
    return LOGO_SVG;
  }
}
