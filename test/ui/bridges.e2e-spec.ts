import type { Page } from 'playwright-core';
import { MqttEndpoint } from '../../apps/server/src/mqtt/mqtt-endpoint';
import { FakeDevice } from '../support/devices';
import { seedLab, type Seeded } from './support/seed';
import { startUi, type UiHarness } from './support/ui-harness';

jest.setTimeout(60_000);

/** A firmware bridge as staff see it: its heartbeat on the Devices page and the board, offline sessions marked. */
describe('admin UI: firmware bridges', () => {
  let ui: UiHarness;
  let lab: Seeded;
  let page: Page;
  let bridge: FakeDevice;
  let deviceId: string;

  beforeAll(async () => {
    ui = await startUi({ env: { BRIDGE_HEARTBEAT_S: '1' } });
    lab = await seedLab(ui.app);
    const res = await ui.app
      .as(ui.app.adminToken)
      .post('/api/devices', {
        name: 'Bridge Holzwerkstatt',
        siteId: lab.siteId,
        machineId: lab.laserId,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'bridge-holz-1',
      })
      .expect(201);
    deviceId = res.body.device.id as string;
    bridge = await FakeDevice.connect(
      ui.app.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername as string,
      res.body.mqttPassword as string,
    );
    page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
  });

  afterAll(async () => {
    await bridge?.close();
    await ui?.close();
  });

  const heartbeat = () =>
    bridge.publish(
      'werkbank/v1/bridge-holz-1/health',
      JSON.stringify({
        at: new Date().toISOString(),
        version: '0.1.0',
        uptimeS: 120,
        queueLength: 3,
        allowlist: {
          version: 5,
          issuedAt: new Date(Date.now() - 3_600_000).toISOString(),
          expiresAt: new Date(Date.now() + 6 * 86_400_000).toISOString(),
          deltaVersion: null,
        },
        ports: [{ id: 'leser-holz', path: '/dev/serial0', state: 'open' }],
      }),
    );

  it('the Devices page shows the heartbeat live, then the bridge as silent', async () => {
    await page.goto(`${ui.url}/devices`);
    const row = page.locator('tr', { hasText: 'Bridge Holzwerkstatt' });
    await row.waitFor();
    await heartbeat();
    await row.getByText('Heartbeat', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('3 Ereignisse warten');
    expect(await row.textContent()).toContain('Freigabeliste v5');
    expect(await row.textContent()).toContain('/dev/serial0');
    // Three intervals (here 1 s each) without a heartbeat: silent, without a reload.
    await row.getByText('Bridge schweigt', { exact: true }).waitFor({ timeout: 8000 });
  });

  it('the live board shows the bridge on its machine’s tile, live', async () => {
    await page.goto(`${ui.url}/live`);
    await page.getByRole('status').getByText('Live', { exact: true }).waitFor();
    const tile = page.locator(`li.machine-tile[data-machine-id="${lab.laserId}"]`);
    await tile.waitFor();
    await heartbeat();
    await tile.locator('[data-bridge="online"]').getByText('Bridge da').waitFor();
    expect(await tile.textContent()).toContain('3 Offline-Ereignisse warten');
    await tile.locator('[data-bridge="silent"]').getByText('Bridge schweigt').waitFor({ timeout: 8000 });
  });

  it('admins download the bridge’s provisioning file from its row', async () => {
    await page.goto(`${ui.url}/devices`);
    const row = page.locator('tr', { hasText: 'Bridge Holzwerkstatt' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row
        .getByRole('button', { name: 'Einrichtungsdatei bridge.yml für Bridge Holzwerkstatt herunterladen' })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('bridge-bridge-holz-1.yml');
    const audit = await ui.app
      .as(ui.app.adminToken)
      .get(`/api/audit?entityType=device&entityId=${deviceId}`)
      .expect(200);
    expect(JSON.stringify(audit.body)).toContain('bridge.yml');
  });

  it('the usage log marks a session the bridge decided offline', async () => {
    const startedAt = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const endedAt = new Date(Date.now() - 3_600_000).toISOString();
    await bridge.publish(
      'werkbank/v1/bridge-holz-1/evt/usage',
      JSON.stringify({
        type: 'session_started',
        msgId: 'ui-offline-1',
        seq: 1,
        at: startedAt,
        sessionId: 'b-ui-1',
        uid: '008EC793',
        allowlistVersion: 5,
      }),
    );
    await bridge.publish(
      'werkbank/v1/bridge-holz-1/evt/usage',
      JSON.stringify({
        type: 'session_ended',
        msgId: 'ui-offline-2',
        seq: 2,
        at: endedAt,
        sessionId: 'b-ui-1',
        endReason: 'tap_out',
      }),
    );
    await page.goto(`${ui.url}/usage`);
    const table = page.getByRole('region', { name: 'Tabelle: Nutzungen' });
    const badge = table.locator('.badge', { hasText: 'offline' });
    await badge.waitFor();
    expect(await badge.count()).toBe(1);
    expect(await badge.getAttribute('title')).toContain('ohne Server');
  });
});
