import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { seedLab } from './support/seed';
import { startUi, type UiHarness } from './support/ui-harness';

// A real browser against a real server: startup and seeding need more than the global 30 s on a busy machine.
jest.setTimeout(60_000);

const BUDGET_GZIP = 300 * 1024;

/** Every script the page loads, with its gzip size (the figure that counts; the server may compress). */
function recordScripts(page: Page): Map<string, number> {
  const sizes = new Map<string, number>();
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'script') return;
    void res
      .body()
      .then((body) => sizes.set(new URL(res.url()).pathname, gzipSync(body, { level: 9 }).length))
      .catch(() => undefined);
  });
  return sizes;
}

const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('admin UI: first-load JavaScript budget (≤ 300 KB gzip)', () => {
  let ui: UiHarness;

  beforeAll(async () => {
    ui = await startUi();
    await seedLab(ui.app);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it('loads the login page and then the live board within the budget, without chart.js', async () => {
    const page = await ui.newPage({ lang: 'de' });
    const sizes = recordScripts(page);
    await page.goto(`${ui.url}/login`);
    await page.waitForLoadState('networkidle');
    const login = total(sizes);
    await ui.login(page);
    await page.getByRole('heading', { level: 1, name: 'Live-Ansicht' }).waitFor();
    await page.waitForLoadState('networkidle');
    const live = total(sizes);
    console.log(
      `first load JS (gzip): login page ${kb(login)}, after login on the live board ${kb(live)} in ${sizes.size} files`,
    );
    expect(live).toBeLessThanOrEqual(BUDGET_GZIP);
    expect([...sizes.keys()].some((p) => p.includes('UsageChart'))).toBe(false);

    // chart.js arrives only with the usage page.
    await page.goto(`${ui.url}/usage`);
    await page.getByRole('heading', { level: 1, name: 'Nutzung' }).waitFor();
    await page.waitForLoadState('networkidle');
    const chart = [...sizes.entries()].find(([p]) => p.includes('UsageChart'));
    console.log(
      `usage page adds ${kb(total(sizes) - live)}, of which chart.js ${chart ? kb(chart[1]) : 'not loaded (no sessions)'}`,
    );
  });
});
