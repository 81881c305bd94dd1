import type { ExpiringItem } from '@werkbank/contracts';
import type { Standing } from '@werkbank/contracts';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { addDaysToDate, localDateOf } from '@werkbank/access-core';
import {
  AuditAction,
  DomainRule,
  ErrorCode,
  Page,
  QUALIFICATION_LEVEL_RANK,
  QualificationLevel,
  StaffRole,
  TrainingAction,
} from '@werkbank/contracts';
import {
  MemberEntity,
  MembersRepository,
  QualificationEntity,
  QualificationsRepository,
  SitesRepository,
  StaffRepository,
  TrainingRecordEntity,
  TrainingRecordsRepository,
} from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { ExpiringQueryDto, RecordTrainingDto, RevokeTrainingDto, TrainingQueryDto } from './trainings.dto';
import { addMonths, currentStanding, standingStatus } from './training-standing.util';

/** The contract shape (libs/contracts/src/api). */
export type StandingView = Standing;

/** The contract shape (libs/contracts/src/api). */
export type ExpiringView = ExpiringItem;

@Injectable()
export class TrainingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: TrainingRecordsRepository,
    private readonly staff: StaffRepository,
    private readonly qualifications: QualificationsRepository,
    private readonly members: MembersRepository,
    private readonly sites: SitesRepository,
    private readonly audit: AuditService,
    private readonly changes: ChangeFeed,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The lab's local date (TIMEZONE), the same day the access snapshot uses for training expiry. */
  private today(): string {
    return localDateOf(this.clock.now().getTime(), this.config.TIMEZONE);
  }

  async list(query: TrainingQueryDto): Promise<Page<TrainingRecordEntity>> {
    const { items, total } = await this.records.findPage(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  async standingOf(memberId: string): Promise<StandingView[]> {
    const standing = currentStanding(await this.records.findHistoryOfMember(memberId));
    if (standing.size === 0) return [];
    const quals = await this.qualifications.findByIds([...standing.keys()]);
    const names = new Map(quals.map((q) => [q.id, q.name]));
    const trainerIds = [...new Set([...standing.values()].map((r) => r.trainerId))];
    const trainers = await this.staff.findByIds(trainerIds);
    const trainerNames = new Map(trainers.map((t) => [t.id, t.displayName]));
    const today = this.today();
    return [...standing.values()].map((r) => ({
      qualificationId: r.qualificationId,
      qualificationName: names.get(r.qualificationId) ?? r.qualificationId,
      level: r.level,
      trainedOn: r.trainedOn,
      expiresOn: r.expiresOn,
      contentVersion: r.contentVersion,
      trainerId: r.trainerId,
      trainerName: trainerNames.get(r.trainerId) ?? null,
      status: standingStatus(r.expiresOn, today),
    }));
  }

  /** Current grants that run out within the next `days` days (latest record per member and qualification). */
  async expiring(query: ExpiringQueryDto): Promise<ExpiringView[]> {
    const today = this.today();
    const until = addDaysToDate(today, query.days);
    return this.records.findExpiringBetween(today, until);
  }

  async record(actor: StaffPrincipal, dto: RecordTrainingDto): Promise<TrainingRecordEntity[]> {
    const records = await this.dataSource.transaction((em) => this.recordIn(em, actor, dto));
    for (const r of records) await this.changes.emit('training', { memberId: r.memberId });
    return records;
  }

  /**
   * Records in the caller's transaction (a training event qualifies its attendees together with its own
   * rows); the caller emits the 'training' changes after commit.
   */
  async recordIn(
    em: EntityManager,
    actor: StaffPrincipal,
    dto: RecordTrainingDto,
  ): Promise<TrainingRecordEntity[]> {
    const trainerId = dto.trainerId ?? actor.id;
    if (actor.role === StaffRole.Trainer && trainerId !== actor.id) {
      throw new DomainError(
        ErrorCode.NotATrainer,
        'Trainers record only their own trainings (trainerId must be you).',
      );
    }
    if (dto.level === QualificationLevel.Trainer && actor.role !== StaffRole.Admin) {
      throw new DomainError(ErrorCode.Forbidden, 'Only an admin grants the trainer level.', [
        {
          field: 'level',
          problem: 'only an admin grants the trainer level',
          rule: DomainRule.TrainerLevelAdminOnly,
        },
      ]);
    }
    // A training in the future would extend its own validity: the date must be a day that has been.
    if (dto.trainedOn > this.today()) {
      throw DomainError.invalid('trainedOn', 'must not lie in the future', DomainRule.NotInFuture);
    }
    const qualification = await this.qualifications.findByIdWithPrerequisites(dto.qualificationId, em);
    if (!qualification)
      throw DomainError.invalid('qualificationId', 'no such qualification', DomainRule.NotFound);
    this.assertNotBeforeQualification(actor, dto.trainedOn, qualification);
    await this.assertTrainer(em, actor, trainerId, qualification);
    const members = await this.members.findByIds(dto.memberIds, em);
    const missing = dto.memberIds.filter((id) => !members.some((m) => m.id === id));
    if (missing.length > 0)
      throw DomainError.invalid('memberIds', `unknown members: ${missing.join(', ')}`, DomainRule.NotFound);
    for (const member of members) await this.assertPrerequisites(em, member, qualification, dto.trainedOn);
    const siteId = await this.siteOf(dto.siteId, em);
    const groupId = members.length > 1 ? randomUUID() : null;
    const recordedAt = this.clock.now();
    const rows = members.map((member) => {
      const months = member.isMinor
        ? (qualification.validityMonthsMinors ?? qualification.validityMonths)
        : qualification.validityMonths;
      return this.records.create(
        {
          memberId: member.id,
          qualificationId: qualification.id,
          action: TrainingAction.Grant,
          level: dto.level,
          trainerId,
          trainedOn: dto.trainedOn,
          expiresOn: months ? addMonths(dto.trainedOn, months) : null,
          contentVersion: dto.contentVersion ?? qualification.currentContentVersion ?? null,
          comment: dto.comment ?? null,
          groupId,
          siteId,
          recordedById: actor.id,
          recordedAt,
        },
        em,
      );
    });
    await this.records.insert(rows, em);
    for (const row of rows)
      await this.audit.record(actor, AuditAction.Grant, 'training_record', row.id, null, row, em);
    return rows;
  }

  /** Where a training was held: the one given (it must exist), else the lab's only site, else not known. */
  private async siteOf(siteId: string | undefined, em: EntityManager): Promise<string | null> {
    if (siteId === undefined) return this.sites.soleSiteId(em);
    if (!(await this.sites.exists(siteId, em)))
      throw DomainError.invalid('siteId', 'no such site', DomainRule.NotFound);
    return siteId;
  }

  async revoke(actor: StaffPrincipal, dto: RevokeTrainingDto): Promise<TrainingRecordEntity> {
    const record = await this.dataSource.transaction(async (em) => {
      const qualification = await this.qualifications.findById(dto.qualificationId, em);
      if (!qualification)
        throw DomainError.invalid('qualificationId', 'no such qualification', DomainRule.NotFound);
      if (actor.role === StaffRole.Trainer) await this.assertTrainer(em, actor, actor.id, qualification);
      const current = currentStanding(await this.records.findHistoryOfMember(dto.memberId, em)).get(
        dto.qualificationId,
      );
      if (!current)
        throw new DomainError(
          ErrorCode.InvalidState,
          'The member does not hold this qualification; nothing to revoke.',
        );
      const row = this.records.create(
        {
          memberId: dto.memberId,
          qualificationId: dto.qualificationId,
          action: TrainingAction.Revoke,
          level: current.level,
          trainerId: actor.id,
          trainedOn: this.today(),
          expiresOn: null,
          contentVersion: null,
          comment: dto.comment,
          groupId: null,
          siteId: null,
          recordedById: actor.id,
          recordedAt: this.clock.now(),
        },
        em,
      );
      await this.records.insert([row], em);
      await this.audit.record(actor, AuditAction.Revoke, 'training_record', row.id, current, row, em);
      return row;
    });
    await this.changes.emit('training', { memberId: dto.memberId });
    return record;
  }

  /**
   * Trainers and staff date a training no earlier than the qualification's creation in Werkbank. Admins may go
   * further back: a lab that starts with Werkbank transfers its paper records of earlier trainings.
   */
  private assertNotBeforeQualification(
    actor: StaffPrincipal,
    trainedOn: string,
    q: QualificationEntity,
  ): void {
    if (actor.role === StaffRole.Admin) return;
    const since = localDateOf(q.createdAt.getTime(), this.config.TIMEZONE);
    if (trainedOn < since) {
      throw DomainError.invalid(
        'trainedOn',
        `must not be before ${since}, when the qualification was created (an admin can record older trainings)`,
        DomainRule.BeforeQualification,
        { since },
      );
    }
  }

  /**
   * The trainer named on a record holds the trainer level of the qualification. An admin recording a training
   * as themselves needs none (someone has to name the first trainers); nobody may name another account that
   * lacks it.
   */
  private async assertTrainer(
    em: EntityManager,
    actor: StaffPrincipal,
    trainerId: string,
    q: QualificationEntity,
  ): Promise<void> {
    const trainer = await this.staff.findById(trainerId, em);
    if (!trainer || !trainer.active)
      throw DomainError.invalid('trainerId', 'no such active staff account', DomainRule.InactiveAccount);
    if (trainer.role === StaffRole.Admin && trainer.id === actor.id) return;
    const held = trainer.memberId
      ? currentStanding(await this.records.findHistoryOfMember(trainer.memberId, em)).get(q.id)
      : undefined;
    const valid = held && (held.expiresOn === null || held.expiresOn > this.today());
    if (
      !valid ||
      QUALIFICATION_LEVEL_RANK[held.level] < QUALIFICATION_LEVEL_RANK[QualificationLevel.Trainer]
    ) {
      if (trainer.id !== actor.id)
        throw DomainError.invalid(
          'trainerId',
          `${trainer.displayName} does not hold the trainer level for "${q.name}"`,
          DomainRule.NotATrainer,
        );
      throw new DomainError(
        ErrorCode.NotATrainer,
        `${trainer.displayName} does not hold the trainer level for "${q.name}". An admin can record it, or grant them the trainer level first.`,
      );
    }
  }

  private async assertPrerequisites(
    em: EntityManager,
    member: MemberEntity,
    q: QualificationEntity,
    on: string,
  ): Promise<void> {
    if (q.prerequisites.length === 0) return;
    const standing = currentStanding(await this.records.findHistoryOfMember(member.id, em));
    for (const pre of q.prerequisites) {
      const held = standing.get(pre.id);
      if (!held || (held.expiresOn !== null && held.expiresOn <= on)) {
        throw new DomainError(
          ErrorCode.PrerequisiteMissing,
          `${member.firstName} ${member.lastName} needs a valid "${pre.name}" before "${q.name}". Record that training first.`,
          [
            {
              field: 'memberIds',
              problem: `${member.id} lacks prerequisite ${pre.id}`,
              rule: DomainRule.PrerequisiteMissing,
            },
          ],
        );
      }
    }
  }
}
