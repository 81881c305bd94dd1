import type { Page } from 'playwright-core';
import { seedEvent } from './support/events-seed';
import { seedLab, type Seeded } from './support/seed';
import { runAxe, screenshot, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(90_000);

describe('admin UI: events and attendance at the door', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let eventId: string;

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    eventId = await seedEvent(ui.app, lab);
  });
  afterAll(async () => {
    await ui?.close();
  });

  const sheet = async () =>
    (await ui.app.as(ui.app.adminToken).get(`/api/events/${eventId}/attendance`).expect(200)).body;

  it('takes attendance on a 768 px tablet: ticks, walk-ins, headcount, progress', async () => {
    const page: Page = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(page);
    await page.goto(`${ui.url}/events`);
    await page.getByRole('heading', { level: 1, name: 'Veranstaltungen' }).waitFor();
    await page.getByRole('link', { name: 'Teilnahme – Löten für Einsteiger' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Teilnahme erfassen – Löten für Einsteiger' })
      .waitFor();
    const progress = page.getByRole('status').filter({ hasText: 'anwesend' });
    await progress.getByText('0 / 15 anwesend').waitFor();

    // Big touch targets: every toggle is at least 44 px high and spans the tablet's width.
    const erika = page.getByRole('button', { name: 'Erika Mustermann anwesend' });
    const box = await erika.boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThan(600);
    expect(await erika.getAttribute('aria-pressed')).toBe('false');
    await erika.click();
    await page.waitForFunction(
      `document.querySelector('[aria-pressed="true"]')?.textContent?.includes('Erika')`,
    );
    await page.getByRole('button', { name: /Klasse 7b anwesend/ }).click();
    await progress.getByText('13 / 15 anwesend').waitFor();
    // A second tap on Erika unticks her; a third ticks her again (counts once).
    await erika.click();
    await progress.getByText('12 / 15 anwesend').waitFor();
    await erika.click();
    await progress.getByText('13 / 15 anwesend').waitFor();

    // Walk-ins: +1 +1 −1.
    const plus = page.getByRole('button', { name: 'Eine Person mehr ohne Anmeldung' });
    await plus.click();
    await progress.getByText('14 / 15 anwesend').waitFor();
    await plus.click();
    await progress.getByText('15 / 15 anwesend').waitFor();
    await page.getByRole('button', { name: 'Eine Person weniger ohne Anmeldung' }).click();
    await progress.getByText('14 / 15 anwesend').waitFor();

    await page.getByLabel('Kopfzahl (offene Formate)').fill('18');
    await page.getByRole('button', { name: 'Kopfzahl speichern' }).click();
    await page.waitForLoadState('networkidle');

    // Nothing wider than the tablet, and axe-clean with the state set.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await screenshot(page, 'event-attendance.tablet');

    const s = await sheet();
    expect(s.event).toMatchObject({ attendedCount: 14, walkIns: 1, headcount: 18, registeredCount: 15 });
    const ticked = s.registrations.filter((r: { attended: boolean }) => r.attended);
    expect(
      ticked.map((r: { memberName: string | null; label: string | null }) => r.memberName ?? r.label).sort(),
    ).toEqual(['Erika Mustermann', 'Klasse 7b']);
  });

  it('in English too', async () => {
    const page = await ui.newPage({ lang: 'en', width: 768, height: 1024 });
    await ui.login(page);
    await page.goto(`${ui.url}/events/${eventId}/attendance`);
    await page.getByRole('heading', { level: 1, name: 'Take attendance – Löten für Einsteiger' }).waitFor();
    await page.getByText('14 / 15 present').waitFor();
    await page.getByRole('button', { name: 'One more walk-in' }).waitFor();
  });

  it('creates a weekly series from the events page', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
    await page.goto(`${ui.url}/events`);
    await page.getByRole('button', { name: 'Neue Reihe' }).click();
    await page.getByLabel('Titel').fill('Offene Werkstatt');
    await page.getByLabel('Anzahl Termine').fill('3');
    await page.getByRole('checkbox', { name: 'Familien' }).check();
    await page.getByRole('checkbox', { name: 'Gymnasium Am Park' }).check();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page
      .getByRole('cell', { name: /Offene Werkstatt/ })
      .first()
      .waitFor();
    const events = (await ui.app.as(ui.app.adminToken).get('/api/events').expect(200)).body as {
      title: string;
      seriesId: string | null;
      targetGroups: string[];
      partnerIds: string[];
    }[];
    const series = events.filter((e) => e.title === 'Offene Werkstatt');
    expect(series).toHaveLength(3);
    expect(
      series.every((e) => e.seriesId && e.targetGroups.includes('families') && e.partnerIds.length === 1),
    ).toBe(true);
  });
});
