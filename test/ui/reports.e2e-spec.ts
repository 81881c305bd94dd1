import type { Page } from 'playwright-core';
import { StaffRole } from '@werkbank/contracts';
import { ReportRollup } from '../../apps/server/src/reports/report-rollup';
import { today } from '../support/factories';
import { craftedReport, METRIC_INFOS } from './support/report-fixture';
import { seedLab, type Seeded } from './support/seed';
import { runAxe, screenshot, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(90_000);

/** A lab day before today (YYYY-MM-DD) and as a German date field takes it. */
function daysAgo(n: number): { iso: string; de: string } {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  const iso = d.toISOString().slice(0, 10);
  return { iso, de: `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` };
}

/**
 * The report builder against a real server: visits seeded through the API and rolled up into the daily
 * cells, a period chosen in the form, a figure and a hidden small cell, the language switch, the role gate.
 */
describe('admin UI: reports', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;
  const from = daysAgo(2);
  const to = daysAgo(0);

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    const admin = ui.app.as(ui.app.adminToken);
    // Three days: 20 counted heads, then 2 (a small cell), then 25 heads, Erika (30–54) and two under-18s.
    await admin.post('/api/visits/headcount', { siteId: lab.siteId, count: 20, day: from.iso }).expect(201);
    await admin
      .post('/api/visits/headcount', { siteId: lab.siteId, count: 2, day: daysAgo(1).iso })
      .expect(201);
    await admin.post('/api/visits/headcount', { siteId: lab.siteId, count: 25 }).expect(201);
    await admin.post('/api/visits', { siteId: lab.siteId, memberId: lab.members[0].id }).expect(201);
    for (let i = 0; i < 2; i++)
      await admin
        .post('/api/visits', { siteId: lab.siteId, anonymous: true, ageBand: 'under_18' })
        .expect(201);
    await ui.app.app.get(ReportRollup).catchUp();
    await ui.app.createStaff(StaffRole.Staff, 'rita.report');
    page = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(page, 'rita.report', 'rita.report-password-1');
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('staff build a report for a date range: the total, "<5" for a small cell, the note; linkable URL', async () => {
    await page.getByRole('button', { name: 'Menü' }).click();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Berichte' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Berichte' }).waitFor();

    const form = page.getByRole('form', { name: 'Bericht zusammenstellen' });
    await form.getByRole('group', { name: 'Zeitraum' }).getByLabel('Zeitraum (von–bis)').check();
    await form.getByLabel('Von', { exact: true }).fill(from.de);
    await form.getByLabel('Bis', { exact: true }).fill(to.de);
    await form.getByRole('button', { name: 'Keine Kennzahl wählen' }).click();
    await form.getByLabel('M1 Besuche', { exact: true }).check();
    await form.getByRole('button', { name: 'Bericht anzeigen' }).click();

    const card = page.getByRole('article', { name: 'M1 Besuche' });
    await card.waitFor();
    expect(page.url()).toContain(`period=custom&from=${from.iso}&to=${to.iso}`);
    expect(page.url()).toContain('metrics=M1');
    // 20 + 2 + 25 + 3 entries; the definition is printed beside the figures.
    expect(await card.getByTestId('M1-visits-total').textContent()).toBe('50');
    await card.getByText(/Check-ins \(Eingangsleser/).waitFor();
    // Two under-18s: below the threshold, shown as "<5", never as 2.
    const byAge = card.getByRole('table', { name: 'Besuche nach Altersgruppe' });
    const under18 = byAge.getByRole('row', { name: /unter 18/ });
    expect(await under18.getByRole('cell').first().textContent()).toBe('<5');
    // The day with 2 heads is hidden in the series too: a gap in the chart, explained in its text.
    const chart = card.getByRole('img');
    expect(await chart.getAttribute('aria-label')).toMatch(/verborgen.*\(<5\)/);
    await card.getByText(/Verlauf als Tabelle/).click();
    const series = card.getByRole('table', { name: 'Verlauf Besuche' });
    expect(await series.getByRole('row', { name: /<5/ }).count()).toBe(1);
    expect(await series.textContent()).not.toMatch(/\b2\b(?!\d)/);
    expect(await page.getByTestId('suppression-note').textContent()).toContain('„<5“');
    // The mobile lab had nothing in the period.
    await page.getByText('Mobiles Labor: keine Daten im Zeitraum').waitFor();

    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await screenshot(page, 'reports.tablet');

    // The link opens the same report.
    const linked = await ui.newPage({ lang: 'de' });
    await ui.login(linked, 'rita.report', 'rita.report-password-1');
    await linked.goto(page.url());
    expect(
      await linked.getByRole('article', { name: 'M1 Besuche' }).getByTestId('M1-visits-total').textContent(),
    ).toBe('50');
  });

  it('switches to English: metric names, definitions and categories in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    const card = page.getByRole('article', { name: 'M1 Visits' });
    await card.waitFor();
    await card.getByText(/Check-ins \(entrance reader/).waitFor();
    await page
      .getByRole('form', { name: 'Build a report' })
      .getByLabel('M1 Visits', { exact: true })
      .waitFor();
    const under18 = card
      .getByRole('table', { name: 'Visits by age group' })
      .getByRole('row', { name: /under 18/ });
    expect(await under18.getByRole('cell').first().textContent()).toBe('<5');
    await page.getByRole('button', { name: 'Deutsch' }).click();
  });

  it('refuses a bad period in the form before asking the server', async () => {
    const form = page.getByRole('form', { name: 'Bericht zusammenstellen' });
    await form.getByLabel('Von', { exact: true }).fill(to.de);
    await form.getByLabel('Bis', { exact: true }).fill(from.de);
    await form.getByRole('button', { name: 'Bericht anzeigen' }).click();
    await form.getByRole('alert').getByText('Das Ende des Zeitraums liegt vor dem Beginn').waitFor();
    expect(page.url()).toContain(`from=${from.iso}&to=${to.iso}`);
    // A link with a day that does not exist: the server's 400 names the field as the form does.
    await page.goto(`${ui.url}/reports?period=custom&from=2026-02-30&to=2026-03-10`);
    const alert = page.getByRole('alert').filter({ hasText: 'Der Bericht konnte nicht erstellt werden' });
    await alert.locator('strong', { hasText: /^Von$/ }).waitFor();
    expect(await page.getByRole('article').count()).toBe(0);
  });

  it('works by keyboard: Enter on "Bericht anzeigen" shows the report and keeps the focus on the button', async () => {
    await page.goto(`${ui.url}/reports?period=custom&from=${from.iso}&to=${to.iso}&metrics=M1`);
    await page.getByRole('article', { name: 'M1 Besuche' }).waitFor();
    const form = page.getByRole('form', { name: 'Bericht zusammenstellen' });
    await form.getByRole('radio', { name: 'Monat' }).focus();
    await page.keyboard.press('Space');
    await form.getByRole('button', { name: 'Bericht anzeigen' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/period=month/);
    await page.getByRole('article', { name: 'M1 Besuche' }).waitFor();
    await page.waitForFunction('!document.querySelector("[role=progressbar]")');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Bericht anzeigen');
    // A new link (the menu entry) starts the form over: no period chosen, no result.
    await page.getByRole('button', { name: 'Menü' }).click();
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Berichte' })
      .click();
    await page.waitForURL((u) => u.search === '');
    // The form resets once the page has read the new address: wait for it rather than racing it.
    await form.getByRole('radio', { name: 'Quartal', checked: true }).waitFor();
    await page.getByRole('article').first().waitFor({ state: 'detached' });
    expect(await form.getByRole('radio', { name: 'Monat' }).isChecked()).toBe(false);
    expect(await page.getByRole('article').count()).toBe(0);
  });

  it('trainers see no Berichte entry, the page explains the refusal, the server refuses too', async () => {
    const trainer = await ui.app.createStaff(StaffRole.Trainer, 'tina.trainer');
    const tp = await ui.newPage({ lang: 'de' });
    await ui.login(tp, 'tina.trainer', 'tina.trainer-password-1');
    const nav = tp.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Kalender' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Berichte' }).count()).toBe(0);
    await tp.goto(`${ui.url}/reports?period=custom&from=${from.iso}&to=${to.iso}`);
    await tp.locator('main h1').waitFor();
    expect(await tp.getByRole('article').count()).toBe(0);
    await ui.app
      .as(trainer.token)
      .get(`/api/reports?period=custom&from=${from.iso}&to=${to.iso}`)
      .expect(403);
  });
  it('admins import the urban/rural classification (a bad line is named), staff only see what it covers', async () => {
    const admin = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(admin);
    await admin.goto(`${ui.url}/reports`);
    await admin.getByText('Stadt/Land-Zuordnung (M14)').click();
    await admin.getByText('Noch keine Zuordnung eingespielt.').waitFor();
    const file = admin.getByLabel('Zuordnungsdatei (CSV)');
    await file.setInputFiles({
      name: 'kreistypen.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Kreiskennziffer;Kreistyp\n05315;1\n05762;x\n'),
    });
    await admin.getByRole('button', { name: 'Zuordnung einspielen' }).click();
    await admin.getByText('Die Zuordnung wurde nicht eingespielt').waitFor();
    await admin.getByText(/line 3/).waitFor();
    await file.setInputFiles({
      name: 'kreistypen.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Kreiskennziffer;Kreistyp\n05315;1\n05762;4\n'),
    });
    await admin.getByRole('button', { name: 'Zuordnung einspielen' }).click();
    await admin
      .getByTestId('urban-rural-summary')
      .getByText(/2 Kreise und 0 Gemeinden zugeordnet/)
      .waitFor();
    expect(seriousOrWorse(await runAxe(admin))).toEqual([]);
    await admin.close();

    // Staff (the page's user) see the coverage, not the import.
    await page.goto(`${ui.url}/reports`);
    await page.getByText('Stadt/Land-Zuordnung (M14)').click();
    await page
      .getByTestId('urban-rural-summary')
      .getByText(/2 Kreise/)
      .waitFor();
    expect(await page.getByLabel('Zuordnungsdatei (CSV)').count()).toBe(0);
    await ui.app.as(ui.app.adminToken).delete('/api/reports/urban-rural').expect(204);
  });
});

