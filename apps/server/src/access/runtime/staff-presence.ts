import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { setStaffPresent } from '@werkbank/access-core';
import { AuditAction, DomainRule } from '@werkbank/contracts';
import { StaffRepository } from '@werkbank/persistence';
import { AuditService } from '../../audit/audit.service';
import { Clock, CLOCK } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { ActivityJournal } from '../activity-journal';
import { AccessState } from './access-state';

/**
 * Which staff members are present at which site: the supervision rules of the snapshot read it. Staff check in
 * at an entrance reader or in the UI; every change is journaled, and a deactivated account stops supervising
 * at once.
 */
@Injectable()
export class StaffPresence {
  private readonly logger = new Logger(StaffPresence.name);
  /** staff account id → the key it has in the snapshot's staffPresent (its member id, else its own id). */
  private staffKeys = new Map<string, string>();
  /** member id → staff account id, for presence taps at entrance readers. */
  private staffByMember = new Map<string, string>();
  /** `${siteId}:${staffId}` → when the staff member arrived (for the presence list). */
  private readonly since = new Map<string, string>();

  constructor(
    private readonly state: AccessState,
    private readonly journal: ActivityJournal,
    private readonly staff: StaffRepository,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Boot: the keys the snapshot loader used, then the active accounts. */
  async load(staffKeys: Map<string, string>): Promise<void> {
    this.staffKeys = staffKeys;
    await this.reload();
  }

  /** After a staff change: active accounts again; whoever is no longer active leaves every site now. */
  async reload(): Promise<void> {
    const active = await this.staff.findActive();
    const previousKeys = this.staffKeys;
    this.staffKeys = new Map(active.map((s) => [s.id, s.memberId ?? s.id]));
    this.staffByMember = new Map(active.filter((s) => s.memberId).map((s) => [s.memberId as string, s.id]));
    for (const entry of [...this.since.keys()]) {
      const [siteId, staffId] = entry.split(':');
      if (this.staffKeys.has(staffId)) continue;
      setStaffPresent(this.state.snapshot, siteId, previousKeys.get(staffId) ?? staffId, false);
      this.since.delete(entry);
      this.journal.record({ t: 'presence_end', siteId, staffId, leftAt: this.clock.now().toISOString() });
    }
  }

  /** The staff account of a member, when the member is staff. */
  staffOfMember(memberId: string): string | undefined {
    return this.staffByMember.get(memberId);
  }

  isPresent(siteId: string, staffId: string): boolean {
    const key = this.staffKeys.get(staffId) ?? staffId;
    return this.state.snapshot.sites.get(siteId)?.staffPresent.has(key) ?? false;
  }

  /** Returns whether the presence changed (it was not already so). */
  set(siteId: string, staffId: string, present: boolean, at = this.clock.now().getTime()): boolean {
    const snapshot = this.state.snapshot;
    if (!snapshot.sites.has(siteId)) throw DomainError.notFound('Site', siteId);
    if (present && !this.staffKeys.has(staffId))
      throw DomainError.invalid('staffId', 'no such active staff account', DomainRule.InactiveAccount);
    if (this.isPresent(siteId, staffId) === present) return false;
    setStaffPresent(snapshot, siteId, this.staffKeys.get(staffId) ?? staffId, present);
    const iso = new Date(at).toISOString();
    if (present) this.since.set(`${siteId}:${staffId}`, iso);
    else this.since.delete(`${siteId}:${staffId}`);
    this.journal.record(
      present
        ? { t: 'presence_start', row: { id: randomUUID(), siteId, staffId, arrivedAt: iso } }
        : { t: 'presence_end', siteId, staffId, leftAt: iso },
    );
    return true;
  }

  /** Toggles presence from an entrance tap; audited after the reply is out (who came when is on record). */
  toggleByTap(siteId: string, staffId: string, deviceId: string, at: number): boolean {
    const present = !this.isPresent(siteId, staffId);
    this.set(siteId, staffId, present, at);
    setImmediate(() => {
      this.audit
        .record(null, present ? AuditAction.CheckIn : AuditAction.CheckOut, 'staff_presence', staffId, null, {
          siteId,
          via: 'entrance_reader',
          deviceId,
        })
        .catch((error: unknown) => this.logger.error({ err: error }, 'auditing a presence tap failed'));
    });
    return present;
  }

  list(siteId: string): { staffId: string; arrivedAt: string | null }[] {
    const keys = this.state.snapshot.sites.get(siteId)?.staffPresent ?? new Set<string>();
    return [...this.staffKeys]
      .filter(([, key]) => keys.has(key))
      .map(([staffId]) => ({ staffId, arrivedAt: this.since.get(`${siteId}:${staffId}`) ?? null }));
  }
}
