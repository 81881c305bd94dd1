import type { TFunction } from 'i18next';
import type { Site } from '../api/types';
import type { Formatters } from './format';

/** "Mo 10:00–18:00, Di …" in the current language. */
export function hoursSummary(site: Site, f: Formatters, t: TFunction): string {
  if (site.openingHours.length === 0) return t('sites.noHours');
  return [...site.openingHours]
    .sort((a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens))
    .map((h) => `${f.weekday(h.weekday).slice(0, 2)} ${h.opens}–${h.closes}`)
    .join(', ');
}
