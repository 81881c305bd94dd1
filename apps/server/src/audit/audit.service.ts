import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditAction } from '@werkbank/contracts';
import { AuditLogEntity, AuditLogRepository } from '@werkbank/persistence';
import { StaffPrincipal } from '../common/auth.decorators';
import { Clock, CLOCK } from '../common/clock';

/** Fields never written to the audit log. */
const REDACTED = new Set(['passwordHash', 'uidHash', 'mqttPasswordHash']);

export function auditSnapshot(entity: object | null | undefined): Record<string, unknown> | null {
  if (!entity) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (REDACTED.has(key) || typeof value === 'function') continue;
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value))
      continue;
    out[key] = Array.isArray(value)
      ? value.map((v) => (v && typeof v === 'object' && 'id' in v ? v.id : v))
      : value;
  }
  return out;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly log: AuditLogRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Write inside the caller's transaction (pass its manager) so the change and its audit row commit together. */
  async record(
    actor: StaffPrincipal | null,
    action: AuditAction,
    entityType: string,
    entityId: string | null,
    before: object | null,
    after: object | null,
    em?: EntityManager,
  ): Promise<void> {
    await this.log.append(
      auditEntry(actor, action, entityType, this.clock.now(), { entityId, before, after }),
      em,
    );
  }

  /** One entry per changed entity of a bulk change (an import), in the caller's transaction. */
  async recordMany(
    actor: StaffPrincipal | null,
    action: AuditAction,
    entityType: string,
    changes: readonly AuditedChange[],
    em: EntityManager,
  ): Promise<void> {
    const at = this.clock.now();
    await this.log.appendMany(
      changes.map((change) => auditEntry(actor, action, entityType, at, change)),
      em,
    );
  }
}

interface AuditedChange {
  entityId: string | null;
  before: object | null;
  after: object | null;
}

function auditEntry(
  actor: StaffPrincipal | null,
  action: AuditAction,
  entityType: string,
  at: Date,
  change: AuditedChange,
): Omit<AuditLogEntity, 'id' | 'assignId'> {
  return {
    at,
    actorId: actor?.id ?? null,
    actorName: actor?.username ?? 'system',
    action,
    entityType,
    entityId: change.entityId,
    before: auditSnapshot(change.before),
    after: auditSnapshot(change.after),
    correlationId: null,
  };
}
