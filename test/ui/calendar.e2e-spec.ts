import { StaffRole } from '@werkbank/contracts';
import type { Page } from 'playwright-core';
import { seedLab, type Seeded } from './support/seed';
import { runAxe, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

jest.setTimeout(90_000);

/** The next weekday (Mon–Fri) at least two days ahead, as YYYY-MM-DD in local time: the seeded site is open. */
function nextWorkday(): string {
  const d = new Date();
  d.setDate(d.getDate() + 2);
  while (d.getDay() === 0 || d.getDay() === 6) d.setDate(d.getDate() + 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('admin UI: the calendar, booking a machine', () => {
  let ui: UiHarness;
  let lab: Seeded;
  const day = nextWorkday();

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const active = async () =>
    (
      await ui.app
        .as(ui.app.adminToken)
        .get('/api/bookings')
        .query({ from: new Date(`${day}T00:00`).toISOString(), to: new Date(`${day}T23:59`).toISOString() })
        .expect(200)
    ).body as { id: string; memberId: string; machineId: string }[];

  async function fillBooking(page: Page, start: string, end: string): Promise<void> {
    const dayLabel = new Intl.DateTimeFormat('de-DE', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(new Date(`${day}T12:00`));
    await page.getByRole('button', { name: `Buchen am ${dayLabel}` }).click();
    await page.getByLabel('Maschine', { exact: true }).selectOption({ label: 'Prusa MK4 #1' });
    await page.getByLabel('Mitglied suchen').fill('Jonas');
    await page.getByRole('button', { name: /Jonas Becker wählen/ }).click();
    await page.getByLabel(/^Beginn/).fill(start);
    await page.getByLabel(/^Ende/).fill(end);
    await page.getByRole('button', { name: 'Speichern' }).click();
  }

  it('books the printer from the week view on a 768 px tablet, refuses overlap and closed hours, cancels', async () => {
    const page = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(page);
    await page.goto(`${ui.url}/calendar?site=${lab.siteId}&view=week&date=${day}`);
    await page.getByRole('heading', { level: 1, name: 'Kalender' }).waitFor();

    await fillBooking(page, '11:00', '12:00');
    const entry = page.getByRole('button', { name: /Buchung .*Prusa MK4 #1: Jonas Becker/ });
    await entry.waitFor();
    const booked = await active();
    expect(booked).toEqual([
      expect.objectContaining({ memberId: lab.members[1].id, machineId: lab.printerId }),
    ]);

    await fillBooking(page, '11:30', '12:30');
    await page
      .getByText(/Die Maschine ist schon gebucht/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Abbrechen' }).first().click();
    await fillBooking(page, '20:00', '21:00');
    await page
      .getByText(/geschlossen/)
      .first()
      .waitFor();
    expect(await active()).toHaveLength(1);
    await page.getByRole('button', { name: 'Abbrechen' }).first().click();

    expect(seriousOrWorse(await runAxe(page))).toEqual([]);

    await entry.click();
    await page.getByRole('dialog', { name: 'Buchung stornieren?' }).waitFor();
    await page.getByRole('button', { name: 'Buchung stornieren' }).click();
    await entry.waitFor({ state: 'detached' });
    expect(await active()).toEqual([]);
  });

  it('shows a month, moves with next/previous, and a trainer may look but not book', async () => {
    await ui.app.createStaff(StaffRole.Trainer, 'trudi');
    const page = await ui.newPage({ lang: 'en' });
    await ui.login(page, 'trudi', 'trudi-password-1');
    await page.goto(`${ui.url}/calendar?site=${lab.siteId}&view=month&date=${day}`);
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    expect(await page.getByRole('button', { name: 'Book a machine' }).count()).toBe(0);
    const before = page.url();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL((u) => u.href !== before);
    expect(new URL(page.url()).searchParams.get('view')).toBe('month');
    await page.getByRole('button', { name: 'Previous' }).click();
    expect(new URL(page.url()).searchParams.get('date')).toBe(`${day.slice(0, 7)}-01`);
  });
});
