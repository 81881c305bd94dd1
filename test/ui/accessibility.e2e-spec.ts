import type { Page } from 'playwright-core';
import { today } from '../support/factories';
import { seedEvent } from './support/events-seed';
import { seedLab, seedLabRequest, type Seeded } from './support/seed';
import {
  describeViolations,
  runAxe,
  screenshot,
  seriousOrWorse,
  startUi,
  type AxeViolation,
  type Lang,
  type UiHarness,
} from './support/ui-harness';

/** Every main page, with the data the seed puts behind it. */
function mainPages(
  lab: Seeded & { labRequestId: string },
  eventId: string,
): { name: string; path: string }[] {
  const erika = lab.members[0];
  // The report of this quarter (the seed's trainings; no visits, so mostly zeros and the no-data notes).
  const [year, month] = today().split('-').map(Number);
  const quarter = Math.floor((month - 1) / 3) + 1;
  return [
    { name: 'live', path: '/live' },
    { name: 'members', path: '/members' },
    { name: 'member-new', path: '/members/new' },
    { name: 'member-import', path: '/members/import' },
    { name: 'member-detail', path: `/members/${erika.id}` },
    { name: 'member-edit', path: `/members/${erika.id}/edit` },
    { name: 'proof', path: `/members/${erika.id}/proof/${lab.laserQualId}` },
    { name: 'enrollment', path: '/enrollment' },
    { name: 'trainings', path: '/trainings' },
    { name: 'qualifications', path: '/qualifications' },
    { name: 'machines', path: '/machines' },
    { name: 'devices', path: '/devices' },
    { name: 'sites', path: '/sites' },
    { name: 'site-detail', path: `/sites/${lab.siteId}` },
    { name: 'site-mobile', path: `/sites/${lab.mobileSiteId}` },
    { name: 'usage', path: '/usage' },
    { name: 'audit', path: '/audit' },
    { name: 'staff', path: '/staff' },
    { name: 'account', path: '/account' },
    { name: 'visits', path: '/visits' },
    { name: 'volunteer-hours', path: '/volunteer-hours' },
    { name: 'events', path: '/events' },
    { name: 'event-attendance', path: `/events/${eventId}/attendance` },
    { name: 'calendar', path: `/calendar?site=${lab.siteId}` },
    { name: 'calendar-month', path: `/calendar?site=${lab.siteId}&view=month` },
    { name: 'requests', path: '/requests' },
    { name: 'request-detail', path: `/requests/${lab.labRequestId}` },
    { name: 'reports', path: '/reports' },
    { name: 'report', path: `/reports?period=quarter&year=${year}&quarter=${quarter}` },
  ];
}

async function settle(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction('!document.querySelector(".spinner-wrap")');
}

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: accessibility (axe-core, WCAG 2.1 AA) and screenshots', () => {
  let ui: UiHarness;
  let lab: Seeded & { labRequestId: string; statusPath: string };
  let eventId: string;
  const minor: Record<string, AxeViolation[]> = {};

  beforeAll(async () => {
    ui = await startUi({ env: { LAB_REQUEST_MIN_FILL_SECONDS: '0' } });
    const seeded = await seedLab(ui.app);
    lab = { ...seeded, ...(await seedLabRequest(ui.app, seeded.mobileSiteId)) };
    eventId = await seedEvent(ui.app, lab);
  });
  afterAll(async () => {
    const lines = Object.entries(minor).flatMap(([page, v]) =>
      v.map((x) => `${page}: ${x.impact} ${x.id} (${x.nodes.length})`),
    );
    if (lines.length > 0) console.log(`axe: moderate/minor findings\n${lines.join('\n')}`);
    await ui?.close();
  });

  it.each<Lang>(['de', 'en'])(
    'has no serious or critical violations on any main page (%s)',
    async (lang) => {
      const page = await ui.newPage({ lang });
      await ui.login(page);
      await page.goto(`${ui.url}/login`);
      await page.waitForURL('**/live');
      const failures: string[] = [];
      for (const { name, path } of mainPages(lab, eventId)) {
        await page.goto(`${ui.url}${path}`);
        await settle(page);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        const violations = await runAxe(page);
        const bad = seriousOrWorse(violations);
        if (bad.length > 0) failures.push(`${lang} ${name}:\n${describeViolations(bad)}`);
        const rest = violations.filter((v) => !bad.includes(v));
        if (rest.length > 0) minor[`${lang} ${name}`] = rest;
        if (lang === 'de') await screenshot(page, name);
        else if (['live', 'members', 'member-detail', 'trainings'].includes(name))
          await screenshot(page, `${name}.en`);
      }
      // The login page, logged out.
      const fresh = await ui.newPage({ lang });
      await fresh.goto(`${ui.url}/login`);
      await settle(fresh);
      const login = seriousOrWorse(await runAxe(fresh));
      if (login.length > 0) failures.push(`${lang} login:\n${describeViolations(login)}`);
      if (lang === 'de') await screenshot(fresh, 'login');
      // The public mobile-lab pages (no login): the request form and a status page.
      for (const [name, path] of [
        ['request-form', '/request'],
        ['request-status', lab.statusPath],
      ]) {
        await fresh.goto(`${ui.url}${path}`);
        await settle(fresh);
        const found = seriousOrWorse(await runAxe(fresh));
        if (found.length > 0) failures.push(`${lang} ${name}:\n${describeViolations(found)}`);
        if (lang === 'de') await screenshot(fresh, name);
      }
      expect(failures).toEqual([]);
    },
    240_000,
  );

  it('is usable at tablet width (768 px): the menu button opens the navigation', async () => {
    const page = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(page);
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    expect(await nav.isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: 'Menü' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Mitglieder' }).click();
    await settle(page);
    expect(await nav.isVisible()).toBe(false);
    // Nothing wider than the screen except inside the scrollable table regions.
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(seriousOrWorse(await runAxe(page))).toEqual([]);
    await screenshot(page, 'members.tablet');
    await page.goto(`${ui.url}/members/${lab.members[0].id}`);
    await settle(page);
    await screenshot(page, 'member-detail.tablet');
    await page.goto(`${ui.url}/live`);
    await settle(page);
    await screenshot(page, 'live.tablet');
  }, 60_000);

  it('works with the keyboard alone: skip link, visible focus, focus moves to the new page heading', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
    await page.goto(`${ui.url}/members`);
    await settle(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Zum Inhalt springen' });
    expect(await page.evaluate('document.activeElement.classList.contains("skip-link")')).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    // Visible focus: a 3 px outline, not the browser default that some resets remove.
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineWidth')).toBe('3px');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    // Tab on into the page: the first control in main is the import link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('CSV-Import');

    // Navigate by keyboard: focus lands on the new page's h1, so screen readers announce it.
    await page.getByRole('link', { name: 'Einweisungen' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Einweisungen' }).waitFor();
    await page.waitForFunction('document.activeElement && document.activeElement.tagName === "H1"');

    // Forms are operable by keyboard: choose a participant with Tab/Enter only.
    await page.getByLabel('Teilnehmende suchen').focus();
    await page.keyboard.type('Muster');
    await page.getByRole('button', { name: 'Erika Mustermann hinzufügen' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page
      .getByRole('list', { name: 'Ausgewählte Teilnehmende' })
      .getByText('Erika Mustermann')
      .waitFor();
  }, 60_000);
});
