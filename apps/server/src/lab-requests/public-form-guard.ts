import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { DomainRule, ErrorCode } from '@werkbank/contracts';
import { DomainError } from '../common/domain-error';

const HOUR_MS = 3_600_000;
/** A form token is good for a day: long enough to fill the form in a break, short enough to go stale. */
export const FORM_TOKEN_MAX_AGE_MS = 24 * HOUR_MS;
/** Client addresses remembered at most; the oldest go first (a flood of addresses cannot grow the map). */
const MAX_ADDRESSES = 10_000;

/**
 * Signed form tokens for the public request form: `<issued ms>.<nonce>.<HMAC-SHA256>` (base64url), issued by
 * GET /api/public/mobile-labs. A submission must carry one that this server signed, at least
 * LAB_REQUEST_MIN_FILL_SECONDS old (a person needs that long; a bot posts at once) and at most a day old.
 * Stateless: nothing is stored per form.
 */
export class FormTokens {
  constructor(private readonly key: Buffer) {}

  /** The key is derived from the server's card hash secret, so there is no new secret to keep. */
  static fromServerSecret(secret: string): FormTokens {
    return new FormTokens(createHmac('sha256', secret).update('werkbank:lab-request-form:v1').digest());
  }

  issue(now: number): string {
    const body = `${now.toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.sign(body)}`;
  }

  /** Throws 400 (field formToken) for a forged, malformed, stale or too fresh token. */
  verify(token: string | undefined, now: number, minFillMs: number): void {
    const parts = (token ?? '').split('.');
    const invalid = (problem: string, rule = DomainRule.FormToken) =>
      DomainError.invalid('formToken', problem, rule);
    if (parts.length !== 3) throw invalid('missing or malformed: load the form again');
    const body = `${parts[0]}.${parts[1]}`;
    const given = Buffer.from(parts[2], 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw invalid('not issued by this server: load the form again');
    const issued = parseInt(parts[0], 36);
    if (!Number.isFinite(issued) || now - issued > FORM_TOKEN_MAX_AGE_MS || issued - now > 60_000)
      throw invalid('expired: load the form again');
    if (now - issued < minFillMs)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        'The form was sent too quickly after it was opened. Wait a few seconds and send it again.',
        [
          {
            field: 'formToken',
            problem: 'sent too soon after the form was opened',
            rule: DomainRule.FormTooFast,
            params: { limit: Math.ceil(minFillMs / 1000) },
          },
        ],
      );
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

/**
 * Submissions per client address and hour (a sliding window of their times), in memory like the login
 * limiter: a restart forgives, which an attacker cannot trigger. IPv6 addresses count per /64, the block one
 * household or server gets. The address is Fastify's request.ip, which believes X-Forwarded-For only from
 * TRUST_PROXY.
 */
export class SubmissionLimiter {
  private readonly byAddress = new Map<string, number[]>();

  constructor(private readonly perHour: () => number) {}

  /** Counts this attempt; throws 429 with the seconds until the oldest counted one leaves the window. */
  take(address: string, now: number): void {
    const key = addressKey(address);
    const recent = (this.byAddress.get(key) ?? []).filter((t) => now - t < HOUR_MS);
    if (recent.length >= this.perHour()) {
      const seconds = Math.max(1, Math.ceil((recent[0] + HOUR_MS - now) / 1000));
      this.byAddress.set(key, recent);
      throw new DomainError(
        ErrorCode.TooManyRequests,
        `Too many requests from your network. Try again in ${Math.ceil(seconds / 60)} minutes, or call the lab.`,
        undefined,
        seconds,
      );
    }
    recent.push(now);
    this.byAddress.delete(key);
    if (this.byAddress.size >= MAX_ADDRESSES)
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    this.byAddress.set(key, recent);
  }
}

/** An IPv4 address as it is; an IPv6 address by its first four groups (its /64). */
export function addressKey(address: string): string {
  const plain = address.replace(/^::ffff:/i, '');
  if (!isIPv6(plain)) return plain;
  const [head, tail = ''] = plain.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = plain.includes('::')
    ? [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups]
    : headGroups;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g || '0', 16).toString(16))
    .join(':')}::/64`;
}
