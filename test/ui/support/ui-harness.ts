import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../../support/test-app';

export const ROOT = resolve(__dirname, '../../..');
export const UI_DIR = join(ROOT, 'dist/admin');
/**
 * The documentation's screenshots are refreshed on request (UPDATE_SCREENSHOTS=true); a normal test run still
 * takes every screenshot, but into a temp folder, so it leaves the checkout as it found it.
 */
export const SCREENSHOT_DIR =
  process.env.UPDATE_SCREENSHOTS === 'true'
    ? join(ROOT, 'docs/screenshots')
    : join(tmpdir(), 'werkbank-screenshots');
export { ADMIN_PASSWORD };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Build the admin UI when dist/admin is missing or older than its sources. A mkdir lock keeps parallel jest
 * workers from building into the same folder at once.
 */
export function ensureUiBuilt(): void {
  const index = join(UI_DIR, 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'apps/admin')),
    newestMtime(join(ROOT, 'libs/contracts/src')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const lock = join(ROOT, 'dist/.admin-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`admin UI build lock ${lock} held for 2 minutes; remove it if stale`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
    execFileSync(
      join(ROOT, 'node_modules/.bin/vite'),
      ['build', '--config', 'apps/admin/vite.config.ts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'inherit',
        // jest sets NODE_ENV=test, which would give a development build of React.
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export type Lang = 'de' | 'en';

export interface UiHarness {
  app: TestApp;
  browser: Browser;
  url: string;
  /** A fresh browser context (own cookies) with the UI language preset. */
  newPage(options?: { lang?: Lang; width?: number; height?: number }): Promise<Page>;
  /** Open the UI and log in through the form. */
  login(page: Page, username?: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startUi(options: { env?: Record<string, string> } = {}): Promise<UiHarness> {
  ensureUiBuilt();
  const app = await startTestApp({
    env: { ADMIN_UI_DIR: UI_DIR, LOGIN_ATTEMPTS_PER_MINUTE: '1000', ...options.env },
  });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await app.close();
    throw new Error(
      `Chromium did not start from ${CHROMIUM} (install it: apt-get install chromium): ${(error as Error).message}`,
    );
  }
  const contexts: BrowserContext[] = [];
  return {
    app,
    browser,
    url: app.url,
    async newPage({ lang = 'de', width = 1280, height = 860 } = {}) {
      const context = await browser.newContext({
        // Playwright evaluates string predicates (waitForFunction) with eval, which the UI's CSP forbids; the
        // CSP itself is asserted in test/security-http.e2e-spec.ts.
        bypassCSP: true,
        viewport: { width, height },
        locale: lang === 'de' ? 'de-DE' : 'en-GB',
        timezoneId: BROWSER_TIME_ZONE,
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      // Preset once per context; a language switched in the UI survives reloads.
      await context.addInitScript(
        `try { if (!localStorage.getItem('werkbank.lang')) localStorage.setItem('werkbank.lang', '${lang}'); } catch (e) {}`,
      );
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async login(page, username = 'admin', password = ADMIN_PASSWORD) {
      await page.goto(`${app.url}/login`);
      await page.locator('input[name="username"]').fill(username);
      await page.locator('input[name="password"]').fill(password);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.locator('header.app-header').waitFor();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Run axe-core in the page (WCAG 2.1 A/AA rules and best practices); returns every violation. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe !== "undefined"');
  if (!loaded) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })`,
  )) as { violations: AxeViolation[] };
  return result.violations;
}

export function seriousOrWorse(violations: AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * The zone of every test browser (a German lab). The UI's "today" is this zone's date, which differs from the
 * test process's (TZ=UTC, jest.config.js) between 23:00 and 24:00 UTC: compare with browserToday().
 */
export const BROWSER_TIME_ZONE = process.env.TEST_BROWSER_TZ ?? 'Europe/Berlin';

/** Today's date in the browser's zone as a German date field shows it (DD.MM.YYYY). */
export function browserToday(): string {
  return new Intl.DateTimeFormat('de-DE', {
    timeZone: BROWSER_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date());
}
