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
import { ApiConsumes, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import {
  DomainRule,
  StaffRole,
  type Card,
  type ImportReport,
  type Member,
  type TrainerMember,
} from '@werkbank/contracts';
import { ApiContractResponse, ApiErrorResponses, asJson } from '../common/openapi';

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
  @ApiContractResponse(200, 'ImportReport', 'Dry run: every problem; otherwise all rows imported')
  @ApiErrorResponses(400, 409, 413)
  import(
    @CurrentStaff() actor: StaffPrincipal,
    @Query() query: ImportQueryDto,
    @Body() csv: unknown,
  ): Promise<ImportReport> {
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
  @ApiContractResponse(
    200,
    { pageOf: ['MemberListItem', 'TrainerMemberListItem'] },
    'Staff and admins get MemberListItem rows, trainers TrainerMemberListItem rows',
  )
  @ApiErrorResponses(400)
  list(@CurrentStaff() actor: StaffPrincipal, @Query() query: MemberQueryDto): Promise<string> {
    return this.members.listJson(query, actor.role === StaffRole.Trainer ? 'trainer' : 'office');
  }

  /** Trainers get the fields they need to record a training (`trainerMemberView`), the office the record. */
  @Roles(...ALL_STAFF)
  @Get(':id')
  @ApiContractResponse(
    200,
    { oneOf: ['Member', 'TrainerMember'] },
    'Member for staff and admins, TrainerMember for trainers',
  )
  @ApiErrorResponses(400, 404)
  async get(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<Member | TrainerMember> {
    const member = await this.members.get(id);
    return asJson(actor.role === StaffRole.Trainer ? trainerMemberView(member) : member);
  }

  @Roles(...OFFICE)
  @Post()
  @ApiContractResponse(201, 'Member')
  @ApiErrorResponses(400, 409)
  async create(@CurrentStaff() actor: StaffPrincipal, @Body() dto: CreateMemberDto): Promise<Member> {
    return asJson(await this.members.create(actor, dto));
  }

  @Roles(...OFFICE)
  @Patch(':id')
  @ApiContractResponse(200, 'Member')
  @ApiErrorResponses(400, 404, 409)
  async update(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateMemberDto,
  ): Promise<Member> {
    return asJson(await this.members.update(actor, id, dto));
  }

  @Roles(StaffRole.Admin)
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404)
  async remove(@CurrentStaff() actor: StaffPrincipal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.members.remove(actor, id);
  }

  @Roles(...OFFICE)
  @Get(':id/cards')
  @ApiContractResponse(200, { arrayOf: 'Card' })
  @ApiErrorResponses(400)
  listCards(@Param('id', ParseUUIDPipe) id: string): Promise<Card[]> {
    return this.cards.listOfMember(id);
  }

  @Roles(...OFFICE)
  @Post(':id/cards')
  @ApiContractResponse(201, 'Card')
  @ApiErrorResponses(400, 404, 409)
  addCard(
    @CurrentStaff() actor: StaffPrincipal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateCardDto,
  ): Promise<Card> {
    return this.cards.add(actor, id, dto);
  }
}
