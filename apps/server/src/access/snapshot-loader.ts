import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, MoreThan, Not } from 'typeorm';
import {
  createEmptySnapshot,
  endOfLocalDay,
  startOfLocalDay,
  foldTrainingHistory,
  PolicySnapshot,
  removeCard,
  removeMachine,
  removeMember,
  replaceGrants,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  removeSite,
  upsertSite,
  MemberInput,
  CardInput,
  BookingInput,
  removeBooking,
  upsertBooking,
} from '@werkbank/access-core';
import { BookingStatus, MemberStatus } from '@werkbank/contracts';
import {
  BookingEntity,
  CardEntity,
  MachineEntity,
  MemberEntity,
  QualificationEntity,
  SiteEntity,
  StaffAccountEntity,
  StaffPresenceEntity,
  TrainingRecordEntity,
} from '@werkbank/persistence';
import { AppConfig } from '../config/app-config';

/** Guest windows and expiry dates are whole local days: a pass is valid through its last day. */
export function memberInput(m: MemberEntity, tz: string): MemberInput {
  const guest = m.status === MemberStatus.Guest;
  return {
    memberId: m.id,
    memberKey: m.memberKey,
    status: m.status,
    guestValidFrom: guest && m.guestValidFrom ? startOfLocalDay(m.guestValidFrom, tz) : null,
    guestValidUntil: guest && m.guestValidUntil ? endOfLocalDay(m.guestValidUntil, tz) - 1 : null,
    isMinor: m.isMinor,
    guardianConsent: m.guardianConsentOn !== null,
    birthDate: m.birthDate,
  };
}

/** A training is valid up to the day before expiresOn (local). */
export function trainingRecordInput(r: TrainingRecordEntity, tz: string) {
  return {
    qualificationId: r.qualificationId,
    action: r.action,
    level: r.level,
    expiresAt: r.expiresOn ? startOfLocalDay(r.expiresOn, tz) : null,
    recordedAt: r.recordedAt,
  };
}

/** Members per read at boot (with their cards and trainings); well below every database's parameter limit. */
const LOAD_BATCH_SIZE = 1000;

/** The member columns the snapshot and the live board use. */
const SNAPSHOT_MEMBER_COLUMNS = {
  id: true,
  memberKey: true,
  firstName: true,
  lastName: true,
  status: true,
  guestValidFrom: true,
  guestValidUntil: true,
  isMinor: true,
  guardianConsentOn: true,
  birthDate: true,
} as const;

/** Display names for the live board, kept beside the snapshot (decide() never needs them). */
export interface MemberDirectoryEntry {
  name: string;
  memberKey: string;
}

/** Reads the database into the access snapshot: everything at boot, one entity per staff change after. */
@Injectable()
export class SnapshotLoader {
  private readonly tz: string;

  constructor(
    private readonly dataSource: DataSource,
    config: AppConfig,
  ) {
    this.tz = config.TIMEZONE;
  }

