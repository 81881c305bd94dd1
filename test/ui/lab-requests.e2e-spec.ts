import request from 'supertest';
import { localDateOf } from '@werkbank/access-core';
import { runAxe, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup needs more than the global 30 s on a busy machine.
jest.setTimeout(90_000);

const day = (offset: number) => localDateOf(Date.now() + offset * 86_400_000, 'Europe/Berlin');

/**
 * The mobile lab bookable by other towns, in a browser: a school fills in the public form (no login), staff
 * accept the request in the inbox, the deployment appears, and the status link shows it; an overlapping
 * request is refused with the conflict named.
 */
describe('UI: mobile-lab requests', () => {
  let ui: UiHarness;
  let vanId: string;

  beforeAll(async () => {
    ui = await startUi({ env: { LAB_REQUEST_MIN_FILL_SECONDS: '1' } });
    const van = await ui.app
      .as(ui.app.adminToken)
      .post('/api/sites', { name: 'Labormobil', kind: 'mobile', openingHours: [] })
      .expect(201);
    vanId = van.body.id;
  });
  afterAll(() => ui?.close());

  async function fillForm(page: Awaited<ReturnType<UiHarness['newPage']>>, institution: string) {
    await page.getByLabel('Einrichtung', { exact: false }).first().fill(institution);
    await page.getByLabel('Art der Einrichtung').selectOption('school');
    await page.getByLabel('Ansprechperson').fill('Petra Lehrer');
    await page.getByLabel('E-Mail').fill(`${institution.replace(/\W/g, '').toLowerCase()}@schule.example`);
    await page.getByLabel('Von').fill(day(20));
    await page.getByLabel('Bis').fill(day(21));
    await page.getByLabel('Ort (Adresse)').fill('Schulstraße 3, 12345 Musterdorf');
    await page.getByLabel('Gemeindeschlüssel (AGS)').fill('09162000');
    await page.getByLabel('Erwartete Teilnehmende').fill('24');
    await page.getByLabel('3D-Druck').check();
    await page.getByLabel('Ich bin mit der Verarbeitung', { exact: false }).check();
  }

  it('a school requests the van, staff accept, the deployment appears and the status link shows it', async () => {
    const pub = await ui.newPage({ lang: 'de' });
    await pub.goto(`${ui.url}/request`);
    await pub.getByRole('heading', { level: 1, name: 'Mobiles Labor anfragen' }).waitFor();
    // Sent empty: the error summary is focused and links to each field.
    await pub.getByRole('button', { name: 'Anfrage senden' }).click();
    const summary = pub.locator('.error-summary');
    await summary.waitFor();
    expect(await pub.evaluate('document.activeElement.classList.contains("error-summary")')).toBe(true);
    await summary.getByRole('link', { name: /Gemeindeschlüssel/ }).click();
    expect(await pub.evaluate('document.activeElement.id')).toBe('f-municipalityKey');
    expect(await pub.getByLabel('Gemeindeschlüssel (AGS)').getAttribute('aria-invalid')).toBe('true');
    expect(seriousOrWorse(await runAxe(pub))).toEqual([]);

    await fillForm(pub, 'Grundschule Am Bach');
    await pub.waitForTimeout(1100); // the minimum fill time
    await pub.getByRole('button', { name: 'Anfrage senden' }).click();
    await pub.getByRole('heading', { name: 'Danke, Ihre Anfrage ist eingegangen' }).waitFor();
    const statusLink = pub.locator('a.mono');
    const statusPath = new URL((await statusLink.textContent()) ?? '').pathname;
    expect(statusPath).toMatch(/^\/request\/status\/[\w-]{43}$/);

    const staff = await ui.newPage({ lang: 'de' });
    await ui.login(staff);
    await staff.getByRole('link', { name: 'Anfragen' }).click();
    await staff.getByRole('link', { name: 'Grundschule Am Bach' }).click();
    await staff.getByRole('button', { name: 'Annehmen' }).click();
    const form = staff.getByRole('form', { name: 'Annehmen: wird ein Einsatz' });
    expect(await form.getByLabel('Von').inputValue()).toBe(day(20));
    await form.getByRole('button', { name: 'Annehmen' }).click();
    await staff.getByText(`Angenommen: Einsatz vom ${day(20)} bis ${day(21)} angelegt.`).waitFor();
    expect(await staff.getByTestId('request-state').textContent()).toBe('Angenommen');

    const deployments = await ui.app.as(ui.app.adminToken).get(`/api/sites/${vanId}/deployments`).expect(200);
    expect(deployments.body).toEqual([
      expect.objectContaining({
        startsOn: day(20),
        endsOn: day(21),
        bookingInstitution: 'Grundschule Am Bach',
      }),
    ]);
    // The deployment shows on the van's page too.
    await staff.goto(`${ui.url}/sites/${vanId}`);
    await staff.getByText('Schulstraße 3, 12345 Musterdorf').first().waitFor();

    await pub.goto(`${ui.url}${statusPath}`);
    await pub.getByTestId('request-state').getByText('Angenommen').waitFor();
    expect(seriousOrWorse(await runAxe(pub))).toEqual([]);
  });

  it('shows the conflict clearly when the dates are taken', async () => {
    const token = (await request(ui.url).get('/api/public/mobile-labs').expect(200)).body.formToken;
    await new Promise((r) => setTimeout(r, 1100));
    await request(ui.url)
      .post('/api/public/lab-requests')
      .set('x-forwarded-for', '203.0.113.200')
      .send({
        formToken: token,
        siteId: vanId,
        institution: 'Stadtbibliothek Nord',
        institutionType: 'library',
        contactName: 'Jan Buch',
        email: 'jan@bibliothek.example',
        wishedDates: [{ startsOn: day(21), endsOn: day(22) }],
        place: 'Bücherweg 1',
        municipalityKey: '09162000',
        participants: 10,
        topics: [],
        consent: true,
      })
      .expect(201);
    const staff = await ui.newPage({ lang: 'en' });
    await ui.login(staff);
    await staff.goto(`${ui.url}/requests?state=new`);
    await staff.getByRole('link', { name: 'Stadtbibliothek Nord' }).click();
    await staff.getByRole('button', { name: 'Accept' }).click();
    await staff
      .getByRole('form', { name: 'Accept: becomes a deployment' })
      .getByRole('button', { name: 'Accept' })
      .click();
    const alert = staff.getByRole('alert').filter({ hasText: 'already booked' });
    await alert.first().waitFor();
    expect(await alert.first().textContent()).toContain(`${day(20)} to ${day(21)}`);
    expect(await staff.getByTestId('request-state').textContent()).toBe('Received');
    expect(seriousOrWorse(await runAxe(staff))).toEqual([]);
  });
});
