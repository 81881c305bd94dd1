import type { PrinterState } from './device-event';

/** A printer family's state word mapped through its table; null for a word the table lacks. */
export function printerStateIn(
  table: Readonly<Record<string, PrinterState>>,
  value: unknown,
): PrinterState | null {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, value)
    ? (table[value] as PrinterState)
    : null;
}

/** The first non-blank candidate as a job name, trimmed (slicers leave trailing spaces) and capped at 200. */
export function jobNameOf(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim().slice(0, 200);
  }
  return null;
}
