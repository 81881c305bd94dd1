import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthReport } from '@werkbank/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.decorators';
import { ApiContractResponse, contractSchema } from '../common/openapi';
import { VERSION } from '../common/version';
import { MqttBus } from '../mqtt/mqtt-bus';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MqttBus,
  ) {}

  /**
   * Public liveness and readiness. 503 only when the database is gone: a broker outage keeps the staff UI
   * useful (and is the same for every instance), so it shows as `degraded` without taking the server out of
   * a load balancer.
   */
  @Public()
  @Get()
  @ApiContractResponse(200, 'HealthReport', 'Up (status degraded without the broker)')
  @ApiResponse({ status: 503, description: 'The database is gone', schema: contractSchema('HealthReport') })
  async health(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthReport> {
    let database = false;
    try {
      await this.dataSource.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    const mqtt = this.bus.connected;
    if (!database) void res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: database && mqtt ? 'ok' : 'degraded',
      database,
      mqtt,
      uptimeS: Math.round(process.uptime()),
      version: VERSION,
    };
  }
}
