import type { StaffAccount } from '@werkbank/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditAction, DomainRule, StaffRole } from '@werkbank/contracts';
import { StaffAccountEntity, StaffRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { AuthService } from '../auth/auth.service';
import { PasswordHasher } from '../auth/password-hasher';
import { StaffPrincipal } from '../common/auth.decorators';
import { ChangeFeed } from '../common/change-feed';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { CreateStaffDto, UpdateStaffDto } from './staff.dto';

/** The contract shape (libs/contracts/src/api). */
export type StaffView = StaffAccount;

export function toStaffView(a: StaffAccountEntity): StaffView {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    active: a.active,
    memberId: a.memberId,
    lastLoginAt: a.lastLoginAt ? a.lastLoginAt.toISOString() : null,
  };
}

/** 16 random characters, shown once: the first admin's and a reset account's password until its owner changes it. */
function newOneTimePassword(): string {
  return randomBytes(12).toString('base64url');
}

@Injectable()
export class StaffService {
  private readonly logger = new Logger(StaffService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly changes: ChangeFeed,
    private readonly config: AppConfig,
  ) {}

  /** First start with an empty database: create the admin account and say how to log in. */
  async ensureInitialAdmin(): Promise<{
    created: boolean;
    password?: string;
    /** ADMIN_PASSWORD is set, but the database already has accounts and it does not open the admin's. */
    adminPasswordIgnored?: boolean;
  }> {
    if ((await this.staff.count()) > 0) {
      if (!this.config.ADMIN_PASSWORD) return { created: false };
      const admin = await this.staff.findByUsername(this.config.ADMIN_USERNAME);
      const opens =
        admin !== null && (await this.hasher.verify(admin.passwordHash, this.config.ADMIN_PASSWORD));
      return { created: false, adminPasswordIgnored: !opens };
    }
    const password = this.config.ADMIN_PASSWORD ?? newOneTimePassword();
    const account = this.staff.create({
      username: this.config.ADMIN_USERNAME,
      displayName: 'Administrator',
      passwordHash: await this.hasher.hash(password),
      role: StaffRole.Admin,
      active: true,
      memberId: null,
      lastLoginAt: null,
    });
    await this.dataSource.transaction(async (em) => {
      await this.staff.save(account, em);
      await this.audit.record(null, AuditAction.Create, 'staff_account', account.id, null, account, em);
    });
    return { created: true, password: this.config.ADMIN_PASSWORD ? undefined : password };
  }

  /**
   * A new random password for an account whose password is lost (the command line's `staff:reset-password`,
   * for when no admin can log in any more). Ends the account's sessions; audited with "system" as the actor.
   */
  async resetPassword(username: string): Promise<{ account: StaffView; password: string }> {
    const account = await this.staff.findByUsername(username.trim().toLowerCase());
    if (!account) throw DomainError.notFound('Staff account', username);
    const password = newOneTimePassword();
    await this.storePassword(account, password, null, AuditAction.PasswordReset);
    return { account: toStaffView(account), password };
  }

  /**
   * Staff change their own password, proving the current one. Their other sessions end (a password is
   * changed because it may be known to someone else); the session that asked stays.
   */
  async changeOwnPassword(
    actor: StaffPrincipal,
    currentTokenHash: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const account = await this.staff.findById(actor.id);
    if (!account) throw DomainError.notFound('Staff account', actor.id);
    if (!(await this.hasher.verify(account.passwordHash, currentPassword))) {
      throw DomainError.invalid(
        'currentPassword',
        'is not your current password',
        DomainRule.CurrentPasswordWrong,
      );
    }
    if (newPassword === currentPassword) {
      throw DomainError.invalid(
        'newPassword',
        'must differ from the current password',
        DomainRule.PasswordUnchanged,
      );
    }
    await this.storePassword(account, newPassword, actor, AuditAction.PasswordChange, currentTokenHash);
  }

  /** A new password with its effects: the account's sessions end (but `keepTokenHash`'s), audited. */
  private async storePassword(
    account: StaffAccountEntity,
    password: string,
    actor: StaffPrincipal | null,
    action: AuditAction.PasswordReset | AuditAction.PasswordChange,
    keepTokenHash?: string,
  ): Promise<void> {
    account.passwordHash = await this.hasher.hash(password);
    await this.dataSource.transaction(async (em) => {
      await this.staff.save(account, em);
      await this.staff.deleteSessionsOf(account.id, em, keepTokenHash);
      const after = { username: account.username };
      await this.audit.record(actor, action, 'staff_account', account.id, null, after, em);
    });
    this.auth.forgetStaff(account.id);
    await this.changes.emit('staff', { id: account.id });
  }

  async list(): Promise<StaffView[]> {
    return (await this.staff.findAll()).map(toStaffView);
  }

  async create(actor: StaffPrincipal, dto: CreateStaffDto): Promise<StaffView> {
    if (await this.staff.findByUsername(dto.username)) {
      throw DomainError.conflict(`Username ${dto.username} is taken. Choose another one.`, [
        { field: 'username', problem: 'already exists', rule: DomainRule.AlreadyUsed },
      ]);
    }
    const account = this.staff.create({
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await this.hasher.hash(dto.password),
      role: dto.role,
      active: true,
      memberId: dto.memberId ?? null,
      lastLoginAt: null,
    });
    await this.dataSource.transaction(async (em) => {
      await this.staff.save(account, em);
      await this.audit.record(actor, AuditAction.Create, 'staff_account', account.id, null, account, em);
    });
    await this.changes.emit('staff', { id: account.id });
    return toStaffView(account);
  }

  async update(actor: StaffPrincipal, id: string, dto: UpdateStaffDto): Promise<StaffView> {
    const account = await this.staff.findById(id);
    if (!account) throw DomainError.notFound('Staff account', id);
    const before = { ...account };
    if (dto.displayName !== undefined) account.displayName = dto.displayName;
    if (dto.role !== undefined) account.role = dto.role;
    if (dto.active !== undefined) account.active = dto.active;
    if (dto.memberId !== undefined) account.memberId = dto.memberId;
    if (dto.password !== undefined) account.passwordHash = await this.hasher.hash(dto.password);
    if (actor.id === id && (account.role !== StaffRole.Admin || !account.active)) {
      throw DomainError.invalid(
        'role',
        'you cannot remove your own admin rights; ask another admin',
        DomainRule.OwnAdminRights,
      );
    }
    await this.dataSource.transaction(async (em) => {
      await this.staff.save(account, em);
      if (dto.password !== undefined || dto.active === false) await this.staff.deleteSessionsOf(id, em);
      await this.audit.record(actor, AuditAction.Update, 'staff_account', id, before, account, em);
    });
    this.auth.forgetStaff(id);
    await this.changes.emit('staff', { id });
    return toStaffView(account);
  }
}