  async loadAll(): Promise<{
    snapshot: PolicySnapshot;
    names: Map<string, MemberDirectoryEntry>;
    staffMembers: Map<string, string>;
    /** The machine rows, for the runtime's session machines (read once for both). */
    machines: MachineEntity[];
  }> {
    const snapshot = createEmptySnapshot();
    const names = new Map<string, MemberDirectoryEntry>();
    const [sites, quals, machines, staff, presence] = await Promise.all([
      this.dataSource.getRepository(SiteEntity).find({ relations: { openingHours: true } }),
      this.dataSource.getRepository(QualificationEntity).find({ relations: { prerequisites: true } }),
      this.dataSource.getRepository(MachineEntity).find(),
      this.dataSource.getRepository(StaffAccountEntity).find({ where: { active: true } }),
      this.dataSource.getRepository(StaffPresenceEntity).find({ where: { leftAt: IsNull() } }),
    ]);
    const staffMembers = new Map(staff.map((s) => [s.id, s.memberId ?? s.id]));
    for (const site of sites) {
      // Only active accounts supervise: a deactivated one's open presence row counts for nobody.
      const present = presence
        .filter((p) => p.siteId === site.id && staffMembers.has(p.staffId))
        .map((p) => staffMembers.get(p.staffId) as string);
      upsertSite(snapshot, {
        siteId: site.id,
        timezone: site.timezone,
        openingHours: site.openingHours,
        staffPresent: present,
      });
    }
    for (const q of quals) {
      upsertQualification(snapshot, {
        qualificationId: q.id,
        machineTypeId: q.machineTypeId,
        prerequisiteIds: q.prerequisites.map((p) => p.id),
      });
    }
    for (const m of machines) upsertMachine(snapshot, machineEntry(m));
    const bookings = await this.dataSource.getRepository(BookingEntity).find({
      where: { status: BookingStatus.Active, endsAt: MoreThan(new Date()), memberId: Not(IsNull()) },
    });
    for (const b of bookings) upsertBooking(snapshot, bookingInput(b));
    for await (const batch of this.memberBatches()) {
      const memberIds = batch.map((m) => m.id);
      const [cards, records] = await Promise.all([
        this.dataSource.getRepository(CardEntity).find({
          select: { id: true, uidHash: true, memberId: true, blocked: true },
          where: { memberId: In(memberIds) },
        }),
        this.dataSource.getRepository(TrainingRecordEntity).find({
          select: {
            id: true,
            memberId: true,
            qualificationId: true,
            action: true,
            level: true,
            expiresOn: true,
            recordedAt: true,
          },
          where: { memberId: In(memberIds) },
          order: { recordedAt: 'ASC', id: 'ASC' },
        }),
      ]);
      for (const m of batch) this.applyMember(snapshot, names, m);
      for (const c of cards) upsertCard(snapshot, cardInput(c));
      const byMember = new Map<string, TrainingRecordEntity[]>();
      for (const r of records) {
        const list = byMember.get(r.memberId) ?? [];
        list.push(r);
        byMember.set(r.memberId, list);
      }
      for (const [memberId, list] of byMember)
        replaceGrants(
          snapshot,
          memberId,
          foldTrainingHistory(list.map((r) => trainingRecordInput(r, this.tz))),
        );
    }
    return { snapshot, names, staffMembers, machines };
  }

  /**
   * The members in pages by id, with only the columns the snapshot and the live board use: a page's rows (and
   * its cards and trainings) die young, so loading 10 000 members no longer grows the heap by their full rows
   * all at once (RSS after boot −20 MB, measured), and no more personal data is read than needed.
   */
  private async *memberBatches(): AsyncGenerator<MemberEntity[]> {
    const members = this.dataSource.getRepository(MemberEntity);
    let after: string | null = null;
    for (;;) {
      const batch = await members.find({
        select: SNAPSHOT_MEMBER_COLUMNS,
        where: after === null ? {} : { id: MoreThan(after) },
        order: { id: 'ASC' },
        take: LOAD_BATCH_SIZE,
      });
      if (batch.length === 0) return;
      yield batch;
      after = batch[batch.length - 1].id;
    }
  }

  async reloadCard(snapshot: PolicySnapshot, id: string): Promise<void> {
    const c = await this.dataSource.getRepository(CardEntity).findOneBy({ id });
    if (c) upsertCard(snapshot, cardInput(c));
  }

  removeCard(snapshot: PolicySnapshot, uidHash: string): void {
    removeCard(snapshot, uidHash);
  }

  reloadMember(
    snapshot: PolicySnapshot,
    names: Map<string, MemberDirectoryEntry>,
    id: string,
  ): Promise<void> {
    return this.reloadMembers(snapshot, names, [id]);
  }

