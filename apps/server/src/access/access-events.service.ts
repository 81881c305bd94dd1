import { Injectable } from '@nestjs/common';
import { And, Equal, FindOperator, FindOptionsWhere, LessThan, MoreThanOrEqual } from 'typeorm';
import { AccessEventItem, AccessEventPage, DomainRule, ErrorCode, StaffRole } from '@werkbank/contracts';
import { AccessEventEntity, ActivityRepository, MembersRepository } from '@werkbank/persistence';
import { StaffPrincipal } from '../common/auth.decorators';
import { DomainError } from '../common/domain-error';
import { AccessEventQueryDto } from './access.dto';

/** Where a page ended: the last row's time and id (the order is at DESC, id DESC). */
interface Cursor {
  at: Date;
  id: string;
}

const CURSOR_TEXT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)~([0-9a-f-]{36})$/;

export function encodeCursor(row: { at: Date; id: string }): string {
  return Buffer.from(`${row.at.toISOString()}~${row.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  const match = CURSOR_TEXT.exec(Buffer.from(text, 'base64url').toString('utf8'));
  const at = match ? new Date(match[1]) : null;
  if (!match || !at || Number.isNaN(at.getTime()))
    throw DomainError.invalid('cursor', 'is not a nextCursor this list returned', DomainRule.Cursor);
  return { at, id: match[2] };
}

/**
 * The access audit trail (every tap and its decision), newest first. Keyset paging on (at, id): a tap that
 * arrives while someone pages does not shift the later pages, and a deep page costs what the first one does
 * (the `at` index serves the order; one member's taps use (memberKey, at)).
 */
@Injectable()
export class AccessEventsService {
  constructor(
    private readonly activity: ActivityRepository,
    private readonly members: MembersRepository,
  ) {}

  async list(q: AccessEventQueryDto, actor: StaffPrincipal): Promise<AccessEventPage> {
    const where: FindOptionsWhere<AccessEventEntity> = {};
    if (q.memberId) where.memberKey = await this.memberKeyOf(q.memberId, actor);
    if (q.siteId) where.siteId = q.siteId;
    if (q.machineId) where.machineId = q.machineId;
    if (q.deviceId) where.deviceId = q.deviceId;
    if (q.outcome) where.outcome = q.outcome;
    if (q.reason) where.reason = q.reason;
    const bounds: FindOperator<Date>[] = [];
    const from = q.from ? new Date(q.from) : null;
    const to = q.to ? new Date(q.to) : null;
    if (from && to && to < from) {
      throw DomainError.invalid('to', 'must not be before from', DomainRule.NotBefore, {
        otherField: 'from',
      });
    }
    if (from) bounds.push(MoreThanOrEqual(from));
    if (to) bounds.push(LessThan(to));
    const at = (...more: FindOperator<Date>[]) => {
      const all = [...bounds, ...more];
      return all.length === 0 ? {} : { at: all.length === 1 ? all[0] : And(...all) };
    };
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    // After the cursor: earlier, or at the same instant with a smaller id.
    const conditions = cursor
      ? [
          { ...where, ...at(LessThan(cursor.at)) },
          { ...where, ...at(Equal(cursor.at)), id: LessThan(cursor.id) },
        ]
      : { ...where, ...at() };
    const rows = await this.activity.accessEvents(conditions, q.limit + 1);
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toItem),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
      limit: q.limit,
    };
  }

  /** Trainers see pseudonyms only: a filter by member would tell them whose taps they are. */
  private async memberKeyOf(memberId: string, actor: StaffPrincipal): Promise<string> {
    if (actor.role === StaffRole.Trainer) {
      throw new DomainError(
        ErrorCode.Forbidden,
        'Trainers see access events by pseudonym only; filtering by member is for staff and admins.',
        [{ field: 'memberId', problem: 'staff and admins only', rule: DomainRule.OfficeOnlyFilter }],
      );
    }
    const memberKey = await this.members.findKey(memberId);
    if (memberKey === null) throw DomainError.notFound('Member', memberId);
    return memberKey;
  }
}

function toItem(e: AccessEventEntity): AccessEventItem {
  return {
    id: e.id,
    at: e.at.toISOString(),
    deviceId: e.deviceId,
    msgId: e.msgId,
    machineId: e.machineId,
    siteId: e.siteId,
    memberKey: e.memberKey,
    cardSuffix: e.cardSuffix,
    outcome: e.outcome,
    reason: e.reason,
    sessionId: e.sessionId,
  };
}
