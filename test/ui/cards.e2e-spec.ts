import type { Page } from 'playwright-core';
import { seedLab, type Seeded } from './support/seed';
import { startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: cards', () => {
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

  it('adds a card by UID, refuses a card that is taken, blocks it in one click and shows it in the audit log', async () => {
    const aylin = lab.members.find((m) => m.firstName === 'Aylin')!;
    await page.goto(`${ui.url}/members/${aylin.id}`);
    await page.getByRole('heading', { level: 1, name: 'Aylin Yılmaz' }).waitFor();
    await page.getByText('Noch keine Karte.').waitFor();

    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Karte hinzufügen' }) });
    await form.getByLabel('Karten-UID').fill('04:7a:3c:9e:11');
    await form.getByLabel('Kartentyp').selectOption('mifare_classic');
    await form.getByLabel('Bezeichnung (optional)').fill('Schlüsselanhänger');
    await form.getByRole('button', { name: 'Karte hinzufügen' }).click();
    const cards = page.getByRole('region', { name: 'Tabelle: Karten' });
    await cards.getByText('…9E11', { exact: true }).waitFor();
    expect(await cards.textContent()).toContain('Schlüsselanhänger');
    expect(await cards.textContent()).toContain('MIFARE Classic');

    // Erika's card: the error names the problem and the way out.
    await form.getByLabel('Karten-UID').fill('04A1B2C3D4');
    await form.getByRole('button', { name: 'Karte hinzufügen' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Diese Karte ist bereits vergeben.');
    expect(await alert.textContent()).toContain(
      'Sperren oder entfernen Sie die Karte beim bisherigen Mitglied',
    );

    // One click, effective at the next tap (the server applies it to the access snapshot at once).
    await cards.getByRole('button', { name: 'Sperren – Karte …9E11' }).click();
    await cards.getByText(/Gesperrt seit \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/).waitFor();
    await cards.getByRole('button', { name: 'Entsperren – Karte …9E11' }).waitFor();
    const api = await ui.app.as(ui.app.adminToken).get(`/api/members/${aylin.id}/cards`).expect(200);
    expect(api.body[0]).toMatchObject({ uidSuffix: '9E11', blocked: true });

    await cards.getByRole('link', { name: 'Protokoll – Karte …9E11' }).click();
    await page.getByRole('heading', { level: 1, name: 'Änderungsprotokoll' }).waitFor();
    expect(await page.getByLabel('Bereich').inputValue()).toBe('card');
    const log = page.getByRole('region', { name: 'Tabelle: Änderungsprotokoll' });
    await log.getByText('Gesperrt').waitFor();
    const rows = await log.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/admin.*Gesperrt.*Karte/);
    expect(rows[1]).toMatch(/admin.*Angelegt.*Karte/);
    await log
      .locator('tbody tr')
      .first()
      .getByText(/\d+ Felder?/)
      .click();
    expect(await log.locator('tbody tr').first().textContent()).toContain('blocked: false → true');
  });

  it('suspending a member is audited as a block', async () => {
    const jonas = lab.members.find((m) => m.firstName === 'Jonas')!;
    await page.goto(`${ui.url}/members/${jonas.id}`);
    await page.getByRole('button', { name: 'Mitglied sperren' }).click();
    await page.getByRole('button', { name: 'Sperre aufheben' }).waitFor();
    const audit = page.getByRole('region', { name: 'Tabelle: Änderungsprotokoll' });
    await audit.getByText('Gesperrt').waitFor();
  });
});
