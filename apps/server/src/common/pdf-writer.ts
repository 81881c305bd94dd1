import PDFDocument from 'pdfkit';

export type PdfLang = 'de' | 'en';

/** A block of a document: a heading, then paragraphs, then an optional table. */
export interface PdfSection {
  heading: string;
  paragraphs?: string[];
  /** Label/value lines, printed as a two-column list (one record). */
  fields?: [string, string][];
  table?: { columns: string[]; rows: string[][] };
  /** Shown instead of the table when it has no rows. */
  empty?: string;
  /** A bar chart drawn above the table: a hidden value gets no bar, only its mark (e.g. "<5"). */
  chart?: PdfChart;
}

export interface PdfChart {
  bars: { label: string; value: number | null; mark?: string }[];
  /** What the chart shows, printed below it. */
  caption: string;
}

export interface PdfDocumentSpec {
  title: string;
  subtitle: string[];
  lang: PdfLang;
  sections: PdfSection[];
  /** Draws the lab's emblem beside the title. */
  emblem?: boolean;
}

const MARGIN = 48;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

const PAGE_LABEL: Record<PdfLang, (page: number, of: number) => string> = {
  de: (page, of) => `Seite ${page} von ${of}`,
  en: (page, of) => `Page ${page} of ${of}`,
};

/**
 * A readable A4 document: title, subtitle lines, sections with headings and tables (the header row repeats
 * on each page a table runs onto), and "Seite n von m" in every footer. Standard PDF fonts only (WinAnsi:
 * German umlauts and ß print; other characters are replaced by "?").
 */
export function writePdf(spec: PdfDocumentSpec): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: spec.title, Producer: 'Werkbank' },
    lang: spec.lang,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (spec.emblem) drawEmblem(doc);
  doc
    .font(BOLD)
    .fontSize(18)
    .text(safe(spec.title), spec.emblem ? MARGIN + 44 : MARGIN, MARGIN);
  if (spec.emblem) {
    // The subtitle starts below the emblem, not beside it.
    doc.x = MARGIN;
    doc.y = Math.max(doc.y, MARGIN + 38);
  }
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(10);
  for (const line of spec.subtitle) doc.text(safe(line));
  doc.moveDown(0.8);

  for (const section of spec.sections) writeSection(doc, section);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor('#555555')
      .text(PAGE_LABEL[spec.lang](i - range.start + 1, range.count), MARGIN, doc.page.height - MARGIN + 16, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('black');
  doc.end();
  return done;
}

function writeSection(doc: PDFKit.PDFDocument, section: PdfSection): void {
  ensureSpace(doc, 60);
  doc.x = MARGIN;
  doc.font(BOLD).fontSize(12).fillColor('black').text(safe(section.heading));
  doc.moveDown(0.3);
  doc.font(FONT).fontSize(9);
  for (const p of section.paragraphs ?? []) {
    doc.text(safe(p), { width: contentWidth(doc) });
    doc.moveDown(0.3);
  }
  if (section.fields) writeTable(doc, ['', ''], section.fields, [0.35, 0.65], false);
  if (section.chart) writeChart(doc, section.chart);
  if (section.table) {
    if (section.table.rows.length === 0) {
      if (section.empty) doc.font(FONT).fontSize(9).fillColor('#555555').text(safe(section.empty));
      doc.fillColor('black');
    } else writeTable(doc, section.table.columns, section.table.rows);
  }
  doc.moveDown(0.8);
}

/** A workbench emblem in vector strokes (no image file needed; a lab's own logo is a later option). */
function drawEmblem(doc: PDFKit.PDFDocument): void {
  const x = MARGIN;
  const y = MARGIN - 2;
  doc.roundedRect(x, y, 34, 34, 6).fill('#1f4e79');
  doc.rect(x + 6, y + 12, 22, 4).fill('#ffffff');
  doc.rect(x + 9, y + 16, 3, 12).fill('#ffffff');
  doc.rect(x + 22, y + 16, 3, 12).fill('#ffffff');
  doc.rect(x + 14, y + 6, 6, 6).fill('#ffffff');
  doc.fillColor('black');
}

const CHART_HEIGHT = 90;

