import type { Page } from 'playwright-core';
import { seedLab, type Seeded } from './support/seed';
import { startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: machines and sites', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    page = await ui.newPage({ lang: 'en' });
    await ui.login(page);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('takes a machine out of service with a reason (the reason is required)', async () => {
    await page.goto(`${ui.url}/machines`);
    await page.getByRole('button', { name: 'Change – Laser Epilog Fusion' }).click();
    const form = page.getByRole('form', { name: 'Change Laser Epilog Fusion' });
    await form.getByLabel('State').selectOption('out_of_service');
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await form.getByLabel('Reason').fill('Lens cleaning');
    await form.getByLabel('Minimum age').fill('18');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.locator('tr', { hasText: 'Laser Epilog Fusion' });
    await row.getByText('Out of service').waitFor();
    expect(await row.textContent()).toContain('Lens cleaning');
    expect(await row.textContent()).toContain('from age 18');
    const machine = await ui.app.as(ui.app.adminToken).get(`/api/machines/${lab.laserId}`).expect(200);
    expect(machine.body).toMatchObject({
      state: 'out_of_service',
      stateReason: 'Lens cleaning',
      minimumAge: 18,
    });
  });

  it('edits opening hours in 24-hour format and refuses a closing time before the opening', async () => {
    await page.goto(`${ui.url}/sites/${lab.siteId}`);
    const hours = page.getByRole('region', { name: 'Opening hours' });
    expect(await hours.textContent()).toContain('Saturday10:00–14:00');
    await hours.getByRole('button', { name: 'Edit opening hours' }).click();
    await hours.getByRole('button', { name: 'Add line' }).click();
    const last = hours.locator('fieldset.hours-row').last();
    await last.getByLabel('Weekday').selectOption('7');
    await last.getByLabel('Opens').fill('14:00');
    await last.getByLabel('Closes').fill('12:00');
    await last.getByText('Closing must be after opening.').waitFor();
    expect(await hours.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await last.getByLabel('Closes').fill('17:30');
    await hours.getByRole('button', { name: 'Save' }).click();
    await hours.getByRole('button', { name: 'Edit opening hours' }).waitFor();
    expect(await hours.textContent()).toContain('Sunday14:00–17:30');
    const site = await ui.app.as(ui.app.adminToken).get(`/api/sites/${lab.siteId}`).expect(200);
    expect(site.body.openingHours).toEqual(
      expect.arrayContaining([expect.objectContaining({ weekday: 7, opens: '14:00', closes: '17:30' })]),
    );
  });

  it('plans a mobile lab deployment (dates typed as DD/MM/YYYY in English)', async () => {
    await page.goto(`${ui.url}/sites/${lab.mobileSiteId}`);
    const section = page.getByRole('region', { name: 'Mobile lab deployments' });
    await section.getByText('No deployments yet.').waitFor();
    await section.getByLabel('From').fill('02/03/2027');
    await section.getByLabel('Until').fill('06/03/2027');
    await section.getByLabel('Place').fill('Gymnasium Nord, Aula');
    await section.getByLabel('Municipality key').fill('09162000');
    await section.getByLabel('Booking institution').fill('Gymnasium Nord');
    await section.getByRole('button', { name: 'Add deployment' }).click();
    const table = section.getByRole('region', { name: 'Table: Mobile lab deployments' });
    await table.getByText('Gymnasium Nord, Aula').waitFor();
    expect(await table.textContent()).toContain('02/03/2027 – 06/03/2027');
    const api = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/sites/${lab.mobileSiteId}/deployments`)
      .expect(200);
    expect(api.body[0]).toMatchObject({
      startsOn: '2027-03-02',
      endsOn: '2027-03-06',
      place: 'Gymnasium Nord, Aula',
    });
  });
});
