import { Injectable } from '@nestjs/common';
import { createEmptySnapshot, type PolicySnapshot } from '@werkbank/access-core';
import type { MemberDirectoryEntry } from '../snapshot-loader';

/**
 * What every tap is decided from, in memory: the policy snapshot and the member directory (names and member
 * keys, which the snapshot does not carry). Loaded at boot, patched by the snapshot sync; one instance shared
 * by the runtime's parts.
 */
@Injectable()
export class AccessState {
  snapshot: PolicySnapshot = createEmptySnapshot();
  names = new Map<string, MemberDirectoryEntry>();

  memberName(memberId: string | null): string | null {
    return memberId ? (this.names.get(memberId)?.name ?? null) : null;
  }

  /** The member's pseudonymous key, also for a member the directory no longer holds. */
  memberKey(memberId: string): string {
    return this.names.get(memberId)?.memberKey ?? this.snapshot.members.get(memberId)?.memberKey ?? 'unknown';
  }

  memberNameOfKey(memberKey: string): string | null {
    for (const entry of this.names.values()) if (entry.memberKey === memberKey) return entry.name;
    return null;
  }
}
