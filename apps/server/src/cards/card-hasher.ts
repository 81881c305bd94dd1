import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';

export const CARD_HASH_SECRET = Symbol('CARD_HASH_SECRET');

/** Canonical UID: uppercase hex without separators (as Tasmota and the codecs deliver it). */
export function canonicalUid(raw: string): string {
  const uid = raw.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(uid)) throw DomainError.invalid('uid', 'must be hexadecimal, e.g. 04A2B3C4 or 04:A2:B3:C4');
  if (![8, 10, 14, 20].includes(uid.length)) {
    throw DomainError.invalid('uid', 'must be 4, 5, 7 or 10 bytes long (8, 10, 14 or 20 hex digits)');
  }
  return uid;
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
