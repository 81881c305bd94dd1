import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { markReportDays, VisitEntity } from '@werkbank/persistence';
import { ReportRollup } from '../../apps/server/src/reports/report-rollup';
import { Factory } from './factories';
import type { TestApp } from './test-app';

export const BERLIN = 'Europe/Berlin';

export interface ReportData {
  siteId: string;
  quietId: string;
  /** The window's first and last local dates (the last is today). */
  from: string;
  today: string;
  memberKeys: string[];
  /** `period=custom&from=…&to=…` of the window. */
  custom: string;
}

/**
 * A small dataset computed by hand, over the last seven days at one site (and a quiet second site): six
 * members check in on the first day, one of them again two days later (returning); an anonymous visitor; a
 * headcount of 20; an open workshop of 2 h with a headcount of 12. So M1 = 28, M2 = 6, M3 = 6, M4 = 1 (hidden),
 * M6 = 1, M7 = 12, M8 = 24. Check-ins at the desk are "now" only: earlier ones are written as the entrance
 * journal writes them (row and mark in one go).
 */
export async function seedReportData(t: TestApp): Promise<ReportData> {
  const make = new Factory(t.as(t.adminToken));
  const admin = t.as(t.adminToken);
  const today = localDateOf(Date.now(), BERLIN);
  const from = addDaysToDate(today, -6);
  const at = (day: string, hour: number) => new Date(startOfLocalDay(day, BERLIN) + hour * 3_600_000);
  const siteId = (await make.site({ timezone: BERLIN })).id;
  const quietId = (await make.site({ timezone: BERLIN, name: 'Quiet corner' })).id;
  const db = t.app.get(DataSource);
  const visitAt = async (memberKey: string, when: Date) => {
    await db
      .getRepository(VisitEntity)
      .insert({ id: randomUUID(), siteId, memberKey, at: when, source: 'entrance_tap' });
    await markReportDays(db.manager, [{ siteId, utcDay: when.toISOString().slice(0, 10) }]);
  };
  const memberKeys: string[] = [];
  for (let i = 0; i < 6; i++) {
    const member = await make.member({ ageBand: i < 3 ? '18_29' : '30_54' });
    memberKeys.push(member.memberKey);
    await visitAt(member.memberKey, at(from, 10));
    if (i === 0) await visitAt(member.memberKey, at(addDaysToDate(from, 2), 11));
  }
  await admin.post('/api/visits', { siteId, anonymous: true }).expect(201);
  await admin.post('/api/visits/headcount', { siteId, count: 20, day: from }).expect(201);
  const ev = await admin
    .post('/api/events', {
      title: 'Repair café',
      format: 'open_workshop',
      siteId,
      startsAt: at(addDaysToDate(from, 1), 15).toISOString(),
      endsAt: at(addDaysToDate(from, 1), 17).toISOString(),
      capacity: 40,
      targetGroups: ['adults'],
    })
    .expect(201);
  await admin.patch(`/api/events/${ev.body.id}/attendance`, { headcount: 12 }).expect(200);
  await t.app.get(ReportRollup).catchUp();
  return { siteId, quietId, from, today, memberKeys, custom: `period=custom&from=${from}&to=${today}` };
}