  /** Members changed, added or removed (one, or many after an import), read in pages like at boot. */
  async reloadMembers(
    snapshot: PolicySnapshot,
    names: Map<string, MemberDirectoryEntry>,
    ids: readonly string[],
  ): Promise<void> {
    const members = this.dataSource.getRepository(MemberEntity);
    for (let i = 0; i < ids.length; i += LOAD_BATCH_SIZE) {
      const wanted = ids.slice(i, i + LOAD_BATCH_SIZE);
      const found = await members.find({ select: SNAPSHOT_MEMBER_COLUMNS, where: { id: In(wanted) } });
      for (const m of found) this.applyMember(snapshot, names, m);
      const present = new Set(found.map((m) => m.id));
      for (const id of wanted) {
        if (present.has(id)) continue;
        removeMember(snapshot, id);
        names.delete(id);
      }
    }
  }

  private applyMember(
    snapshot: PolicySnapshot,
    names: Map<string, MemberDirectoryEntry>,
    m: MemberEntity,
  ): void {
    upsertMember(snapshot, memberInput(m, this.tz));
    names.set(m.id, { name: `${m.firstName} ${m.lastName}`, memberKey: m.memberKey });
  }

  async reloadMachine(snapshot: PolicySnapshot, id: string): Promise<MachineEntity | null> {
    const m = await this.dataSource.getRepository(MachineEntity).findOneBy({ id });
    if (m) upsertMachine(snapshot, machineEntry(m));
    else removeMachine(snapshot, id);
    return m;
  }

  /** False when the site is gone: a deleted site leaves the snapshot (its entrance readers greet nobody). */
  async reloadSite(snapshot: PolicySnapshot, id: string): Promise<boolean> {
    const site = await this.dataSource
      .getRepository(SiteEntity)
      .findOne({ where: { id }, relations: { openingHours: true } });
    if (!site) {
      removeSite(snapshot, id);
      return false;
    }
    upsertSite(snapshot, { siteId: site.id, timezone: site.timezone, openingHours: site.openingHours });
    return true;
  }

  async reloadQualification(snapshot: PolicySnapshot, id: string): Promise<void> {
    const q = await this.dataSource
      .getRepository(QualificationEntity)
      .findOne({ where: { id }, relations: { prerequisites: true } });
    if (q)
      upsertQualification(snapshot, {
        qualificationId: q.id,
        machineTypeId: q.machineTypeId,
        prerequisiteIds: q.prerequisites.map((p) => p.id),
      });
  }

  /** A booking holds its machine while it is active, has a member and has not ended. */
  async reloadBooking(snapshot: PolicySnapshot, id: string): Promise<void> {
    const b = await this.dataSource.getRepository(BookingEntity).findOneBy({ id });
    if (b && b.status === BookingStatus.Active && b.memberId !== null && b.endsAt.getTime() > Date.now()) {
      upsertBooking(snapshot, bookingInput(b));
    } else removeBooking(snapshot, id);
  }

  async reloadGrants(snapshot: PolicySnapshot, memberId: string): Promise<void> {
    const records = await this.dataSource
      .getRepository(TrainingRecordEntity)
      .find({ where: { memberId }, order: { recordedAt: 'ASC', id: 'ASC' } });
    replaceGrants(
      snapshot,
      memberId,
      foldTrainingHistory(records.map((r) => trainingRecordInput(r, this.tz))),
    );
  }
}

function bookingInput(b: BookingEntity): BookingInput {
  return {
    bookingId: b.id,
    machineId: b.machineId,
    memberId: b.memberId as string,
    startsAt: b.startsAt.getTime(),
    endsAt: b.endsAt.getTime(),
    claimedAt: b.claimedAt?.getTime() ?? null,
  };
}

function cardInput(c: CardEntity): CardInput {
  return { uidHash: c.uidHash, cardId: c.id, memberId: c.memberId, blocked: c.blocked };
}

export function machineEntry(m: MachineEntity) {
  return {
    machineId: m.id,
    siteId: m.siteId,
    machineTypeId: m.machineTypeId,
    state: m.state,
    needsSupervision: m.needsSupervision,
    minimumAge: m.minimumAge,
    maxSessionMinutes: m.maxSessionMinutes,
    allowTakeover: m.allowTakeover,
  };
}
