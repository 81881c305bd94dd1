import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditAction, ErrorCode } from '@werkbank/contracts';
import { StaffAccountEntity, StaffRepository } from '@werkbank/persistence';
import { AuditService } from '../audit/audit.service';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { PasswordHasher } from './password-hasher';

interface CachedSession {
  principal: StaffPrincipal;
  expiresAt: number;
  /** When the session and its account were last read from the database. */
  checkedAt: number;
}

const CACHE_LIMIT = 10_000;

/**
 * How long a validated session is trusted from memory. Changes made through this process drop its sessions at
 * once (forgetStaff); changes made elsewhere (another server instance, `npm run staff:reset-password`) take
 * effect within this time.
 */
export const SESSION_RECHECK_MS = 30_000;

export function toPrincipal(account: StaffAccountEntity): StaffPrincipal {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    memberId: account.memberId,
  };
}

/**
 * Opaque bearer tokens (also sent as an HttpOnly cookie). Only their SHA-256 is stored, so a database leak
 * yields no usable token. Validated sessions are cached in memory (rechecked every SESSION_RECHECK_MS):
 * authenticated reads cost no query.
 */
@Injectable()
export class AuthService {
  private readonly cache = new Map<string, CachedSession>();
  // A cheap dummy hash so unknown usernames take as long as wrong passwords (no user enumeration by timing).
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly staff: StaffRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async login(
    username: string,
    password: string,
  ): Promise<{ token: string; expiresAt: Date; staff: StaffPrincipal }> {
    const account = await this.staff.findByUsername(username.toLowerCase());
    if (!account || !account.active) {
      this.dummyHash ??= this.hasher.hash(randomBytes(16).toString('hex'));
      await this.hasher.verify(await this.dummyHash, password);
      throw new DomainError(ErrorCode.InvalidCredentials, 'Username or password is wrong.');
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) {
      throw new DomainError(ErrorCode.InvalidCredentials, 'Username or password is wrong.');
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_TTL_HOURS * 3_600_000);
    await this.staff.createSession({
      tokenHash: hashToken(token),
      staffId: account.id,
      createdAt: now,
      expiresAt,
    });
    await this.staff.touchLogin(account.id, now);
    const principal = toPrincipal(account);
    await this.audit.record(principal, AuditAction.Login, 'staff_account', account.id, null, null);
    return { token, expiresAt, staff: principal };
  }

  async authenticate(token: string): Promise<StaffPrincipal | null> {
    const tokenHash = hashToken(token);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(tokenHash);
    if (cached) {
      if (cached.expiresAt <= now) {
        this.cache.delete(tokenHash);
        return null;
      }
      if (now - cached.checkedAt < SESSION_RECHECK_MS) return cached.principal;
      this.cache.delete(tokenHash); // due for a recheck: read it again below
    }
    const session = await this.staff.findSession(tokenHash);
    if (!session || session.expiresAt.getTime() <= now) return null;
    const account = await this.staff.findById(session.staffId);
    if (!account || !account.active) return null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    const principal = toPrincipal(account);
    this.cache.set(tokenHash, { principal, expiresAt: session.expiresAt.getTime(), checkedAt: now });
    return principal;
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    this.cache.delete(tokenHash);
    await this.staff.deleteSession(tokenHash);
  }

  /** Drop cached sessions of an account whose role, password or status changed. */
  forgetStaff(staffId: string): void {
    for (const [key, value] of this.cache) if (value.principal.id === staffId) this.cache.delete(key);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
