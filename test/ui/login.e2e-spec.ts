import { ADMIN_PASSWORD, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

describe('admin UI: login and role-aware navigation', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('serves the UI at / and deep links, in German by default', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await page.context().clearCookies();
    await page.goto(`${ui.url}/members?q=x`);
    await page.waitForURL('**/login');
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await page.title()).toBe('Anmelden – Werkbank');
  });

  it('answers unknown API paths with the JSON error, not the UI page; caches hashed bundles, not the page', async () => {
    const api = await fetch(`${ui.url}/api/no-such-route`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    const page = await fetch(`${ui.url}/trainings/anything`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    const bundle = await fetch(`${ui.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    await bundle.arrayBuffer(); // an unread body keeps the connection busy and the server from closing
  });

  it('sets the session cookie HttpOnly and SameSite=Strict at login', async () => {
    const res = await fetch(`${ui.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    await res.text();
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^wb_session=[\w-]+;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('shows what to do after a wrong password (de), then logs in and returns to the requested page', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await page.goto(`${ui.url}/members?q=Muster`);
    await page.getByLabel('Benutzername').fill('admin');
    await page.getByLabel('Passwort').fill('wrong-password');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Benutzername oder Passwort ist falsch.');
    expect(await alert.textContent()).toContain('versuchen Sie es erneut');

    await page.getByLabel('Passwort').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForFunction(
      "location.pathname === '/members' && location.search === '?q=Muster'",
      undefined,
      { polling: 100 },
    );
    await page.getByRole('heading', { level: 1, name: 'Mitglieder' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    for (const link of [
      'Live-Ansicht',
      'Mitglieder',
      'Karte anlernen',
      'Einweisungen',
      'Maschinen',
      'Standorte',
      'Nutzung',
      'Änderungsprotokoll',
      'Mitarbeitende',
    ]) {
      await nav.getByRole('link', { name: link }).waitFor();
    }

    // Logging out ends the server session too: a reload lands on the login form.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL('**/login');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  });

  it('works in English once switched, and remembers the choice', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await page.goto(`${ui.url}/login`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Live board' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Live board' }).waitFor();
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Live-Ansicht' }).waitFor();
  });

  it('lets an admin create a trainer account, who sees only what the role allows', async () => {
    const admin = await ui.newPage({ lang: 'en' });
    await ui.login(admin);
    await admin
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Staff' })
      .click();
    await admin.getByRole('button', { name: 'New account' }).click();
    await admin.getByLabel('Username').fill('trainer.tina');
    await admin.getByLabel('Display name').fill('Tina Trainer');
    await admin.getByLabel('Password').fill('trainer.tina-password-1');
    await admin.getByLabel('Role', { exact: true }).selectOption('trainer');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByRole('cell', { name: 'Tina Trainer', exact: true }).waitFor();

    const page = await ui.newPage({ lang: 'en' });
    await ui.login(page, 'trainer.tina', 'trainer.tina-password-1');
    await page.getByText('Tina Trainer (Trainer)').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Trainings' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual([
      'Live board',
      'Members',
      'Trainings',
      'Qualifications',
      'Machines',
      'Sites',
      'Volunteer hours',
      'Events',
      'Calendar',
    ]);
    // A direct link to an admin page explains instead of showing a broken form.
    await page.goto(`${ui.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Your role is not allowed to do this.' }).waitFor();
  });

  it('lets a trainer change their own password, and an admin set one for someone who forgot theirs', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await ui.login(page, 'trainer.tina', 'trainer.tina-password-1');
    await page.getByRole('link', { name: 'Mein Konto' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
    const form = page.getByRole('form', { name: 'Passwort ändern' });
    await form.getByLabel('Aktuelles Passwort').fill('not-my-password');
    await form.getByLabel(/^Neues Passwort \(/).fill('tina-second-password');
    await form.getByLabel('Neues Passwort wiederholen').fill('tina-second-passw0rd');
    await form.getByText('Die beiden Eingaben stimmen nicht überein.').waitFor();
    expect(await form.getByRole('button', { name: 'Passwort ändern' }).isDisabled()).toBe(true);
    await form.getByLabel('Neues Passwort wiederholen').fill('tina-second-password');
    await form.getByRole('button', { name: 'Passwort ändern' }).click();
    // The server's rule, worded in German beside the field it concerns.
    await form
      .locator('.field-error', { hasText: 'Das ist nicht Ihr aktuelles Passwort. Bitte erneut eingeben.' })
      .waitFor();
    expect(await form.getByLabel('Aktuelles Passwort').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Aktuelles Passwort').fill('trainer.tina-password-1');
    await form.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByRole('status').filter({ hasText: 'Passwort geändert.' }).waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await ui.login(page, 'trainer.tina', 'tina-second-password');

    // She forgets it; an admin sets a new one, which ends her session.
    const admin = await ui.newPage({ lang: 'en' });
    await ui.login(admin);
    await admin.goto(`${ui.url}/staff`);
    await admin.getByRole('button', { name: 'Set password – Tina Trainer' }).click();
    const dialog = admin.getByRole('dialog', { name: 'New password for Tina Trainer' });
    await dialog.getByLabel('Password').fill('set-by-the-admin-1');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await admin.getByText('New password set for Tina Trainer.').waitFor();
    await page.reload();
    await page.locator('input[name="username"]').waitFor();
    await ui.login(page, 'trainer.tina', 'set-by-the-admin-1');
  });
});
