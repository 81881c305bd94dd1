import { Controller, Get, Header, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffRole } from '@werkbank/contracts';
import { ApiErrorResponses } from '../common/openapi';
import { CurrentStaff, Roles, StaffPrincipal } from '../common/auth.decorators';
import { BridgeProvisioning } from './bridge-provisioning';

@ApiTags('devices')
@Controller('devices')
export class BridgeProvisioningController {
  constructor(private readonly provisioning: BridgeProvisioning) {}

  /** The bridge's bridge.yml: broker, bridge id, allowlist public key and bridge card key (admins, audited). */
  @Roles(StaffRole.Admin)
  @Get(':id/bridge.yml')
  @Header('cache-control', 'no-store')
  @ApiResponse({
    status: 200,
    description: 'The provisioning file of a firmware bridge (a device of the own protocol)',
    content: { 'application/yaml': { schema: { type: 'string' } } },
  })
  @ApiErrorResponses(400, 404)
  async file(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { name, text } = await this.provisioning.file(actor, id, req.hostname);
    // Set here, not by decorator: an error (unknown device) must still go out as JSON.
    void reply.header('content-type', 'application/yaml; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="${name}"`);
    return text;
  }
}
