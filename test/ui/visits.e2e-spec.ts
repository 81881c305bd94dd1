import type { Page } from 'playwright-core';
import { seedLab, type Seeded } from './support/seed';
import { runAxe, screenshot, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

/** The front desk on a tablet (768 px): check in an anonymous visitor and a member, the count rises. */
describe('admin UI: visits at the front desk, incidents at the machine', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    page = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(page);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const count = (testId: string) => page.getByTestId(testId).textContent();

  it('checks in an anonymous visitor and a member at 768 px; the count rises', async () => {
    await page.goto(`${ui.url}/visits`);
    await page.getByRole('heading', { level: 1, name: 'Besuch erfassen' }).waitFor();
    await page.getByLabel('Standort').selectOption(lab.siteId);
    await page.waitForFunction('document.querySelector("[data-testid=visit-entries]")?.textContent === "0"');

    const anonymous = page.getByRole('form', { name: 'Anonyme Person' });
    await anonymous.getByLabel('Altersgruppe').selectOption('18_29');
    await anonymous.getByRole('button', { name: 'Anonym einchecken' }).click();
    await anonymous.getByText('Anonyme Person eingecheckt.').waitFor();
    await page.waitForFunction('document.querySelector("[data-testid=visit-entries]")?.textContent === "1"');

    const member = page.getByRole('region', { name: 'Mitglied einchecken' });
    await member.getByLabel('Mitglied suchen').fill('Mustermann');
    await member.getByRole('button', { name: 'Einchecken: Erika Mustermann' }).click();
    await member.getByText('Erika Mustermann eingecheckt.').waitFor();
    await page.waitForFunction('document.querySelector("[data-testid=visit-entries]")?.textContent === "2"');
    expect(await count('visit-persons')).toBe('2');

    // Nothing wider than the tablet, and axe-clean with the notices shown.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await screenshot(page, 'visits.tablet');

    // The server counted the same: two entries, one of them anonymous with its age band.
    const visits = await ui.app.as(ui.app.adminToken).get(`/api/visits?siteId=${lab.siteId}`).expect(200);
    expect(visits.body.total).toBe(2);
    expect(visits.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ memberKey: null, ageBand: '18_29' }),
        expect.objectContaining({ memberKey: lab.members[0].memberKey }),
      ]),
    );

    // A mistaken check-in is undone from the notice.
    await member.getByRole('button', { name: 'Rückgängig' }).click();
    await page.waitForFunction('document.querySelector("[data-testid=visit-entries]")?.textContent === "1"');
  });

  it('reports a defect from the machine list and puts the machine out of service', async () => {
    await page.goto(`${ui.url}/machines`);
    await page.getByRole('button', { name: 'Vorfall melden – Prusa MK4 #1' }).click();
    const form = page.getByRole('form', { name: 'Vorfall an Prusa MK4 #1 melden' });
    await form.getByLabel('Schwere').selectOption('high');
    await form.getByLabel('Was ist passiert?').fill('Heizbett wird nicht warm');
    await form.getByLabel(/außer Betrieb nehmen/).check();
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await form.getByRole('button', { name: 'Meldung speichern' }).click();
    const row = page.locator('tr', { hasText: 'Prusa MK4 #1' });
    await row.getByText('Außer Betrieb').waitFor();
    const incidents = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/incidents?machineId=${lab.printerId}`)
      .expect(200);
    expect(incidents.body.items).toEqual([
      expect.objectContaining({ severity: 'high', kind: 'defect', putOutOfService: true }),
    ]);
  });
});
