// The report builder's form: period (month, quarter, year or a date range), sites and metrics.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportMetricInfo } from '@werkbank/contracts';
import type { ReportQuery } from '../../api/reports';
import type { Site } from '../../api/types';
import { DateInput, INVALID_DATE } from '../../components/DateInput';
import { defaultsNow, listOf, PERIOD_KINDS, textLang, type PeriodKind } from './model';

interface Props {
  /** The report in the URL (the form starts from it), or null. */
  current: ReportQuery | null;
  sites: Site[];
  metrics: ReportMetricInfo[];
  /** A report is loading: the button refuses another (aria-disabled, so a focused button keeps the focus). */
  busy: boolean;
  onSubmit(query: ReportQuery): void;
}

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** A set of ids as the URL keeps it: absent when it is every one of `all`. */
function asParam(chosen: string[], all: string[]): string | undefined {
  return chosen.length === all.length ? undefined : all.filter((id) => chosen.includes(id)).join(',');
}

export function ReportForm({ current, sites, metrics, busy, onSubmit }: Props) {
  const { t, i18n } = useTranslation();
  const lang = textLang(i18n.language);
  const ids = { year: useId(), month: useId(), quarter: useId(), from: useId(), to: useId(), error: useId() };
  const now = defaultsNow();
  const [period, setPeriod] = useState<PeriodKind>(current?.period ?? 'quarter');
  const [year, setYear] = useState(current?.year ?? now.year);
  const [month, setMonth] = useState(current?.month ?? now.month);
  const [quarter, setQuarter] = useState(current?.quarter ?? now.quarter);
  const [from, setFrom] = useState(current?.from ?? '');
  const [to, setTo] = useState(current?.to ?? '');
  // null: all (also every site added later); otherwise the chosen ones.
  const [siteIds, setSiteIds] = useState<string[] | null>(listOf(current?.siteIds));
  const [metricIds, setMetricIds] = useState<string[] | null>(listOf(current?.metrics));
  const [problem, setProblem] = useState<string | null>(null);

  const allSites = sites.map((s) => s.id);
  const allMetrics = metrics.map((m) => m.id as string);
  const chosenSites = siteIds ?? allSites;
  const chosenMetrics = metricIds ?? allMetrics;
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    let error: string | null = null;
    if (period === 'custom') {
      if (!from || !to || from === INVALID_DATE || to === INVALID_DATE) error = t('reports.problemDates');
      else if (from > to) error = t('reports.problemOrder');
    } else if (!/^\d{4}$/.test(year)) error = t('reports.problemYear');
    if (!error && chosenSites.length === 0) error = t('reports.problemSites');
    if (!error && chosenMetrics.length === 0) error = t('reports.problemMetrics');
    setProblem(error);
    if (error) return;
    onSubmit({
      period,
      ...(period === 'custom' ? { from, to } : { year }),
      ...(period === 'month' ? { month } : {}),
      ...(period === 'quarter' ? { quarter } : {}),
      siteIds: asParam(chosenSites, allSites),
      metrics: asParam(chosenMetrics, allMetrics),
    });
  };

  return (
    <form className="report-form" aria-label={t('reports.formLabel')} onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('reports.period')}</legend>
        <div className="radio-row">
          {PERIOD_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="radio"
                name="period"
                value={kind}
                checked={period === kind}
                onChange={() => setPeriod(kind)}
              />
              {t(`reports.kinds.${kind}`)}
            </label>
          ))}
        </div>
        <div className="report-period-fields">
          {period !== 'custom' && (
            <div className="field">
              <label htmlFor={ids.year}>{t('reports.year')}</label>
              <input
                id={ids.year}
                className="year-input"
                inputMode="numeric"
                autoComplete="off"
                value={year}
                onChange={(e) => setYear(e.target.value.trim())}
              />
            </div>
          )}
          {period === 'month' && (
            <div className="field">
              <label htmlFor={ids.month}>{t('reports.month')}</label>
              <select id={ids.month} value={month} onChange={(e) => setMonth(e.target.value)}>
                {MONTHS.map((m) => (
                  <option key={m} value={String(m)}>
                    {new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', {
                      month: 'long',
                      timeZone: 'UTC',
                    }).format(new Date(Date.UTC(2024, m - 1, 1)))}
                  </option>
                ))}
              </select>
            </div>
          )}
          {period === 'quarter' && (
            <div className="field">
              <label htmlFor={ids.quarter}>{t('reports.quarter')}</label>
              <select id={ids.quarter} value={quarter} onChange={(e) => setQuarter(e.target.value)}>
                {[1, 2, 3, 4].map((q) => (
                  <option key={q} value={String(q)}>
                    {t('reports.quarterN', { n: q })}
                  </option>
                ))}
              </select>
            </div>
          )}
          {period === 'custom' && (
            <>
              <div className="field">
                <label htmlFor={ids.from}>{t('reports.from')}</label>
                <DateInput id={ids.from} value={from} onChange={setFrom} />
              </div>
              <div className="field">
                <label htmlFor={ids.to}>{t('reports.to')}</label>
                <DateInput id={ids.to} value={to} onChange={setTo} />
              </div>
            </>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('reports.sites')}</legend>
        <div className="checkbox-grid">
          {sites.map((s) => (
            <label key={s.id} className="checkbox">
              <input
                type="checkbox"
                name="siteIds"
                value={s.id}
                checked={chosenSites.includes(s.id)}
                onChange={(e) => setSiteIds(toggle(chosenSites, s.id, e.target.checked))}
              />
              {s.name}
            </label>
          ))}
        </div>
        <button type="button" className="link-button" onClick={() => setSiteIds(null)}>
          {t('reports.allSites')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('reports.metrics')}</legend>
        <div className="checkbox-grid report-metric-list">
          {metrics.map((m) => (
            <label key={m.id} className="checkbox">
              <input
                type="checkbox"
                name="metrics"
                value={m.id}
                checked={chosenMetrics.includes(m.id)}
                onChange={(e) => setMetricIds(toggle(chosenMetrics, m.id, e.target.checked))}
              />
              <span>
                <span className="mono">{m.id}</span> {m.name[lang]}
              </span>
            </label>
          ))}
        </div>
        <div className="report-form-row">
          <button type="button" className="link-button" onClick={() => setMetricIds(null)}>
            {t('reports.allMetrics')}
          </button>
          <button type="button" className="link-button" onClick={() => setMetricIds([])}>
            {t('reports.noMetrics')}
          </button>
        </div>
      </fieldset>

      {problem && (
        <p className="field-error" id={ids.error} role="alert">
          {problem}
        </p>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          aria-disabled={busy || undefined}
          aria-describedby={problem ? ids.error : undefined}
        >
          {t('reports.show')}
        </button>
      </div>
    </form>
  );
}
