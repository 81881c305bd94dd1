import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AgeBand,
  AuditAction,
  DomainRule,
  Gender,
  MemberStatus,
  OccupationStatus,
} from '@werkbank/contracts';
import { BookingsRepository, MemberEntity, MembersRepository, SitesRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import {
  compactAfterErasure,
  detachEventRows,
  retireTrainingRecords,
  scrubAuditTrail,
  unlinkVolunteerHours,
} from './member-erasure';
import { profileOf } from '../reports/report-rollup';
import { UrbanRuralClasses } from '../reports/urban-rural-classes';
import { retireActivity } from './activity-retirement';
import { CreateMemberDto, MemberFieldsDto, MemberQueryDto, UpdateMemberDto } from './members.dto';

export function newMemberKey(): string {
  return randomBytes(16).toString('hex');
}

/** Cross-field rules that DTO decorators cannot express. */
export function checkMemberRules(
  m: Pick<MemberEntity, 'status' | 'guestValidFrom' | 'guestValidUntil' | 'isMinor' | 'birthDate'>,
): void {
  if (m.status === MemberStatus.Guest) {
    if (!m.guestValidFrom || !m.guestValidUntil) {
      throw DomainError.invalid(
        'guestValidUntil',
        'guests need guestValidFrom and guestValidUntil (their pass window)',
        DomainRule.GuestWindow,
      );
    }
    if (m.guestValidUntil < m.guestValidFrom)
      throw DomainError.invalid(
        'guestValidUntil',
        'must not be before guestValidFrom',
        DomainRule.NotBefore,
        {
          otherField: 'guestValidFrom',
        },
      );
  }
  if (!m.isMinor && m.birthDate) {
    throw DomainError.invalid(
      'birthDate',
      'is kept for minors only; for adults record an age band instead',
      DomainRule.BirthDateMinorsOnly,
    );
  }
}

@Injectable()
export class MembersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    private readonly sites: SitesRepository,
    private readonly bookings: BookingsRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    private readonly urbanRural: UrbanRuralClasses,
  ) {}

  /**
   * A page of the member list as JSON text (a Page<MemberListItem>), sent as is: the database writes the items'
   * JSON, and parsing it only to serialise it again cost a sixth of the request (profiled).
   */
  async listJson(query: MemberQueryDto, view: 'office' | 'trainer' = 'office'): Promise<string> {
    const { itemsJson, total } = await this.members.findPage({
      view,
      q: query.q?.trim() || undefined,
      status: query.status,
      homeSiteId: query.homeSiteId,
      // Sorting by e-mail would tell a trainer the order of addresses they may not read.
      sort: view === 'trainer' && query.sort === 'email' ? 'lastName' : query.sort,
      order: query.order,
      page: query.page,
      pageSize: query.pageSize,
    });
    return `{"items":${itemsJson},"total":${total},"page":${query.page},"pageSize":${query.pageSize}}`;
  }

  async get(id: string, em?: EntityManager): Promise<MemberEntity> {
    const member = await this.members.findById(id, em);
    if (!member) throw DomainError.notFound('Member', id);
    return member;
  }

  /** Build (not save) a member from validated fields; shared by the API and the CSV import. */
  build(dto: CreateMemberDto): MemberEntity {
    const member = this.members.create({
      memberKey: newMemberKey(),
      firstName: dto.firstName.trim(),
      lastName: dto.lastName.trim(),
      email: dto.email?.toLowerCase() ?? null,
      phone: dto.phone ?? null,
      status: dto.status ?? MemberStatus.Active,
      guestValidFrom: dto.guestValidFrom ?? null,
      guestValidUntil: dto.guestValidUntil ?? null,
      homeSiteId: dto.homeSiteId ?? null,
      ageBand: dto.ageBand ?? AgeBand.NotStated,
      gender: dto.gender ?? Gender.NotStated,
      occupation: dto.occupation ?? OccupationStatus.NotStated,
      homeMunicipalityKey: dto.homeMunicipalityKey ?? null,
      isMinor: dto.isMinor ?? false,
      birthDate: dto.birthDate ?? null,
      guardianConsentOn: dto.guardianConsentOn ?? null,
      guardianName: dto.guardianName ?? null,
      notes: dto.notes ?? null,
    });
    checkMemberRules(member);
    return member;
  }

  async create(actor: StaffPrincipal, dto: CreateMemberDto): Promise<MemberEntity> {
    const member = this.build(dto);
    await this.dataSource.transaction(async (em) => {
      await this.assertReferences(em, member);
      await this.members.save(member, em);
      await this.audit.record(actor, AuditAction.Create, 'member', member.id, null, member, em);
    });
    await this.changes.emit('member', { id: member.id });
    return member;
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateMemberDto): Promise<MemberEntity> {
    const member = await this.dataSource.transaction(async (em) => {
      const current = await this.get(id, em);
      const before = { ...current };
      for (const [key, value] of Object.entries(dto) as [
        keyof MemberFieldsDto | 'firstName' | 'lastName',
        unknown,
      ][]) {
        if (value !== undefined) (current as unknown as Record<string, unknown>)[key] = value;
      }
      if (dto.email) current.email = dto.email.toLowerCase();
      if (dto.status && dto.status !== MemberStatus.Guest && dto.guestValidUntil === undefined) {
        current.guestValidFrom = null;
        current.guestValidUntil = null;
      }
      checkMemberRules(current);
      await this.assertReferences(em, current);
      await this.members.save(current, em);
      const action =
        dto.status === MemberStatus.Suspended && before.status !== MemberStatus.Suspended
          ? AuditAction.Block
          : AuditAction.Update;
      await this.audit.record(actor, action, 'member', id, before, current, em);
      return current;
    });
    await this.changes.emit('member', { id });
    return member;
  }

  /**
   * GDPR erasure (Art. 17): identity, cards and training history go (what the trainings counted stays, without
   * the person: member-erasure.ts); the audit trail keeps who erased whom
   * when, but no snapshot that names the member; raw activity is deleted and what it counted stays in the
   * report cells (activity-retirement.ts). Then SQLite folds its write-ahead log into the file, where secure_delete
   * has zeroed the deleted bytes. What erasure cannot reach: backups made before it (docs/data-protection.md).
   */
  async remove(actor: StaffPrincipal, id: string): Promise<void> {
    const { oldKey, profile, freedBookings } = await this.dataSource.transaction(async (em) => {
      const member = await this.get(id, em);
      const profile = profileOf(member, this.urbanRural.classOf);
      await detachEventRows(em, id);
      await retireTrainingRecords(em, id);
      await this.members.remove(member, em);
      await retireActivity(em, member.memberKey, profile);
      const freed = await this.bookings.forgetMember(id, new Date(), em);
      await unlinkVolunteerHours(em, id);
      await scrubAuditTrail(em, id, [id, member.memberKey]);
      await this.audit.record(actor, AuditAction.Delete, 'member', id, null, null, em);
      return { oldKey: member.memberKey, profile, freedBookings: freed };
    });
    // The runtime forgets the member and flushes its journal; rows that were still in it go the same way.
    await this.changes.emit('memberRemoved', { id });
    for (const bookingId of freedBookings) await this.changes.emit('bookingRemoved', { id: bookingId });
    await this.dataSource.transaction((em) => retireActivity(em, oldKey, profile));
    await compactAfterErasure(this.dataSource);
  }

  private async assertReferences(em: EntityManager, member: MemberEntity): Promise<void> {
    if (member.homeSiteId && !(await this.sites.exists(member.homeSiteId, em))) {
      throw DomainError.invalid('homeSiteId', 'no such site', DomainRule.NotFound);
    }
    if (member.email) {
      const other = await this.members.findByEmail(member.email, em);
      if (other && other.id !== member.id) {
        throw DomainError.conflict(`The e-mail ${member.email} belongs to another member.`, [
          { field: 'email', problem: 'already used by another member', rule: DomainRule.AlreadyUsed },
        ]);
      }
    }
  }
}
