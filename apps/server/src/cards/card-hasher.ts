import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { normalizeUid } from '@werkbank/device-protocol';
import { DomainError } from '../common/domain-error';
import { DomainRule } from '@werkbank/contracts';

export const CARD_HASH_SECRET = Symbol('CARD_HASH_SECRET');

/** Canonical UID (uppercase hex, no separators), by the same normaliser the device codecs use. */
export function canonicalUid(raw: string): string {
  const result = normalizeUid(raw, 'hex');
  if (!result.ok)
    throw DomainError.invalid('uid', `${result.error} (e.g. 04A2B3C4 or 04:A2:B3:C4)`, DomainRule.CardUid);
  return result.uid;
}

/** Keyed hash of a canonical UID: lookups work, a leaked database does not reveal card numbers. */
@Injectable()
export class CardHasher {
  constructor(private readonly secret: string) {}

  hash(canonical: string): string {
    return createHmac('sha256', this.secret).update(canonical).digest('hex');
  }

  suffix(canonical: string): string {
    return canonical.slice(-4);
  }
}
