import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MemberStatus, QualificationLevel, SiteKind, StaffRole, TrainingAction } from '@werkbank/contracts';
import { buildDataSourceOptions } from '../database-options';
import {
  MachineTypeEntity,
  QualificationEntity,
  SiteEntity,
  StaffAccountEntity,
  TrainingRecordEntity,
} from '../entities';
import { MembersRepository } from './members.repository';
import { PreparedReads } from './prepared-reads';
import { QualificationsRepository } from './qualifications.repository';
import { SitesRepository } from './sites.repository';
import { TrainingRecordsRepository } from './training-records.repository';

/** The queries moved out of the services, against the real schema (migrations) on a SQLite file. */
describe('catalogue repositories on a migrated SQLite file', () => {
  let dir: string;
  let ds: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-repos-'));
    ds = await new DataSource(
      buildDataSourceOptions({ type: 'sqlite', location: join(dir, 'db.sqlite') }),
    ).initialize();
    await ds.runMigrations();
  });

  afterEach(async () => {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Through create(), so the entity's id hook runs. */
  function insert<T extends object>(entity: new () => T, fields: Partial<T>): Promise<T> {
    const repo = ds.getRepository(entity);
    return repo.save(repo.create(fields as T));
  }

  const site = (name: string, kind = SiteKind.Fixed) =>
    insert(SiteEntity, { name, kind, timezone: 'Europe/Berlin', address: null });

  it('sites: opening hours are replaced, not added to; deployments come newest first', async () => {
    const sites = new SitesRepository(ds);
    const lab = await site('Mobil', SiteKind.Mobile);
    await ds.transaction((em) =>
      sites.replaceOpeningHours(lab.id, [{ weekday: 1, opens: '10:00', closes: '18:00' }], em),
    );
    await ds.transaction((em) =>
      sites.replaceOpeningHours(
        lab.id,
        [
          { weekday: 2, opens: '09:00', closes: '12:00' },
          { weekday: 3, opens: '14:00', closes: '20:00' },
        ],
        em,
      ),
    );
    const found = await sites.findByIdWithHours(lab.id);
    expect(found?.openingHours.map((h) => h.weekday).sort()).toEqual([2, 3]);
    expect(await sites.exists(lab.id)).toBe(true);
    expect(await sites.exists('00000000-0000-4000-8000-000000000000')).toBe(false);
    for (const [startsOn, place] of [
      ['2026-05-01', 'Mai'],
      ['2026-07-01', 'Juli'],
      ['2026-06-01', 'Juni'],
    ])
      await ds.transaction((em) =>
        sites.insertDeployment({ siteId: lab.id, startsOn, endsOn: startsOn, place }, em),
      );
    expect((await sites.findDeployments(lab.id)).map((d) => d.place)).toEqual(['Juli', 'Juni', 'Mai']);
  });

  it('trainings: expiring grants are the latest record each, within (after, until], soonest first', async () => {
    const type = await insert(MachineTypeEntity, { name: 'Laser', description: null });
    const qualifications = new QualificationsRepository(ds);
    const safety = await qualifications.save(
      qualifications.create({ name: 'Sicherheit', machineTypeId: type.id, validityMonths: 12 }),
    );
    const laser = await qualifications.save(
      qualifications.create({
        name: 'Laser',
        machineTypeId: type.id,
        validityMonths: 12,
        prerequisites: [safety],
      }),
    );
    expect(
      (await qualifications.findAllWithPrerequisites()).map((q) => [
        q.name,
        q.prerequisites.map((p) => p.name),
      ]),
    ).toEqual([
      ['Laser', ['Sicherheit']],
      ['Sicherheit', []],
    ]);
    const trainer = await insert(StaffAccountEntity, {
      username: 'trainer',
      displayName: 'T',
      passwordHash: 'x',
      role: StaffRole.Trainer,
      active: true,
      memberId: null,
    });
    const members = new MembersRepository(ds, new PreparedReads(ds));
    const [ada, bob, cem] = await Promise.all(
      ['Ada', 'Bob', 'Cem'].map((firstName, i) =>
        members.save(
          members.create({
            firstName,
            lastName: 'X',
            memberKey: `k${i}`,
            email: `${i}@x.org`,
            status: MemberStatus.Active,
          }),
        ),
      ),
    );
    expect((await members.findByIds([ada.id, cem.id])).map((m) => m.firstName).sort()).toEqual([
      'Ada',
      'Cem',
    ]);
    expect(await members.findUsedEmails(['0@x.org', 'new@x.org'])).toEqual(['0@x.org']);
    const records = new TrainingRecordsRepository(ds);
    let at = Date.parse('2026-01-01T00:00:00Z');
    const record = (
      memberId: string,
      q: QualificationEntity,
      action: TrainingAction,
      expiresOn: string | null,
    ) =>
      ds.transaction((em) =>
        records.insert(
          [
            records.create(
              {
                memberId,
                qualificationId: q.id,
                action,
                level: QualificationLevel.Independent,
                trainerId: trainer.id,
                trainedOn: '2025-06-01',
                expiresOn,
                recordedById: trainer.id,
                recordedAt: new Date((at += 1000)),
              },
              em,
            ),
          ],
          em,
        ),
      );
    await record(ada.id, laser, TrainingAction.Grant, '2026-02-20');
    await record(bob.id, laser, TrainingAction.Grant, '2026-02-10');
    await record(bob.id, safety, TrainingAction.Grant, '2026-04-01'); // after the window
    await record(cem.id, laser, TrainingAction.Grant, '2026-02-05');
    await record(cem.id, laser, TrainingAction.Revoke, null); // revoked since: nothing runs out
    await record(ada.id, safety, TrainingAction.Grant, '2026-02-01'); // on the first day: already expired
    const expiring = await records.findExpiringBetween('2026-02-01', '2026-03-01');
    expect(expiring).toEqual([
      expect.objectContaining({ firstName: 'Bob', qualificationName: 'Laser', expiresOn: '2026-02-10' }),
      expect.objectContaining({ firstName: 'Ada', qualificationName: 'Laser', expiresOn: '2026-02-20' }),
    ]);
    expect(await ds.getRepository(TrainingRecordEntity).count()).toBe(6);
  });
});
