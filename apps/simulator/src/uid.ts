import { normalizeUid } from '@werkbank/device-protocol';
import { SimulatorError } from './sim-types';

/** Accepts `008ec793`, `04:A1:B2:C3:D4:E5:F6`, `74-10-37-94`; returns the canonical uppercase hex UID. */
export function canonicalTapUid(raw: unknown): string {
  const result = normalizeUid(raw, 'hex');
  if (!result.ok) throw new SimulatorError(`card UID ${JSON.stringify(raw)}: ${result.error}`);
  return result.uid;
}

export function uidBytes(uid: string): number {
  return uid.length / 2;
}
