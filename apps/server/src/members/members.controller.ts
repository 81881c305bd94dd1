import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { DomainRule, StaffRole } from '@werkbank/contracts';
import { ALL_STAFF, CurrentStaff, OFFICE, Roles, StaffPrincipal } from '../common/auth.decorators';
import { CreateCardDto } from '../cards/cards.dto';
import { CardsService } from '../cards/cards.service';
import { CreateMemberDto, ImportQueryDto, MemberQueryDto, UpdateMemberDto } from './members.dto';
import { MemberImportService } from './member-import.service';
import { MembersService } from './members.service';
import { trainerMemberView } from './member-views';

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(
    private readonly members: MembersService,
    private readonly cards: CardsService,
    private readonly importer: MemberImportService,
  ) {}

  /**
   * CSV import (comma, semicolon or tab separated; English or German headers). `dryRun=true` reports every bad
   * line; without it the import applies all rows or none.
   */
  @Roles(...OFFICE)
  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  import(@CurrentStaff() actor: StaffPrincipal, @Query() query: ImportQueryDto, @Body() csv: unknown) {
    if (typeof csv !== 'string') {
      throw DomainError.invalid(
        'body',
        'send the CSV file as the request body with Content-Type: text/csv',
        DomainRule.CsvBody,
      );
    }
    return this.importer.run(actor, csv, query.dryRun);
  }

  /** Trainers see members too: they must pick participants of a training. */
  @Roles(...ALL_STAFF)
  @Get()
  @Header('content-type', 'application/json; charset=utf-8')
  @ApiOkResponse({ description: 'Page<MemberListItem>: items, total, page, pageSize' })
  list(@CurrentStaff() actor: StaffPrincipal, @Query() query: MemberQueryDto): Promise<string> {
    return this.members.listJson(query, actor.role === StaffRole.Trainer ? 'trainer' : 'office');
  }

  /** Trainers get the fields they need to record a training (`trainerMemberView`), the office the record. */
  @Roles(...ALL_STAFF)
  @Get(':id')
  async get(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string) {
    const member = await this.members.get(id);
    return actor.role === StaffRole.Trainer ? trainerMemberView(member) : member;
  }

  @Roles(...OFFICE)
  @Post()
  create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateMemberDto) {
    return this.members.create(actor, dto);
  }

  @Roles(...OFFICE)
  @Patch(':id')
  update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMemberDto,
  ) {
    return this.members.update(actor, id, dto);
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.members.remove(actor, id);
  }

  @Roles(...OFFICE)
  @Get(':id/cards')
  listCards(@Param('id', ParseUUIDPipe) id: string) {
    return this.cards.listOfMember(id);
  }

  @Roles(...OFFICE)
  @Post(':id/cards')
  addCard(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCardDto,
  ) {
    return this.cards.add(actor, id, dto);
  }
}
