import { randomUUID } from 'node:crypto';
import { localDateOf } from '@werkbank/access-core';
import type { AuthedClient } from './test-app';

/** Test data through the public API, so tests exercise the same paths as staff do. */
export class Factory {
  constructor(private readonly admin: AuthedClient) {}

  async site(overrides: object = {}) {
    const res = await this.admin
      .post('/api/sites', {
        name: `Lab ${randomUUID().slice(0, 8)}`,
        kind: 'fixed',
        openingHours: [],
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; name: string };
  }

  async machineType(overrides: object = {}) {
    const res = await this.admin
      .post('/api/machine-types', { name: `Type ${randomUUID().slice(0, 8)}`, ...overrides })
      .expect(201);
    return res.body as { id: string; name: string };
  }

  async machine(siteId: string, machineTypeId: string, overrides: object = {}) {
    const res = await this.admin
      .post('/api/machines', {
        name: `Machine ${randomUUID().slice(0, 8)}`,
        siteId,
        machineTypeId,
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; name: string; state: string };
  }

  async qualification(machineTypeId: string, overrides: object = {}) {
    const res = await this.admin
      .post('/api/qualifications', {
        name: `Qualification ${randomUUID().slice(0, 8)}`,
        machineTypeId,
        validityMonths: 12,
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; name: string };
  }

  async member(overrides: object = {}) {
    const res = await this.admin
      .post('/api/members', {
        firstName: 'Alex',
        lastName: `Muster-${randomUUID().slice(0, 6)}`,
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; memberKey: string; firstName: string; lastName: string };
  }

  async card(memberId: string, uid: string) {
    const res = await this.admin
      .post(`/api/members/${memberId}/cards`, { uid, technology: 'em4100' })
      .expect(201);
    return res.body as { id: string; uidSuffix: string };
  }

  async training(memberIds: string[], qualificationId: string, overrides: object = {}) {
    const res = await this.admin
      .post('/api/trainings', {
        qualificationId,
        memberIds,
        level: 'independent',
        trainedOn: today(),
        ...overrides,
      })
      .expect(201);
    return res.body as { id: string; expiresOn: string | null }[];
  }
}

/** Today in the lab's zone (the tests' TIMEZONE default), as the server dates trainings and passes. */
export function today(): string {
  return localDateOf(Date.now(), 'Europe/Berlin');
}
