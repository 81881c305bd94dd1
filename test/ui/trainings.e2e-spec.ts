import type { Page } from 'playwright-core';
import { Factory } from '../support/factories';
import { seedLab, type Seeded } from './support/seed';
import { browserToday, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: trainings', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('records a group training for three participants at once', async () => {
    await page.goto(`${ui.url}/trainings`);
    await page.getByRole('heading', { level: 1, name: 'Einweisungen' }).waitFor();
    await page.getByLabel('Qualifikation').selectOption({ label: '3D-Druck' });
    // The content version defaults to the qualification's current one.
    await page.getByText('Leer lassen für den aktuellen Stand v2.').waitFor();
    await page.getByLabel('Datum').fill('');
    await page.getByLabel('Datum').fill(browserToday());

    const search = page.getByLabel('Teilnehmende suchen');
    for (const [term, name] of [
      ['Muster', 'Erika Mustermann'],
      ['Yıl', 'Aylin Yılmaz'],
      ['Schulz', 'Mia Schulz'],
    ]) {
      await search.fill(term);
      await page.getByRole('button', { name: `${name} hinzufügen` }).click();
    }
    const chosen = page.getByRole('list', { name: 'Ausgewählte Teilnehmende' });
    expect(await chosen.getByRole('listitem').count()).toBe(3);
    // Remove one and add her again: the × buttons are named.
    await chosen.getByRole('button', { name: 'Mia Schulz entfernen' }).click();
    await search.fill('Schulz');
    await page.getByRole('button', { name: 'Mia Schulz hinzufügen' }).click();
    await page.getByLabel('Bemerkung (optional)').fill('Abendkurs');
    // The lab has a fixed and a mobile site: where it was held is asked (report M9).
    await page.getByLabel('Ort der Einweisung').selectOption({ label: 'Stadtlabor Mitte' });

    await page.getByRole('button', { name: 'Einweisung für 3 Personen erfassen' }).click();
    const done = page
      .locator('.alert-success[role="status"]')
      .filter({ hasText: 'Einweisung für 3 Personen erfasst.' });
    await done.waitFor();
    expect(await done.getByRole('link', { name: 'Nachweis drucken' }).count()).toBe(3);

    const mia = lab.members.find((m) => m.firstName === 'Mia')!;
    const standing = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/members/${mia.id}/qualifications`)
      .expect(200);
    // Minor: 3D-Druck has no shorter validity for minors; the record carries the current content version.
    expect(standing.body).toEqual([
      expect.objectContaining({ qualificationName: '3D-Druck', contentVersion: 'v2', status: 'valid' }),
    ]);
    const records = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/trainings?qualificationId=${lab.printingQualId}`)
      .expect(200);
    const groupIds = new Set(
      records.body.items
        .filter((r: { comment: string }) => r.comment === 'Abendkurs')
        .map((r: { groupId: string }) => r.groupId),
    );
    expect(groupIds.size).toBe(1);
    const evening = records.body.items.filter((r: { comment: string }) => r.comment === 'Abendkurs');
    expect(evening.map((r: { siteId: string }) => r.siteId)).toEqual([lab.siteId, lab.siteId, lab.siteId]);
  });

  it('offers every site for where the training was held, a new one too', async () => {
    const second = await new Factory(ui.app.as(ui.app.adminToken)).site({ name: 'Zweigstelle Nord' });
    await page.goto(`${ui.url}/trainings`);
    await page.getByLabel('Qualifikation').selectOption({ label: '3D-Druck' });
    await page.getByLabel('Ort der Einweisung').selectOption({ label: 'Zweigstelle Nord' });
    await page.getByLabel('Teilnehmende suchen').fill('Muster');
    await page.getByRole('button', { name: 'Erika Mustermann hinzufügen' }).click();
    await page.getByLabel('Bemerkung (optional)').fill('Nord');
    await page.getByRole('button', { name: 'Einweisung für 1 Person erfassen' }).click();
    await page
      .locator('.alert-success[role="status"]')
      .filter({ hasText: 'Einweisung für 1 Person erfasst.' })
      .waitFor();
    const records = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/trainings?qualificationId=${lab.printingQualId}`)
      .expect(200);
    const nord = records.body.items.filter((r: { comment: string }) => r.comment === 'Nord');
    expect(nord.map((r: { siteId: string }) => r.siteId)).toEqual([second.id]);
  });

  it('explains a missing prerequisite instead of recording anything', async () => {
    await page.goto(`${ui.url}/trainings`);
    await page.getByLabel('Qualifikation').selectOption({ label: 'Lasercutter' });
    await page.getByLabel('Teilnehmende suchen').fill('Yıl');
    await page.getByRole('button', { name: 'Aylin Yılmaz hinzufügen' }).click();
    await page.getByRole('button', { name: 'Einweisung für 1 Person erfassen' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Eine nötige Vor-Einweisung fehlt.');
    expect(await alert.textContent()).toContain('Erfassen Sie zuerst die vorausgesetzte Einweisung');
  });

  it('lists qualifications expiring in the next weeks', async () => {
    await page.goto(`${ui.url}/trainings`);
    const table = page.getByRole('region', { name: 'Tabelle: Bald ablaufende Einweisungen' });
    await table.getByRole('link', { name: 'Becker, Jonas' }).waitFor();
    expect(await table.textContent()).toContain('3D-Druck');
    await page.getByLabel('Zeitraum').selectOption('14');
    await page.getByText('In diesem Zeitraum läuft keine Einweisung ab.').waitFor();
  });

  it('prints a proof of instruction per member and qualification (print stylesheet hides the app)', async () => {
    const erika = lab.members.find((m) => m.firstName === 'Erika')!;
    await page.goto(`${ui.url}/members/${erika.id}`);
    await page.getByRole('link', { name: 'Nachweis drucken – Lasercutter' }).click();
    await page.getByRole('heading', { level: 2, name: 'Nachweis über die Sicherheitseinweisung' }).waitFor();
    const proof = await page.locator('article.proof').textContent();
    expect(proof).toContain('Erika Mustermann');
    expect(proof).toContain('Lasercutter');
    expect(proof).toContain('Stand der Unterweisungsinhaltev3');
    expect(proof).toContain('Einweisende PersonAdministrator');
    expect(proof).toMatch(/bis einschließlich \d{2}\.\d{2}\.\d{4}/);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Drucken / als PDF speichern' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
  });

  it('lets an admin define a qualification with prerequisites', async () => {
    await page.goto(`${ui.url}/qualifications`);
    await page.getByRole('button', { name: 'Neue Qualifikation' }).click();
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Neue Qualifikation' }) });
    await form.getByLabel('Bezeichnung').fill('Lasercutter Gravur');
    await form.getByLabel('Maschinentyp').selectOption({ label: 'Lasercutter' });
    await form.getByLabel('Gültigkeit in Monaten').fill('24');
    await form.getByLabel('Werkstatt-Sicherheit').check();
    await form.getByRole('button', { name: 'Speichern' }).click();
    const table = page.getByRole('region', { name: 'Tabelle: Lasercutter' });
    await table.getByRole('cell', { name: 'Lasercutter Gravur', exact: true }).waitFor();
    expect(await table.locator('tr', { hasText: 'Lasercutter Gravur' }).textContent()).toContain('24 Monate');
  });
});
