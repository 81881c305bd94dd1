import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Card } from '@werkbank/contracts';
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { ApiContractResponse, ApiErrorResponses } from '../common/openapi';
import { BlockCardDto, UpdateCardDto } from './cards.dto';
import { CardsService } from './cards.service';

@ApiTags('cards')
@Roles(...OFFICE)
@Controller('cards')
export class CardsController {
  constructor(private readonly cards: CardsService) {}

  @Patch(':id')
  @ApiContractResponse(200, 'Card')
  @ApiErrorResponses(400, 404, 409)
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCardDto,
  ): Promise<Card> {
    return this.cards.update(actor, id, dto);
  }

  /** One click at the front desk; effective at the next tap. */
  @Post(':id/block')
  @HttpCode(200)
  @ApiContractResponse(200, 'Card')
  @ApiErrorResponses(400, 404)
  block(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BlockCardDto,
  ): Promise<Card> {
    return this.cards.block(actor, id, dto.reason);
  }

  @Post(':id/unblock')
  @HttpCode(200)
  @ApiContractResponse(200, 'Card')
  @ApiErrorResponses(400, 404)
  unblock(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<Card> {
    return this.cards.unblock(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.cards.remove(actor, id);
  }
}
