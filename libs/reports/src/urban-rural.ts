import { NOT_STATED } from './rollup';

export type UrbanRural = 'urban' | 'rural';

/**
 * Official keys → urban/rural: a district (Kreis, 5 digits: AGS positions 1–5) or a municipality (8 digits).
 * The lab imports it (e.g. from the BBSR's district types); a municipality's own entry wins over its district's.
 */
export type UrbanRuralTable = ReadonlyMap<string, UrbanRural>;

/** The class of a home municipality key, or "not stated" when it is unknown or not classified. */
export function urbanRuralOf(municipalityKey: string | null | undefined, table: UrbanRuralTable): string {
  if (!municipalityKey) return NOT_STATED;
  return table.get(municipalityKey) ?? table.get(municipalityKey.slice(0, 5)) ?? NOT_STATED;
}

/** Header names accepted for the key and the class column (lower case, without spaces, _ and -). */
const KEY_HEADERS = new Set([
  'key',
  'ags',
  'gemeindeschluessel',
  'gemeindeschlüssel',
  'gemeindekennziffer',
  'kreisschluessel',
  'kreisschlüssel',
  'kreiskennziffer',
  'krs',
  'kennziffer',
]);
const CLASS_HEADERS = new Set([
  'class',
  'urbanrural',
  'stadtland',
  'klasse',
  'typ',
  'kreistyp',
  'siedlungsstrukturellerkreistyp',
  'raumtyp',
  'ländlichkeit',
]);

/**
 * Class values: words in German or English, or the BBSR's settlement-structure district types (1 kreisfreie
 * Großstädte, 2 städtische Kreise: urban; 3 ländliche Kreise mit Verdichtungsansätzen, 4 dünn besiedelte
 * ländliche Kreise: rural), as the BBSR groups them itself.
 */
const CLASS_VALUES: Record<string, UrbanRural> = {
  urban: 'urban',
  städtisch: 'urban',
  staedtisch: 'urban',
  stadt: 'urban',
  '1': 'urban',
  '2': 'urban',
  rural: 'rural',
  ländlich: 'rural',
  laendlich: 'rural',
  land: 'rural',
  '3': 'rural',
  '4': 'rural',
};

export interface ClassificationProblem {
  /** 1-based line of the file. */
  readonly line: number;
  readonly problem: string;
}

export interface ParsedClassification {
  readonly table: Map<string, UrbanRural>;
  readonly problems: ClassificationProblem[];
}

export const MAX_CLASSIFICATION_ROWS = 12_000;

const header = (h: string) => h.toLowerCase().replace(/[\s_-]/g, '');

/**
 * Reads a classification from CSV records (the first is the header): a key column and a class column, any
 * others ignored. Keys of 5 or 8 digits (a leading zero lost by a spreadsheet is put back); every bad line is
 * reported with its number, and one bad line rejects the file (the caller keeps the old table).
 */
export function parseClassification(records: readonly (readonly string[])[]): ParsedClassification {
  const table = new Map<string, UrbanRural>();
  const problems: ClassificationProblem[] = [];
  if (records.length < 2) {
    problems.push({ line: 1, problem: 'needs a header line and at least one row' });
    return { table, problems };
  }
  if (records.length - 1 > MAX_CLASSIFICATION_ROWS) {
    problems.push({ line: 1, problem: `at most ${MAX_CLASSIFICATION_ROWS} rows` });
    return { table, problems };
  }
  const keyColumn = records[0].findIndex((h) => KEY_HEADERS.has(header(h)));
  const classColumn = records[0].findIndex((h) => CLASS_HEADERS.has(header(h)));
  if (keyColumn < 0 || classColumn < 0) {
    problems.push({
      line: 1,
      problem:
        'needs a key column (e.g. "ags" or "Kreiskennziffer") and a class column (e.g. "class" or "Kreistyp")',
    });
    return { table, problems };
  }
  for (let i = 1; i < records.length; i++) {
    const line = i + 1;
    let key = (records[i][keyColumn] ?? '').trim();
    if (/^\d{4}$|^\d{7}$/.test(key)) key = `0${key}`;
    const value = CLASS_VALUES[(records[i][classColumn] ?? '').trim().toLowerCase()];
    if (!/^\d{5}$|^\d{8}$/.test(key))
      problems.push({ line, problem: 'key: must be 5 (district) or 8 digits' });
    else if (!value)
      problems.push({
        line,
        problem: 'class: must be urban/rural, städtisch/ländlich or a district type 1–4',
      });
    else if (table.has(key) && table.get(key) !== value)
      problems.push({ line, problem: `key: ${key} is classified twice, differently` });
    else table.set(key, value);
  }
  return { table, problems };
}