/**
 * Cases the seeded lab cannot produce on its own, with the API answers replaced in the browser (page.route):
 * secondary "•", hidden categories and buckets among shown ones, an unavailable metric, and the exports'
 * progress and failures.
 */
describe('admin UI: reports, crafted answers', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;
  const path = '/reports?period=month&year=2026&month=4&metrics=M11,M16';

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
    const report = craftedReport(lab.siteId, lab.mobileSiteId);
    await page.route('**/api/reports/metrics', (r) => r.fulfill({ json: METRIC_INFOS }));
    await page.route(/\/api\/reports\?/, (r) => r.fulfill({ json: report }));
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('shows hidden figures only as "<5" or "•", no bar and no value for them; the unavailable text', async () => {
    await page.goto(`${ui.url}${path}`);
    const card = page.getByRole('article', { name: 'M11 Maschinennutzungen' });
    await card.waitFor();
    expect(await card.getByTestId('M11-sessions-total').textContent()).toBe('40');
    await card.getByText('▼ −12').waitFor();
    const types = card.getByRole('table', { name: 'Sitzungen nach Maschinentyp' });
    expect(
      await types
        .getByRole('row', { name: /3D-Drucker/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('<5');
    expect(
      await types
        .getByRole('row', { name: /Plotter/ })
        .getByRole('cell')
        .first()
        .textContent(),
    ).toBe('•');
    // Bars only for the shown category.
    expect(await types.locator('.report-bar').count()).toBe(1);
    const label = (await card.getByRole('img').getAttribute('aria-label')) ?? '';
    expect(label).toContain('KW 15/2026 (<5)');
    expect(label).toContain('KW 16/2026 (•)');
    // The figures behind the hidden cells never reach the page (they are not in the answer either).
    expect(await page.locator('main').textContent()).not.toMatch(/\b(3|7) Sitzungen/);
    await page
      .getByRole('article', { name: 'M16 Partner' })
      .getByText('Partner werden noch nicht erfasst.')
      .waitFor();
    await page.getByText('Mobiles Labor: keine Daten im Zeitraum').waitFor();
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await screenshot(page, 'reports');
  });

  it('downloads an export with its progress, in the UI language and for the same query', async () => {
    let asked = '';
    const body = Buffer.alloc(300_000, 'x');
    await page.route('**/api/reports/export?*', (r) => {
      asked = r.request().url();
      return r.fulfill({
        body,
        headers: { 'content-type': 'text/csv', 'content-length': String(body.length) },
      });
    });
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV herunterladen' }).click();
    expect((await download).suggestedFilename()).toBe('werkbank-bericht-2026-04-01-2026-04-30.csv');
    await page.getByText('CSV heruntergeladen.').waitFor({ state: 'attached' });
    const url = new URL(asked);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      lang: 'de',
      period: 'month',
      year: '2026',
      month: '4',
      metrics: 'M11,M16',
    });
  });

  it('says what to do when an export fails or the server has no export yet', async () => {
    await page.unroute('**/api/reports/export?*');
    await page.route('**/api/reports/export?*', (r) =>
      r.fulfill({
        status: 500,
        json: { statusCode: 500, code: 'INTERNAL', message: 'boom', correlationId: 'abc-123' },
      }),
    );
    await page.getByRole('link', { name: 'PDF herunterladen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'PDF-Export fehlgeschlagen' });
    await alert.waitFor();
    await alert.getByText('abc-123').waitFor();
    await page.unroute('**/api/reports/export?*');
    await page.route('**/api/reports/export?*', (r) =>
      r.fulfill({
        status: 404,
        json: { statusCode: 404, message: 'Cannot GET /api/reports/export', error: 'Not Found' },
      }),
    );
    await page.getByRole('link', { name: 'XLSX herunterladen' }).click();
    await page
      .getByRole('alert')
      .getByText(/bietet den Export noch nicht an/)
      .waitFor();
  });
});
