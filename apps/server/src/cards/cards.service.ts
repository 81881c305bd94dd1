import type { Card } from '@werkbank/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditAction, DomainRule, ErrorCode } from '@werkbank/contracts';
import { CardEntity, CardsRepository, MembersRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { BridgeKeys } from './bridge-keys';
import { canonicalUid, CardHasher } from './card-hasher';
import { CreateCardDto, UpdateCardDto } from './cards.dto';

/** The contract shape (libs/contracts/src/api). */
export type CardView = Card;

export function toCardView(c: CardEntity): CardView {
  return {
    id: c.id,
    memberId: c.memberId,
    uidSuffix: c.uidSuffix,
    technology: c.technology,
    label: c.label,
    blocked: c.blocked,
    blockedReason: c.blockedReason,
    blockedAt: c.blockedAt ? c.blockedAt.toISOString() : null,
    createdAt: c.createdAt.toISOString(),
  };
}

@Injectable()
export class CardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardsRepository,
    private readonly members: MembersRepository,
    private readonly hasher: CardHasher,
    private readonly bridgeKeys: BridgeKeys,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async listOfMember(memberId: string): Promise<CardView[]> {
    return (await this.cards.findByMember(memberId)).map(toCardView);
  }

  async add(actor: StaffPrincipal, memberId: string, dto: CreateCardDto): Promise<CardView> {
    const uid = canonicalUid(dto.uid);
    const uidHash = this.hasher.hash(uid);
    const card = await this.dataSource.transaction(async (em) => {
      if (!(await this.members.findById(memberId, em))) throw DomainError.notFound('Member', memberId);
      const existing = await this.cards.findByUidHash(uidHash, em);
      if (existing) {
        const owner = existing.memberId === memberId ? 'this member' : `member ${existing.memberId}`;
        throw new DomainError(
          ErrorCode.DuplicateCard,
          `Card …${this.hasher.suffix(uid)} is already assigned to ${owner}.`,
          [
            {
              field: 'uid',
              problem: `already assigned to ${owner} (card ${existing.id})`,
              rule: DomainRule.CardAssigned,
            },
          ],
        );
      }
      const created = await this.cards.save(
        this.cards.create({
          memberId,
          uidHash,
          uidSuffix: this.hasher.suffix(uid),
          offlineHash: this.bridgeKeys.offlineHash(uid),
          technology: dto.technology,
          label: dto.label ?? null,
          blocked: false,
          blockedReason: null,
          blockedAt: null,
        }),
        em,
      );
      await this.audit.record(actor, AuditAction.Create, 'card', created.id, null, created, em);
      return created;
    });
    await this.changes.emit('card', { id: card.id });
    return toCardView(card);
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateCardDto): Promise<CardView> {
    const card = await this.dataSource.transaction(async (em) => {
      const current = await this.cards.findById(id, em);
      if (!current) throw DomainError.notFound('Card', id);
      const before = { ...current };
      if (dto.label !== undefined) current.label = dto.label;
      if (dto.blocked !== undefined && dto.blocked !== current.blocked) {
        current.blocked = dto.blocked;
        current.blockedAt = dto.blocked ? this.clock.now() : null;
        current.blockedReason = dto.blocked ? (dto.blockedReason ?? null) : null;
      } else if (dto.blockedReason !== undefined && current.blocked) {
        current.blockedReason = dto.blockedReason;
      }
      await this.cards.save(current, em);
      const action =
        before.blocked === current.blocked
          ? AuditAction.Update
          : current.blocked
            ? AuditAction.Block
            : AuditAction.Unblock;
      await this.audit.record(actor, action, 'card', id, before, current, em);
      return current;
    });
    await this.changes.emit('card', { id });
    return toCardView(card);
  }

  block(actor: StaffPrincipal, id: string, reason?: string): Promise<CardView> {
    return this.update(actor, id, { blocked: true, blockedReason: reason ?? null });
  }

  unblock(actor: StaffPrincipal, id: string): Promise<CardView> {
    return this.update(actor, id, { blocked: false });
  }

  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    const card = await this.dataSource.transaction(async (em) => {
      const current = await this.cards.findById(id, em);
      if (!current) throw DomainError.notFound('Card', id);
      await this.cards.remove(current, em);
      await this.audit.record(actor, AuditAction.Delete, 'card', id, current, null, em);
      return current;
    });
    await this.changes.emit('cardRemoved', { id, uidHash: card.uidHash });
  }
}
