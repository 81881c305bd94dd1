import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@werkbank/contracts';
import { Clock, CLOCK } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';

const WINDOW_MS = 60_000;
/** Wrong passwords for one account before it waits; then 1 s, 2 s, 4 s … */
const FREE_ACCOUNT_FAILURES = 5;
/** An attacker can slow an account down, not lock its owner out for long. */
const MAX_ACCOUNT_WAIT_MS = 5 * 60_000;
/** Entries kept at most (one per address and per account name tried); the oldest go first. */
const MAX_ENTRIES = 10_000;

interface Failures {
  count: number;
  /** When this count started (IP window) or the last failure (account). */
  since: number;
  blockedUntil: number;
}

/**
 * Limits wrong passwords, not logins: per client address (LOGIN_ATTEMPTS_PER_MINUTE failures a minute) and
 * per account name (after five failures in a row, an exponential wait up to five minutes). A correct
 * password is never refused for the failures of others unless their address is the caller's, and a success
 * clears the account's count. In memory: a restart forgives, which an attacker cannot trigger.
 */
@Injectable()
export class LoginLimiter {
  private readonly byAddress = new Map<string, Failures>();
  private readonly byAccount = new Map<string, Failures>();

  constructor(
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Throws 429 (with the seconds to wait) while the address or the account must wait. */
  assertAllowed(address: string, username: string): void {
    const now = this.clock.now().getTime();
    const until = Math.max(
      this.byAddress.get(address)?.blockedUntil ?? 0,
      this.byAccount.get(username.toLowerCase())?.blockedUntil ?? 0,
    );
    if (until > now) {
      const seconds = Math.ceil((until - now) / 1000);
      throw new DomainError(
        ErrorCode.TooManyRequests,
        `Too many wrong passwords. Wait ${seconds} s, then try again (or ask an admin to reset the password).`,
        undefined,
        seconds,
      );
    }
  }

  failed(address: string, username: string): void {
    const now = this.clock.now().getTime();
    const ip = this.entry(this.byAddress, address, now);
    if (now - ip.since > WINDOW_MS) Object.assign(ip, { count: 0, since: now });
    ip.count++;
    if (ip.count >= this.config.LOGIN_ATTEMPTS_PER_MINUTE) ip.blockedUntil = ip.since + WINDOW_MS;
    const account = this.entry(this.byAccount, username.toLowerCase(), now);
    account.count++;
    account.since = now;
    if (account.count >= FREE_ACCOUNT_FAILURES) {
      const wait = Math.min(MAX_ACCOUNT_WAIT_MS, 1000 * 2 ** (account.count - FREE_ACCOUNT_FAILURES));
      account.blockedUntil = now + wait;
    }
  }

  succeeded(username: string): void {
    this.byAccount.delete(username.toLowerCase());
  }

  private entry(map: Map<string, Failures>, key: string, now: number): Failures {
    let entry = map.get(key);
    if (!entry) {
      if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
      entry = { count: 0, since: now, blockedUntil: 0 };
      map.set(key, entry);
    }
    return entry;
  }
}
