import type { Page } from 'playwright-core';
import { StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from '../support/devices';
import { seedLab, type Seeded } from './support/seed';
import { describeViolations, runAxe, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

interface ApiDevice {
  id: string;
  name: string;
  siteId: string;
  machineId: string | null;
  role: string;
  protocol: string;
  address: string;
  mqttUsername: string;
  online: boolean;
}

describe('admin UI: device registry', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;
  let mqttUrl: string;

  /** Does the real broker accept these device credentials? */
  async function authenticates(username: string, password: string): Promise<boolean> {
    try {
      const device = await FakeDevice.connect(mqttUrl, username, password);
      await device.close();
      return true;
    } catch {
      return false;
    }
  }

  const listDevices = async (token = ui.app.adminToken): Promise<ApiDevice[]> =>
    (await ui.app.as(token).get('/api/devices').expect(200)).body as ApiDevice[];

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
    mqttUrl = ui.app.app.get(MqttEndpoint).url;
    // An entrance reader of the mobile lab, registered through the API: its MQTT username is taken.
    await ui.app
      .as(ui.app.adminToken)
      .post('/api/devices', {
        name: 'Eingang Mobiles Labor',
        siteId: lab.mobileSiteId,
        role: 'entrance_reader',
        protocol: 'werkbank',
        address: 'eingang-mobil',
      })
      .expect(201);
    page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('registers a device, shows its MQTT password once, rotates it, edits and removes the device', async () => {
    await page
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Geräte' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Geräte' }).waitFor();
    const table = page.getByRole('region', { name: 'Tabelle: Geräte' });
    await table.getByRole('cell', { name: 'Eingang Mobiles Labor', exact: true }).waitFor();
    expect(await table.locator('tbody tr').first().textContent()).toContain('Eingang (ganzer Standort)');

    await page.getByRole('button', { name: 'Gerät registrieren' }).click();
    const form = page.getByRole('form', { name: 'Gerät registrieren' });
    // Checked in the form first: required fields, and focus on the first problem.
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();
    await form.getByText('Wählen Sie die Maschine, zu der das Gerät gehört.').waitFor();
    expect(await page.evaluate('document.activeElement.name')).toBe('name');
    expect(await form.getByLabel(/^Name/).getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel(/^Name/).fill('Leser Lasercutter');
    await form.getByLabel('Standort').selectOption({ label: 'Stadtlabor Mitte' });
    expect(await form.getByLabel('Geräteart').inputValue()).toBe('machine_reader');
    await form.getByLabel('Maschine').selectOption({ label: 'Laser Epilog Fusion' });
    await form.getByLabel('Protokoll').selectOption('werkbank');
    await form.getByText('Geräte-ID aus der Firmware bzw. Bridge').waitFor();
    await form.getByLabel('Adresse').fill('leser laser');
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();
    await form.getByText('Diese Adresse passt nicht zum gewählten Protokoll.').waitFor();
    await form.getByLabel('Adresse').fill('leser-laser-1');

    // The server refuses a taken MQTT username: the field says why, the alert says what to do.
    await form.getByLabel('MQTT-Benutzername').fill('eingang-mobil');
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Gerät nicht gespeichert');
    expect(await alert.textContent()).toContain('ändern Sie die markierten Angaben');
    expect(await form.getByLabel('MQTT-Benutzername').getAttribute('aria-invalid')).toBe('true');
    // The server's rule, worded in the UI's language (the API also sends its English text).
    expect(await form.locator('.field-error').allTextContents()).toEqual([
      'Ist schon vergeben. Bitte einen anderen Wert wählen.',
    ]);

    await form.getByLabel('MQTT-Benutzername').fill('laser-reader');
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();

    // The one-time panel: focused, announced, with username and password.
    const panel = page.getByRole('region', { name: 'MQTT-Zugangsdaten für „Leser Lasercutter“' });
    await panel.waitFor();
    expect(await form.count()).toBe(0);
    expect(await panel.textContent()).toContain('Das Passwort wird nur dieses eine Mal angezeigt.');
    expect(await panel.textContent()).toContain('in die Firmware des Geräts ein');
    await page.waitForFunction('document.activeElement && document.activeElement.id === "device-secret"');
    await page
      .locator('[role="status"][aria-live="polite"]')
      .getByText('Gerät „Leser Lasercutter“ registriert.', { exact: false })
      .waitFor({ state: 'attached' });
    expect(await panel.getByTestId('mqtt-username').textContent()).toBe('laser-reader');
    const firstPassword = (await panel.getByTestId('mqtt-password').textContent()) ?? '';
    expect(firstPassword.length).toBeGreaterThanOrEqual(16);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ui.url });
    await panel.getByRole('button', { name: 'MQTT-Passwort kopieren' }).click();
    await panel.getByText('MQTT-Passwort kopiert.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(firstPassword);

    // The API has the device with exactly these fields, and the broker takes its credentials.
    const created = (await listDevices()).find((d) => d.name === 'Leser Lasercutter');
    expect(created).toMatchObject({
      siteId: lab.siteId,
      machineId: lab.laserId,
      role: 'machine_reader',
      protocol: 'werkbank',
      address: 'leser-laser-1',
      mqttUsername: 'laser-reader',
      online: false,
    });
    const row = table.locator('tr', { hasText: 'Leser Lasercutter' });
    expect(await row.textContent()).toContain('Laser Epilog Fusion');
    expect(await row.textContent()).toContain('Werkbank (eigene Firmware / Bridge)');
    expect(await row.textContent()).toContain('Offline');

    // Live state: the device reports itself online and the row follows without a reload.
    const device = await FakeDevice.connect(mqttUrl, 'laser-reader', firstPassword);
    await device.publish('werkbank/v1/leser-laser-1/status', 'online');
    await row.getByText('Online', { exact: true }).waitFor();
    await device.close();

    // Rotate: confirm, then the new password replaces the old one in the panel.
    await row.getByRole('button', { name: 'Neues Passwort – Leser Lasercutter' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Neues MQTT-Passwort für „Leser Lasercutter“ erzeugen?',
    });
    expect(await dialog.textContent()).toContain('Das bisherige Passwort gilt sofort nicht mehr.');
    await dialog.getByRole('button', { name: 'Neues Passwort erzeugen' }).click();
    await page.waitForFunction(
      `(document.querySelector('[data-testid="mqtt-password"]') || {}).textContent !== ${JSON.stringify(firstPassword)}`,
    );
    await page.waitForFunction('document.activeElement && document.activeElement.id === "device-secret"');
    const secondPassword = (await panel.getByTestId('mqtt-password').textContent()) ?? '';
    expect(secondPassword).not.toBe(firstPassword);
    expect(await panel.getByTestId('mqtt-username').textContent()).toBe('laser-reader');
    await eventually(async () => !(await authenticates('laser-reader', firstPassword)));
    expect(await authenticates('laser-reader', secondPassword)).toBe(true);

    // Once dismissed, the password is gone from the page.
    await panel.getByRole('button', { name: 'Erledigt – Zugangsdaten ausblenden' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secondPassword);

    // Edit: name and machine.
    await row.getByRole('button', { name: 'Bearbeiten – Leser Lasercutter' }).click();
    const edit = page.getByRole('form', { name: 'Leser Lasercutter bearbeiten' });
    await edit.getByLabel(/^Name/).fill('Leser Prusa 1');
    await edit.getByLabel('Maschine').selectOption({ label: 'Prusa MK4 #1' });
    await edit.getByRole('button', { name: 'Speichern' }).click();
    const renamed = table.locator('tr', { hasText: 'Leser Prusa 1' });
    await renamed.waitFor();
    expect(await renamed.textContent()).toContain('Prusa MK4 #1');
    expect((await listDevices()).find((d) => d.id === created!.id)).toMatchObject({
      name: 'Leser Prusa 1',
      machineId: lab.printerId,
      address: 'leser-laser-1',
    });

    // Remove, with a confirm step: the device and its broker account are gone.
    await renamed.getByRole('button', { name: 'Entfernen – Leser Prusa 1' }).click();
    const confirm = page.getByRole('dialog', { name: 'Gerät „Leser Prusa 1“ entfernen?' });
    await confirm.getByRole('button', { name: 'Gerät entfernen' }).click();
    await renamed.waitFor({ state: 'detached' });
    expect((await listDevices()).map((d) => d.name)).toEqual(['Eingang Mobiles Labor']);
    await eventually(async () => !(await authenticates('laser-reader', secondPassword)));
  });

  it('builds the form from the device families: protocols per role, capabilities, options with defaults', async () => {
    await page.goto(`${ui.url}/devices`);
    await page.getByRole('button', { name: 'Gerät registrieren' }).click();
    const form = page.getByRole('form', { name: 'Gerät registrieren' });
    await form.getByLabel('Geräteart').selectOption('actuator');
    const offered = await form.getByLabel('Protokoll').locator('option').all();
    const protocols = await Promise.all(offered.map((o) => o.getAttribute('value')));
    expect(protocols).toEqual(['werkbank', 'tasmota_relay', 'shelly_gen1', 'shelly_gen2']);
    await form.getByLabel('Protokoll').selectOption('shelly_gen1');
    expect(await form.getByTestId('family-capabilities').textContent()).toContain('Schalten');
    await form.getByText('Beispiel: shellyplug-s-7C87CE').waitFor();
    const output = form.getByLabel('Ausgang');
    expect(await output.inputValue()).toBe('0');

    await form.getByLabel(/^Name/).fill('Säge');
    await form.getByLabel('Standort').selectOption({ label: 'Stadtlabor Mitte' });
    await form.getByLabel('Maschine').selectOption({ label: 'Laser Epilog Fusion' });
    await form.getByLabel('Adresse').fill('shellyplug-s-saege');
    await output.fill('erster');
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();
    await form.locator('.field-error').first().waitFor();
    expect(await form.locator('.field-error').allTextContents()).toEqual([
      'Dieser Wert passt nicht zu dieser Einstellung. Bitte den Hinweis unter dem Feld beachten.',
    ]);
    expect(await output.getAttribute('aria-invalid')).toBe('true');
    expect((await listDevices()).map((d) => d.address)).not.toContain('shellyplug-s-saege');
    await form.getByRole('button', { name: 'Abbrechen' }).click();
  });

  it('shows staff the list without register, edit or remove controls; trainers do not get the page', async () => {
    const staff = await ui.app.createStaff(StaffRole.Staff, 'tresen.tom');
    expect((await listDevices(staff.token)).length).toBeGreaterThan(0);
    const staffPage = await ui.newPage({ lang: 'de' });
    await ui.login(staffPage, 'tresen.tom', 'tresen.tom-password-1');
    await staffPage
      .getByRole('navigation', { name: 'Hauptnavigation' })
      .getByRole('link', { name: 'Geräte' })
      .click();
    const table = staffPage.getByRole('region', { name: 'Tabelle: Geräte' });
    await table.getByRole('cell', { name: 'Eingang Mobiles Labor', exact: true }).waitFor();
    expect(await table.textContent()).toContain('eingang-mobil');
    expect(await table.getByRole('columnheader', { name: 'Aktionen' }).count()).toBe(0);
    expect(await table.getByRole('button').count()).toBe(0);
    expect(await staffPage.getByRole('button', { name: 'Gerät registrieren' }).count()).toBe(0);
    expect(await staffPage.getByRole('heading', { name: 'Externer MQTT-Broker (Mosquitto)' }).count()).toBe(
      0,
    );

    // The site filter narrows the list.
    await staffPage.getByLabel('Standort').selectOption({ label: 'Stadtlabor Mitte' });
    await staffPage.getByText('An diesem Standort sind keine Geräte registriert.').waitFor();

    await ui.app.createStaff(StaffRole.Trainer, 'trainer.tim');
    const trainerPage = await ui.newPage({ lang: 'de' });
    await ui.login(trainerPage, 'trainer.tim', 'trainer.tim-password-1');
    const nav = trainerPage.getByRole('navigation', { name: 'Hauptnavigation' });
    await nav.getByRole('link', { name: 'Maschinen' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Geräte' }).count()).toBe(0);
    await trainerPage.goto(`${ui.url}/devices`);
    await trainerPage
      .getByRole('heading', { level: 1, name: 'Dafür fehlt Ihrer Rolle die Berechtigung.' })
      .waitFor();
  });

  it('lets admins download the password and ACL files for an external Mosquitto', async () => {
    const admin = await ui.newPage({ lang: 'de' });
    await ui.login(admin);
    await admin.goto(`${ui.url}/devices`);
    const section = admin.getByRole('region', { name: 'Externer MQTT-Broker (Mosquitto)' });
    const file = async (button: string): Promise<{ name: string; text: string }> => {
      const [download] = await Promise.all([
        admin.waitForEvent('download'),
        section.getByRole('button', { name: button }).click(),
      ]);
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
    };
    const passwd = await file('Passwortdatei herunterladen');
    expect(passwd.name).toBe('passwd');
    // Mosquitto's PBKDF2-SHA512 format, one line per device; never the password itself.
    expect(passwd.text).toMatch(/^eingang-mobil:\$7\$10000\$/m);
    const acl = await file('ACL-Datei herunterladen');
    expect(acl.name).toBe('acl');
    expect(acl.text).toContain('user eingang-mobil');
    expect(acl.text).toContain('topic read werkbank/v1/eingang-mobil/cmd/#');
    await admin.getByText('Datei „acl“ heruntergeladen.').waitFor({ state: 'attached' });
  });

  it('has no serious accessibility violations with the form, an edit row and the password panel open', async () => {
    const admin = await ui.newPage({ lang: 'de' });
    await ui.login(admin);
    await admin.goto(`${ui.url}/devices`);
    const table = admin.getByRole('region', { name: 'Tabelle: Geräte' });
    await table.getByRole('button', { name: 'Neues Passwort – Eingang Mobiles Labor' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Neues Passwort erzeugen' }).click();
    await admin.getByTestId('mqtt-password').waitFor();
    await table.getByRole('button', { name: 'Bearbeiten – Eingang Mobiles Labor' }).click();
    await admin.getByRole('form', { name: 'Eingang Mobiles Labor bearbeiten' }).waitFor();
    await admin.getByRole('button', { name: 'Gerät registrieren' }).click();
    const form = admin.getByRole('form', { name: 'Gerät registrieren' });
    await form.getByRole('button', { name: 'Gerät registrieren' }).click();
    await form.locator('.field-error').first().waitFor();
    const bad = seriousOrWorse(await runAxe(admin));
    expect(describeViolations(bad)).toBe('');
  });

  it('fits a tablet (768 px): the form and table need no page-wide horizontal scrolling', async () => {
    const tablet = await ui.newPage({ lang: 'de', width: 768, height: 1024 });
    await ui.login(tablet);
    await tablet.goto(`${ui.url}/devices`);
    await tablet.getByRole('button', { name: 'Gerät registrieren' }).click();
    await tablet.getByRole('form', { name: 'Gerät registrieren' }).waitFor();
    const overflow = await tablet.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