function writeChart(doc: PDFKit.PDFDocument, chart: PdfChart): void {
  ensureSpace(doc, CHART_HEIGHT + 40);
  const width = contentWidth(doc);
  const top = doc.y + 4;
  const max = Math.max(1, ...chart.bars.map((b) => b.value ?? 0));
  const slot = width / Math.max(1, chart.bars.length);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const base = top + CHART_HEIGHT;
  doc
    .moveTo(MARGIN, base)
    .lineTo(MARGIN + width, base)
    .lineWidth(0.5)
    .strokeColor('#333333')
    .stroke();
  doc.font(FONT).fontSize(6).fillColor('#333333');
  chart.bars.forEach((bar, i) => {
    const x = MARGIN + i * slot + (slot - barWidth) / 2;
    if (bar.value !== null) {
      const h = (bar.value / max) * (CHART_HEIGHT - 12);
      if (h > 0) doc.rect(x, base - h, barWidth, h).fill('#1f4e79');
    } else if (bar.mark) {
      doc
        .fillColor('#555555')
        .text(safe(bar.mark), x - 4, base - 10, { width: barWidth + 8, align: 'center' });
    }
    const every = Math.ceil(chart.bars.length / 16);
    if (i % every === 0)
      doc.fillColor('#333333').text(safe(bar.label), MARGIN + i * slot - 10, base + 3, {
        width: slot + 20,
        align: 'center',
        lineBreak: false,
      });
  });
  doc
    .font(FONT)
    .fontSize(7)
    .fillColor('#333333')
    .text(safe(`max ${formatMax(max)}`), MARGIN, top - 2, { lineBreak: false });
  doc.x = MARGIN;
  doc.y = base + 14;
  doc.font(FONT).fontSize(8).fillColor('#555555').text(safe(chart.caption), { width });
  doc.fillColor('black').moveDown(0.4);
}

const formatMax = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - 2 * MARGIN;
}

function ensureSpace(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= doc.page.height - doc.page.margins.bottom) return false;
  doc.addPage();
  return true;
}

function writeTable(
  doc: PDFKit.PDFDocument,
  columns: string[],
  rows: string[][],
  fractions?: number[],
  header = true,
): void {
  const width = contentWidth(doc);
  const widths = (fractions ?? columnFractions(columns, rows)).map((f) => f * width);
  const pad = 3;
  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(8);
    return (
      Math.max(...cells.map((cell, i) => doc.heightOfString(safe(cell), { width: widths[i] - 2 * pad }))) +
      2 * pad
    );
  };
  const drawRow = (cells: string[], font: string, shade: boolean) => {
    const height = rowHeight(cells, font);
    const top = doc.y;
    if (shade) doc.rect(MARGIN, top, width, height).fill('#eeeeee');
    doc.fillColor('black').font(font).fontSize(8);
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(safe(cell), x + pad, top + pad, { width: widths[i] - 2 * pad });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  if (header) {
    ensureSpace(doc, rowHeight(columns, BOLD) + 20);
    drawRow(columns, BOLD, true);
  }
  for (const row of rows) {
    if (ensureSpace(doc, rowHeight(row, FONT)) && header) drawRow(columns, BOLD, true);
    drawRow(row, FONT, false);
  }
  doc.font(FONT).fontSize(9);
  doc.moveDown(0.3);
}

/**
 * Columns share the width by what they hold: the longest word of the heading (headings wrap at spaces only)
 * and the typical cell length, capped so that one long text column does not squeeze the others.
 */
export function columnFractions(columns: string[], rows: string[][]): number[] {
  const weights = columns.map((heading, i) => {
    const longestWord = Math.max(...heading.split(/\s+/).map((w) => w.length));
    const cells = rows.slice(0, 200).map((row) => (row[i] ?? '').length);
    const typical = cells.length ? Math.max(...cells) : 0;
    return Math.max(longestWord * 1.25 + 1, Math.min(typical, 40), 4);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => w / sum);
}

/** The standard fonts know WinAnsi only: anything else would print as garbage. */
function safe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\u007e\u00a0-\u00ff€–—„“”‘’…•]/g, '?');
}
