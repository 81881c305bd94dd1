import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { decide } from '@werkbank/access-core';
import { CardEntity, MemberEntity } from '@werkbank/persistence';
import { SnapshotLoader } from '../apps/server/src/access/snapshot-loader';
import { CardHasher } from '../apps/server/src/cards/card-hasher';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** More members than one read of the boot loader takes (1 000), so the last page is a partial one. */
const MEMBERS = 2_345;

describe('access snapshot at boot: members read in pages', () => {
  let t: TestApp;
  let ids: string[];
  const uid = (i: number) => `00${(0x10000000 + i).toString(16).toUpperCase()}`;

  beforeAll(async () => {
    t = await startTestApp();
    const dataSource = t.app.get(DataSource);
    const hasher = t.app.get(CardHasher);
    // Ids in random order, so the pages cut across the insertion order.
    ids = Array.from({ length: MEMBERS }, () => randomUUID());
    const members = ids.map((id, i) => ({
      id,
      memberKey: randomUUID().replace(/-/g, ''),
      firstName: 'Page',
      lastName: `Member-${i}`,
      status: i % 50 === 0 ? 'suspended' : 'active',
      isMinor: false,
    }));
    const cards = ids.map((memberId, i) => ({
      id: randomUUID(),
      memberId,
      uidHash: hasher.hash(uid(i)),
      uidSuffix: uid(i).slice(-4),
      technology: 'em4100',
      blocked: i % 97 === 0,
    }));
    for (let i = 0; i < MEMBERS; i += 500) {
      await dataSource.getRepository(MemberEntity).insert(members.slice(i, i + 500) as MemberEntity[]);
      await dataSource.getRepository(CardEntity).insert(cards.slice(i, i + 500) as CardEntity[]);
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads every member with its cards and trainings, across all pages', async () => {
    const f = new Factory(t.as(t.adminToken));
    const site = await f.site();
    const type = await f.machineType();
    const machine = await f.machine(site.id, type.id);
    const qualification = await f.qualification(type.id);
    // Trained members spread over the whole id range: the first, last and some in between by id order.
    const byId = [...ids].sort();
    const trained = [byId[0], byId[999], byId[1000], byId[1999], byId[2000], byId[MEMBERS - 1]];
    await f.training(trained, qualification.id);

    const { snapshot, names } = await t.app.get(SnapshotLoader).loadAll();

    expect(snapshot.members.size).toBe(MEMBERS);
    expect(snapshot.cards.size).toBe(MEMBERS);
    expect(names.size).toBe(MEMBERS);
    const hasher = t.app.get(CardHasher);
    for (const i of [0, 1, 500, 1234, MEMBERS - 1]) {
      const card = snapshot.cards.get(hasher.hash(uid(i)));
      expect(card?.memberId).toBe(ids[i]);
      expect(card?.member?.memberId).toBe(ids[i]);
      expect(card?.blocked).toBe(i % 97 === 0);
      expect(names.get(ids[i])?.name).toBe(`Page Member-${i}`);
    }
    for (const memberId of trained) {
      expect(snapshot.grants.get(memberId)?.get(qualification.id)?.level).toBe('independent');
    }
    // The loaded snapshot decides as the running one does: trained members are let in, others are not.
    const now = Date.now();
    const decisionFor = (i: number) =>
      decide(snapshot, { uidHash: hasher.hash(uid(i)), machineId: machine.id }, now);
    const trainedIndex = ids.indexOf(byId[MEMBERS - 1]);
    const expected = trainedIndex % 97 === 0 ? 'denied' : trainedIndex % 50 === 0 ? 'denied' : 'allowed';
    expect(decisionFor(trainedIndex).outcome).toBe(expected);
    const untrained = ids.findIndex((id, i) => !trained.includes(id) && i % 97 !== 0 && i % 50 !== 0);
    expect(decisionFor(untrained)).toMatchObject({ outcome: 'denied', reason: 'NOT_TRAINED' });
  });

  it('applies many member changes at once (an import) in pages', async () => {
    const loader = t.app.get(SnapshotLoader);
    const { snapshot, names } = await loader.loadAll();
    const members = t.app.get(DataSource).getRepository(MemberEntity);
    const changed = ids.slice(0, 1500);
    await members.update({ id: ids[3] }, { status: 'suspended' as MemberEntity['status'] });
    await members.delete({ id: ids[1400] });
    const added = {
      id: randomUUID(),
      memberKey: randomUUID().replace(/-/g, ''),
      firstName: 'New',
      status: 'active',
      lastName: 'Comer',
      isMinor: false,
    };
    await members.insert(added as MemberEntity);

    await loader.reloadMembers(snapshot, names, [...changed, added.id]);

    expect(snapshot.members.get(ids[3])?.status).toBe('suspended');
    expect(snapshot.members.has(ids[1400])).toBe(false);
    expect(names.has(ids[1400])).toBe(false);
    expect(snapshot.members.get(added.id)?.memberKey).toBe(added.memberKey);
    expect(names.get(added.id)?.name).toBe('New Comer');
    expect(snapshot.members.size).toBe(MEMBERS); // one removed, one added
  });
});
