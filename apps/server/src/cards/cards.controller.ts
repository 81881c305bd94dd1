import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { BlockCardDto, UpdateCardDto } from './cards.dto';
import { CardsService } from './cards.service';

@ApiTags('cards')
@Roles(...OFFICE)
@Controller('cards')
export class CardsController {
  constructor(private readonly cards: CardsService) {}

  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCardDto,
  ) {
    return this.cards.update(actor, id, dto);
  }

  /** One click at the front desk; effective at the next tap. */
  @Post(':id/block')
  @HttpCode(200)
  block(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BlockCardDto,
  ) {
    return this.cards.block(actor, id, dto.reason);
  }

  @Post(':id/unblock')
  @HttpCode(200)
  unblock(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    return this.cards.unblock(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.cards.remove(actor, id);
  }
}
