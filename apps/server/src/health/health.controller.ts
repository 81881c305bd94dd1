import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.decorators';
import { VERSION } from '../common/version';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** Public liveness and readiness: the database answers. */
  @Public()
  @Get()
  async health(): Promise<{
    status: 'ok' | 'degraded';
    database: boolean;
    uptimeS: number;
    version: string;
  }> {
    let database = false;
    try {
      await this.dataSource.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    return {
      status: database ? 'ok' : 'degraded',
      database,
      uptimeS: Math.round(process.uptime()),
      version: VERSION,
    };
  }
}
