import { parseClassification, urbanRuralOf, MAX_CLASSIFICATION_ROWS } from './urban-rural';

describe('urbanRuralOf', () => {
  const table = new Map([
    ['05315', 'urban' as const],
    ['05913', 'urban' as const],
    ['05913000', 'rural' as const],
  ]);

  it('takes the municipality own entry first, then its district, else not stated', () => {
    expect(urbanRuralOf('05315000', table)).toBe('urban');
    expect(urbanRuralOf('05913000', table)).toBe('rural');
    expect(urbanRuralOf('05913001', table)).toBe('urban');
    expect(urbanRuralOf('09162000', table)).toBe('not_stated');
    expect(urbanRuralOf(null, table)).toBe('not_stated');
  });
});

describe('parseClassification', () => {
  it('reads BBSR-style district types with German headers, any column order, extra columns ignored', () => {
    const { table, problems } = parseClassification([
      ['Kreisname', 'Kreistyp', 'Kreiskennziffer'],
      ['Köln', '1', '05315'],
      ['Rhein-Erft-Kreis', '2', '05362'],
      ['Höxter', '4', '05762'],
      ['Flensburg', '3', '1001'], // a spreadsheet dropped the leading zero
    ]);
    expect(problems).toEqual([]);
    expect(Object.fromEntries(table)).toEqual({
      '05315': 'urban',
      '05362': 'urban',
      '05762': 'rural',
      '01001': 'rural',
    });
  });

  it('reads words in German and English', () => {
    const { table } = parseClassification([
      ['ags', 'class'],
      ['05315000', 'städtisch'],
      ['05762004', 'Rural'],
    ]);
    expect(Object.fromEntries(table)).toEqual({ '05315000': 'urban', '05762004': 'rural' });
  });

  it('names every bad line and the rule it breaks', () => {
    const { problems } = parseClassification([
      ['ags', 'class'],
      ['05315000', 'urban'],
      ['531', 'urban'],
      ['05315001', 'suburban'],
      ['05315000', 'rural'],
      ['=cmd()', 'urban'],
    ]);
    expect(problems).toEqual([
      { line: 3, problem: 'key: must be 5 (district) or 8 digits' },
      { line: 4, problem: 'class: must be urban/rural, städtisch/ländlich or a district type 1–4' },
      { line: 5, problem: 'key: 05315000 is classified twice, differently' },
      { line: 6, problem: 'key: must be 5 (district) or 8 digits' },
    ]);
  });

  it('refuses a file without the two columns, an empty one and one too long', () => {
    expect(
      parseClassification([
        ['name', 'population'],
        ['Köln', '1'],
      ]).problems[0].line,
    ).toBe(1);
    expect(parseClassification([['ags', 'class']]).problems).toHaveLength(1);
    const long = [
      ['ags', 'class'],
      ...Array.from({ length: MAX_CLASSIFICATION_ROWS + 1 }, () => ['05315', '1']),
    ];
    expect(parseClassification(long).problems[0].problem).toMatch(/at most/);
  });
});
