import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { type ReportData, seedReportData } from './support/report-data';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

/** GET /api/reports/export on a real server: each format read back as a program (or a person) would. */
describe('report exports', () => {
  let t: TestApp;
  let d: ReportData;
  const dir = makeTempDir('report-exports');

  const download = async (query: string) => {
    const res = await t
      .as(t.adminToken)
      .get(`/api/reports/export?${d.custom}&siteIds=${d.siteId},${d.quietId}&${query}`)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return {
      body: res.body as Buffer,
      type: res.headers['content-type'],
      disposition: res.headers['content-disposition'],
    };
  };
  /** The PDF's text (pdftotext -layout, poppler) and its page count. */
  const pdfText = (pdf: Buffer, name: string) => {
    const file = join(dir.path, name);
    writeFileSync(file, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    return { text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }), pages };
  };

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedReportData(t);
  });

  afterAll(async () => {
    await t?.close();
    dir.remove();
  });

  it('CSV: one tidy row per figure, hidden ones without a value', async () => {
    const { body, type, disposition } = await download('format=csv&lang=de');
    expect(type).toContain('text/csv');
    expect(disposition).toMatch(/attachment; filename="werkbank-report-.*\.csv"/);
    const rows = parse(body.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    const total = (metric: string, measure: string) =>
      rows.find(
        (r) =>
          r.metric === metric &&
          r.measure === measure &&
          r.period === 'current' &&
          !r.site &&
          !r.breakdown &&
          !r.bucket,
      )!;
    expect(total('M1', 'visits')).toMatchObject({ value: '28', shown: '28', metric_name: 'Besuche' });
    expect(total('M4', 'returningUsers')).toMatchObject({ value: '', shown: '<5' });
    expect(rows.find((r) => r.metric === 'M1' && r.site === 'Quiet corner')).toMatchObject({ value: '0' });
    // A hidden figure never carries its value anywhere in the file.
    expect(rows.filter((r) => r.shown.startsWith('<') || r.shown === '•').every((r) => r.value === '')).toBe(
      true,
    );
    for (const key of d.memberKeys) expect(body.toString('utf8')).not.toContain(key);
  });

  it('XLSX: a definitions sheet and a sheet per metric, read back', async () => {
    const { body, type } = await download('format=xlsx&lang=en');
    expect(type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const names = book.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Definitions');
    expect(names).toEqual(expect.arrayContaining(['M1 Visits', 'M6 Events by format']));
    const defs: string[] = [];
    book.getWorksheet('Definitions')!.eachRow((row) => defs.push(row.values!.toString()));
    expect(defs.join('\n')).toMatch(/M1,Visits,.*check-in/i);
    const m1: unknown[][] = [];
    book.getWorksheet('M1 Visits')!.eachRow((row) => m1.push((row.values as unknown[]).slice(1)));
    expect(m1).toContainEqual(['Total', 'all sites', 28, 0, '+28']);
    const m4: unknown[][] = [];
    book.worksheets
      .find((w) => w.name.startsWith('M4'))!
      .eachRow((row) => m4.push((row.values as unknown[]).slice(1)));
    expect(m4.find((r) => r[0] === 'Total')?.[2]).toBe('<5');
  });

  it('PDF: German by default, with pages, headings, figures and "<5" where due', async () => {
    const { body, type, disposition } = await download('format=pdf');
    expect(type).toBe('application/pdf');
    expect(disposition).toMatch(/\.pdf"$/);
    const { text, pages } = pdfText(body, 'de.pdf');
    expect(pages).toBeGreaterThan(1);
    expect(text).toContain('Förderbericht');
    expect(text).toContain('M1 Besuche');
    expect(text).toMatch(/Gesamt\s+alle Standorte\s+28\s+0\s+\+28/);
    expect(text).toMatch(/M4 · Wiederkehrende[\s\S]*Gesamt\s+alle Standorte\s+<5/);
    expect(text).toContain('Quiet corner – keine Daten im Zeitraum');
    expect(text).toContain(`Seite 1 von ${pages}`);
    expect(text).toContain(`Seite ${pages} von ${pages}`);
  });

  it('PDF in English on request', async () => {
    const { text } = pdfText((await download('format=pdf&lang=en')).body, 'en.pdf');
    expect(text).toContain('Funder report');
    expect(text).toContain('M1 Visits');
    expect(text).toMatch(/Page 1 of \d+/);
  });

  it('refuses an unknown format or language naming the field', async () => {
    for (const [query, field] of [
      ['format=docx', 'format'],
      ['lang=fr', 'lang'],
    ]) {
      const res = await t.as(t.adminToken).get(`/api/reports/export?${d.custom}&${query}`).expect(400);
      expect(JSON.stringify(res.body.details)).toContain(field);
    }
  });
});
