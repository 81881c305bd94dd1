import type { Page } from 'playwright-core';
import { StaffRole } from '@werkbank/contracts';
import { seedLab } from './support/seed';
import { describeViolations, runAxe, seriousOrWorse, startUi, type UiHarness } from './support/ui-harness';

jest.setTimeout(60_000);

/** A download started by clicking `name`, read back whole. */
async function downloadOf(page: Page, name: string): Promise<{ file: string; body: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).click(),
  ]);
  const chunks: Buffer[] = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
  return { file: download.suggestedFilename(), body: Buffer.concat(chunks) };
}

describe('admin UI: data export (Art. 15) and the record (Art. 30)', () => {
  let ui: UiHarness;
  let lab: Awaited<ReturnType<typeof seedLab>>;

  beforeAll(async () => {
    ui = await startUi();
    lab = await seedLab(ui.app);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("downloads a member's data as JSON and PDF from the member page, accessibly", async () => {
    const page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
    const member = lab.members[0];
    await page.goto(`${ui.url}/members/${member.id}`);
    const toggle = page.getByRole('button', { name: 'Datenauskunft (Art. 15)' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('heading', { level: 2, name: 'Datenauskunft (Art. 15 DSGVO)' }).waitFor();
    expect(describeViolations(seriousOrWorse(await runAxe(page)))).toBe('');

    const json = await downloadOf(page, 'JSON (maschinenlesbar)');
    expect(json.file).toMatch(/^datenauskunft-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(json.body.toString('utf8'));
    expect(data.member.id).toBe(member.id);
    expect(data.sections.identity.items[0].lastName).toBe(member.lastName);
    const pdf = await downloadOf(page, 'PDF (Deutsch)');
    expect(pdf.file).toMatch(/\.pdf$/);
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByText('Datenauskunft heruntergeladen.').waitFor({ state: 'attached' });
  });

  it('offers the export to staff but not to trainers', async () => {
    await ui.app.createStaff(StaffRole.Trainer, 'ui-trainer-export');
    const page = await ui.newPage({ lang: 'en' });
    await ui.login(page, 'ui-trainer-export', 'ui-trainer-export-password-1');
    await page.goto(`${ui.url}/members/${lab.members[0].id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Data export (Art. 15)' }).count()).toBe(0);
  });

  it('links the record of processing activities from the audit page', async () => {
    const page = await ui.newPage({ lang: 'de' });
    await ui.login(page);
    await page.goto(`${ui.url}/audit`);
    await page
      .getByRole('heading', { level: 2, name: 'Verzeichnis der Verarbeitungstätigkeiten (Art. 30)' })
      .waitFor();
    expect(describeViolations(seriousOrWorse(await runAxe(page)))).toBe('');
    const pdf = await downloadOf(page, 'Verzeichnis der Verarbeitungstätigkeiten (Art. 30): Als PDF');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const json = await downloadOf(page, 'Als JSON');
    expect(JSON.parse(json.body.toString('utf8')).kind).toBe('werkbank.processing-record');
  });
});
