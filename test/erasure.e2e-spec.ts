import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ReportCellsRepository } from '@werkbank/persistence';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { eventually, FakeDevice } from './support/devices';
import { Factory, today } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Every regular file below `folder`. */
function filesBelow(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesBelow(path) : entry.isFile() ? [path] : [];
  });
}

/**
 * Someone with a copy of the database (threat model): after a member's erasure they must not learn who the
 * member was, nor be able to link the member's pseudonymous activity to an identity kept elsewhere.
 */
describe('erasure leaves nothing: a copy of the database does not say who an erased member was', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TAP_DEBOUNCE_MS: '100' } });
  });
  afterAll(() => t.close());

  it('someone with a copy of the database finds no name, e-mail, phone, guardian or pseudonym in any table or file', async () => {
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType({ name: 'Plotter' });
    const machine = await make.machine(site.id, type.id, { name: 'Plotter' });
    const qualification = await make.qualification(type.id);
    const birthYear = new Date().getFullYear() - 15;
    const member = await make.member({
      firstName: 'Zenobia',
      lastName: 'Quxworthington',
      email: 'zenobia.quxworthington@example.org',
      phone: '+49 151 98765432',
      isMinor: true,
      birthDate: `${birthYear}-03-04`,
      guardianName: 'Hieronymus Vandelbrack',
      guardianConsentOn: today(),
      notes: 'Prefers the Xyloprint nozzle',
    });
    // Every update writes an audit entry with the identity in it.
    await admin.patch(`/api/members/${member.id}`, { phone: '+49 151 11122233' }).expect(200);
    await admin.patch(`/api/members/${member.id}`, { notes: 'Asked about Xyloprint again' }).expect(200);
    await make.card(member.id, '7E1F00AA');
    await make.training([member.id], qualification.id);
    // A bystander whose records must survive untouched.
    const other = await make.member({ firstName: 'Olga', lastName: 'Bleibtreu' });

    // Real activity: a tap in and a tap out at a reader on the real broker (an access event each, a session).
    const res = await admin
      .post('/api/devices', {
        name: 'plotter reader',
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'erasure-reader',
      })
      .expect(201);
    const reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername as string,
      res.body.mqttPassword as string,
    );
    const dataSource = t.app.get(DataSource);
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await dataSource.query(sql, params))[0].n);
    try {
      for (let i = 0; i < 2; i++) {
        await reader.publish(
          'werkbank/v1/erasure-reader/evt/card',
          JSON.stringify({
            uid: '7E1F00AA',
            tech: 'em4100',
            at: new Date().toISOString(),
            msgId: `erase-${i}`,
          }),
        );
        await eventually(
          async () =>
            (await count('SELECT count(*) AS n FROM access_events WHERE "memberKey" = ?', [
              member.memberKey,
            ])) ===
            i + 1,
        );
        await new Promise((r) => setTimeout(r, 300));
      }
      await eventually(
        async () =>
          (await count(
            'SELECT count(*) AS n FROM usage_sessions WHERE "memberKey" = ? AND "endedAt" IS NOT NULL',
            [member.memberKey],
          )) === 1,
      );
    } finally {
      await reader.close();
    }

    // The figures before the erasure (a check-in too, so visits count).
    await admin.post('/api/visits', { siteId: site.id, memberId: member.id }).expect(201);
    const rollup = t.app.get(ReportRollup);
    // The report's sums (cells plus residual cells), exact: the suppressed report would hide counts of one.
    const figures = async () => {
      await rollup.catchUp();
      const sums: Record<string, number> = {};
      for (const c of await t.app
        .get(ReportCellsRepository)
        .reportCells([site.id], '2000-01-01', '2100-01-01')) {
        const key = `${c.day} ${c.measure}/${c.breakdown}/${c.category}`;
        sums[key] = Math.round(((sums[key] ?? 0) + c.value) * 1e6) / 1e6;
      }
      return sums;
    };
    const before = await figures();
    expect(Object.keys(before).some((k) => k.includes(' sessions//'))).toBe(true);
    expect(Object.keys(before).some((k) => k.includes(' visits/age_band/'))).toBe(true);

    await admin.delete(`/api/members/${member.id}`).expect(204);

    // What goes: the raw activity, under any key. What stays: every figure it counted.
    expect(
      await count('SELECT count(*) AS n FROM access_events WHERE "deviceId" = ?', [res.body.device.id]),
    ).toBe(0);
    expect(await count('SELECT count(*) AS n FROM usage_sessions WHERE "machineId" = ?', [machine.id])).toBe(
      0,
    );
    expect(await count('SELECT count(*) AS n FROM visits WHERE "siteId" = ?', [site.id])).toBe(0);
    expect(await figures()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM report_residual_cells', [])).toBeGreaterThan(0);
    // Who erased whom and when stays accountable, without saying who it was.
    expect(
      await count(`SELECT count(*) AS n FROM audit_log WHERE "entityId" = ? AND action = 'delete'`, [
        member.id,
      ]),
    ).toBe(1);
    // The bystander keeps their identity and their audit trail.
    expect(await count('SELECT count(*) AS n FROM members WHERE id = ?', [other.id])).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM audit_log WHERE "entityId" = ? AND "after" LIKE '%Bleibtreu%'`, [
        other.id,
      ]),
    ).toBe(1);

    const traces = [
      'Zenobia',
      'Quxworthington',
      'zenobia.quxworthington@example.org',
      '98765432',
      '11122233',
      'Vandelbrack',
      'Xyloprint',
      member.memberKey,
    ];
    // 1. Every text in every column of every table.
    const tables = (await dataSource.query(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    )) as { name: string }[];
    expect(tables.map((row) => row.name)).toEqual(
      expect.arrayContaining(['members', 'audit_log', 'access_events']),
    );
    const found: string[] = [];
    for (const { name } of tables) {
      const columns = (await dataSource.query(`PRAGMA table_info("${name}")`)) as { name: string }[];
      for (const column of columns) {
        for (const trace of traces) {
          const n = await count(
            `SELECT count(*) AS n FROM "${name}" WHERE CAST("${column.name}" AS TEXT) LIKE ?`,
            [`%${trace}%`],
          );
          if (n > 0) found.push(`${name}.${column.name} holds ${trace}`);
        }
      }
    }
    expect(found).toEqual([]);

    // 2. The bytes of every file of the installation: the database, its -wal and -shm, the journal, the rest.
    const files = filesBelow(t.dataDir);
    expect(files.map((f) => f.slice(t.dataDir.length + 1))).toEqual(
      expect.arrayContaining(['werkbank.sqlite', 'werkbank.sqlite-wal']),
    );
    const inFiles: string[] = [];
    for (const file of files) {
      if (statSync(file).size === 0) continue;
      const bytes = readFileSync(file);
      for (const trace of traces)
        if (bytes.includes(Buffer.from(trace, 'utf8'))) inFiles.push(`${file}: ${trace}`);
    }
    expect(inFiles).toEqual([]);
  }, 60_000);
});
