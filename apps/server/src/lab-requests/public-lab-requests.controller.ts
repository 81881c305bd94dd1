import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { LabRequestReceipt, LabRequestStatus, PublicMobileLabs } from '@werkbank/contracts';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { AcceptProposalDto, CreateLabRequestDto } from './lab-requests.dto';
import { PublicLabRequestsService } from './public-lab-requests.service';

const baseUrlOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** The public mobile-lab request form and the requester's status page: no login (docs/mobile-lab.md). */
@ApiTags('public')
@Controller('public')
export class PublicLabRequestsController {
  constructor(private readonly service: PublicLabRequestsService) {}

  @Public()
  @Get('mobile-labs')
  @ApiOperation({ summary: 'Bookable mobile labs with their booked days, and a form token' })
  @ApiContractResponse(200, 'PublicMobileLabs')
  mobileLabs(): Promise<PublicMobileLabs> {
    return this.service.mobileLabs();
  }

  @Public()
  @Post('lab-requests')
  @ApiOperation({
    summary: 'Send a request for the mobile lab (rate-limited per address; needs a form token)',
    description:
      'A honeypot field (`website`) filled in gets an accepted-looking answer; nothing is stored. The same ' +
      'e-mail, lab and dates within an hour give `duplicate: true` and no new link.',
  })
  @ApiContractResponse(201, 'LabRequestReceipt')
  @ApiErrorResponses(400, 413, 429)
  submit(@Body() dto: CreateLabRequestDto, @Req() req: FastifyRequest): Promise<LabRequestReceipt> {
    return this.service.submit(dto, req.ip, baseUrlOf(req));
  }

  @Public()
  @Get('lab-requests/:token')
  @ApiOperation({ summary: 'The status of one request, by the secret of its status link' })
  @ApiContractResponse(200, 'LabRequestStatus')
  @ApiErrorResponses(404)
  status(@Param('token') token: string): Promise<LabRequestStatus> {
    return this.service.status(token);
  }

  @Public()
  @Post('lab-requests/:token/withdraw')
  @HttpCode(200)
  @ApiContractResponse(200, 'LabRequestStatus')
  @ApiErrorResponses(404, 409)
  withdraw(@Param('token') token: string, @Req() req: FastifyRequest): Promise<LabRequestStatus> {
    return this.service.withdraw(token, baseUrlOf(req));
  }

  @Public()
  @Post('lab-requests/:token/accept-proposal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take one of the proposed date ranges: it becomes a deployment (409 on overlap)' })
  @ApiContractResponse(200, 'LabRequestStatus')
  @ApiErrorResponses(400, 404, 409)
  acceptProposal(
    @Param('token') token: string,
    @Body() dto: AcceptProposalDto,
    @Req() req: FastifyRequest,
  ): Promise<LabRequestStatus> {
    return this.service.acceptProposal(token, dto, baseUrlOf(req));
  }
}
