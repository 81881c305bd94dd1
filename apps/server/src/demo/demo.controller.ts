import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Accepted, ErrorCode } from '@werkbank/contracts';
import { OFFICE, Roles } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { DemoLab } from './demo-lab';
import { DemoTapDto } from './demo.dto';

@ApiTags('demo')
@Controller()
export class DemoController {
  constructor(private readonly demo: DemoLab) {}

  /** Demo mode only: make a simulated reader report a card, as if someone tapped it. */
  @Roles(...OFFICE)
  @Post('demo/tap')
  @HttpCode(202)
  @ApiContractResponse(202, 'Accepted')
  @ApiErrorResponses(400)
  tap(@Body() dto: DemoTapDto): Accepted {
    if (!this.demo.enabled)
      throw new DomainError(ErrorCode.Forbidden, 'Simulated taps exist in demo mode only (DEMO_MODE=true).');
    this.demo.tap(dto.deviceId, dto.uid);
    return { accepted: true };
  }
}
