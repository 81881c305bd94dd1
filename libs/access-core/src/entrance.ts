import { DenyReason, MemberStatus } from '@werkbank/contracts';
import type { MemberEntry, PolicySnapshot, SiteEntry } from './policy-snapshot';

export interface EntranceRequest {
  readonly uidHash: string;
  readonly siteId: string;
}

export type EntranceDecision =
  | { readonly outcome: 'allowed'; readonly member: MemberEntry; readonly site: SiteEntry }
  | { readonly outcome: 'denied'; readonly reason: DenyReason; readonly member: MemberEntry | null };

/**
 * Whether a card may check in at a site's entrance: the card and membership checks of `decide` (unknown or
 * blocked card, suspended member, guest pass outside its dates), and the site must still exist (a deleted
 * site's entrance reader greets nobody).
 */
export function decideEntrance(
  snapshot: PolicySnapshot,
  request: EntranceRequest,
  now: number,
): EntranceDecision {
  const site = snapshot.sites.get(request.siteId);
  if (site === undefined) return { outcome: 'denied', reason: DenyReason.UnknownMachine, member: null };
  const card = snapshot.cards.get(request.uidHash);
  const member = card?.member;
  if (card === undefined || member === undefined) {
    return { outcome: 'denied', reason: DenyReason.UnknownCard, member: null };
  }
  if (card.blocked) return { outcome: 'denied', reason: DenyReason.CardBlocked, member };
  if (member.status === MemberStatus.Suspended) {
    return { outcome: 'denied', reason: DenyReason.MemberSuspended, member };
  }
  if (
    member.status === MemberStatus.Guest &&
    ((member.guestValidFrom !== null && now < member.guestValidFrom) ||
      (member.guestValidUntil !== null && now > member.guestValidUntil))
  ) {
    return { outcome: 'denied', reason: DenyReason.GuestPassExpired, member };
  }
  return { outcome: 'allowed', member, site };
}

/**
 * One visit per member, site and local day: remembers who checked in at each site on the site's current day
 * (memory is bounded by one day's visitors; a new day forgets the previous one).
 */
export class DailyVisits {
  private readonly bySite = new Map<string, { day: string; memberKeys: Set<string> }>();

  /** True when this is the member's first check-in at the site on `day` ('YYYY-MM-DD', local); remembers it. */
  checkIn(siteId: string, memberKey: string, day: string): boolean {
    const current = this.bySite.get(siteId);
    if (current === undefined || day > current.day) {
      this.bySite.set(siteId, { day, memberKeys: new Set([memberKey]) });
      return true;
    }
    // A day before the current one (the clock went back) is taken as the current one.
    if (current.memberKeys.has(memberKey)) return false;
    current.memberKeys.add(memberKey);
    return true;
  }

  forgetSite(siteId: string): void {
    this.bySite.delete(siteId);
  }
}
