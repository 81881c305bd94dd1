import type { Page } from 'playwright-core';
import { seedLab } from './support/seed';
import { browserToday, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: members', () => {
  let ui: UiHarness;
  let page: Page;

  beforeAll(async () => {
    ui = await startUi();
    await seedLab(ui.app);
    page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('creates a member with optional demographics and shows the detail page', async () => {
    await page.goto(`${ui.url}/members`);
    await page.getByRole('link', { name: 'Neues Mitglied' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neues Mitglied' }).waitFor();
    // Required fields are checked before anything is sent, with the field named.
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    await page.getByText('Bitte ausfüllen.').first().waitFor();

    await page.getByLabel('Vorname').fill('Greta');
    await page.getByLabel('Nachname').fill('Gärtner');
    await page.getByLabel('E-Mail').fill('Greta.Gaertner@example.org');
    await page.getByLabel('Altersgruppe').selectOption('18_29');
    await page.getByLabel('Tätigkeit').selectOption('student');
    await page.getByLabel('Wohnort (Gemeindeschlüssel)').fill('09162000');
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();

    await page.getByRole('heading', { level: 1, name: 'Greta Gärtner' }).waitFor();
    const details = page.locator('dl.details');
    expect(await details.textContent()).toContain('greta.gaertner@example.org');
    expect(await details.textContent()).toContain('18–29');
    expect(await details.textContent()).toContain('Studierende*r');
    expect(await details.textContent()).toContain('09162000');
  });

  it('refuses an e-mail that another member has, and says what to do', async () => {
    await page.goto(`${ui.url}/members/new`);
    await page.getByLabel('Vorname').fill('Erika');
    await page.getByLabel('Nachname').fill('Doppelt');
    await page.getByLabel('E-Mail').fill('erika@example.org');
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).toContain('Es gibt schon einen Eintrag mit diesen Angaben.');
    expect(text).toContain('E-Mail');
    await page.getByText('Ist schon vergeben. Bitte einen anderen Wert wählen.').first().waitFor();
    expect(await page.getByText('already used by another member').count()).toBe(0);
  });

  it('creates a day-pass guest and a minor with guardian consent (dates typed as DD.MM.YYYY)', async () => {
    await page.goto(`${ui.url}/members/new`);
    await page.getByLabel('Vorname').fill('Gina');
    await page.getByLabel('Nachname').fill('Gast');
    await page.getByRole('button', { name: 'Tagespass für heute' }).click();
    expect(await page.getByLabel('Status').inputValue()).toBe('guest');
    expect(await page.getByLabel('Gast gültig bis').inputValue()).toBe(browserToday());
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gina Gast' }).waitFor();
    expect(await page.locator('.page-header .badge').textContent()).toBe('Gast');

    await page.goto(`${ui.url}/members/new`);
    await page.getByLabel('Vorname').fill('Max');
    await page.getByLabel('Nachname').fill('Klein');
    await page.getByLabel('Minderjährig').check();
    await page.getByLabel('Geburtsdatum').fill('31.02.2012');
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    await page.getByText('Datum als TT.MM.JJJJ eingeben').waitFor();
    await page.getByLabel('Geburtsdatum').fill('29.02.2012');
    await page.getByLabel('Name der sorgeberechtigten Person').fill('Anna Klein');
    await page.getByLabel('Einwilligung erteilt am').fill('01.09.2026');
    await page.getByRole('button', { name: 'Mitglied anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Max Klein' }).waitFor();
    const details = await page.locator('dl.details').textContent();
    expect(details).toContain('29.02.2012');
    expect(details).toContain('Erteilt von Anna Klein am 01.09.2026');
    expect(details).toContain('unter 18');
  });

  it('finds members as you type and keeps the search in the address', async () => {
    await page.goto(`${ui.url}/members`);
    const search = page.getByLabel('Suche (Name oder E-Mail)');
    await search.pressSequentially('gär', { delay: 30 });
    // The search updates the address through the History API (no navigation event): poll it.
    await page.waitForFunction("new URLSearchParams(location.search).get('q') === 'gär'", undefined, {
      polling: 100,
    });
    await page.getByText('1 Mitglied', { exact: true }).waitFor();
    const rows = page.locator('table.data tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Gärtner, Greta');

    await search.fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('guest');
    await page.waitForFunction("location.search.includes('status=guest')", undefined, { polling: 100 });
    await page.getByText('2 Mitglieder', { exact: true }).waitFor();
    // Sorting by a column is a button in the header, with aria-sort on the column.
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForFunction("location.search.includes('order=desc')", undefined, { polling: 100 });
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
  });

  it('edits a member and suspends them in one click', async () => {
    await page.goto(`${ui.url}/members?q=Greta`);
    await page.getByRole('link', { name: 'Gärtner, Greta' }).click();
    await page.getByRole('link', { name: 'Bearbeiten' }).click();
    await page.getByLabel('Telefon').fill('+49 89 123456');
    await page.getByLabel('E-Mail').fill('');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Greta Gärtner' }).waitFor();
    const details = await page.locator('dl.details').textContent();
    expect(details).toContain('+49 89 123456');
    expect(details).not.toContain('greta.gaertner@example.org');

    await page.getByRole('button', { name: 'Mitglied sperren' }).click();
    await page.getByRole('button', { name: 'Sperre aufheben' }).waitFor();
    await page.getByText('Dieses Mitglied ist gesperrt').waitFor();
    expect(await page.locator('.page-header .badge').textContent()).toBe('Gesperrt');
  });

  it('imports a CSV: dry run reports bad lines, a clean file is applied', async () => {
    await page.goto(`${ui.url}/members/import`);
    const bad =
      'Vorname;Nachname;E-Mail;Status\nLea;Lange;lea@example.org;active\nOhne;;x@example.org;active\nPaul;Pohl;erika@example.org;active\n';
    await page
      .getByLabel('CSV-Datei')
      .setInputFiles({ name: 'mitglieder.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.getByRole('heading', { name: 'Prüfbericht' }).waitFor();
    await page.getByText(/\d+ Probleme gefunden/).waitFor();
    const problems = await page.locator('table.data tbody').textContent();
    // Where and what, in German: the server's rule (and bound) worded by the UI.
    expect(problems).toContain('Zeile 3: Nachname');
    expect(problems).toContain('Bitte mindestens 1 Zeichen eingeben.');
    expect(problems).toContain('Zeile 4: E-Mail');
    expect(problems).toContain('Ist schon vergeben. Bitte einen anderen Wert wählen.');
    expect(await page.getByRole('button', { name: 'Jetzt importieren' }).isDisabled()).toBe(true);

    const good = 'Vorname;Nachname;E-Mail\nLea;Lange;lea@example.org\nOle;Ohm;ole@example.org\n';
    await page
      .getByLabel('CSV-Datei')
      .setInputFiles({ name: 'mitglieder.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Datei prüfen' }).click();
    await page.getByText('Alle Zeilen sind in Ordnung').waitFor();
    await page.getByRole('button', { name: 'Jetzt importieren' }).click();
    await page.getByRole('heading', { name: 'Ergebnis' }).waitFor();
    await page.getByText('2 Mitglieder importiert.').first().waitFor();
    const list = await ui.app.as(ui.app.adminToken).get('/api/members?q=Lange').expect(200);
    expect(list.body.total).toBe(1);
  });
});
