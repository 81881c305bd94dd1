import { parse } from 'csv-parse/sync';
import { ErrorCode } from '@werkbank/contracts';
import { DomainError } from './domain-error';

/**
 * A CSV upload as records, the way every import reads it: comma, semicolon or tab separated (what German
 * spreadsheets write), a BOM ignored, empty lines skipped, cells trimmed. Not CSV: IMPORT_INVALID saying why.
 */
export function csvRecords(csv: string): string[][] {
  try {
    return parse(csv, {
      delimiter: [',', ';', '\t'],
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    throw new DomainError(ErrorCode.ImportInvalid, `The file is not valid CSV: ${(error as Error).message}`);
  }
}
