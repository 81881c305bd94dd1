// One metric of the report: its name and definition (printed beside every figure), then its measures.
import { useTranslation } from 'react-i18next';
import type { Report, ReportMetric } from '@werkbank/contracts';
import { Notice } from '../../components/ui';
import { MeasureView } from './MeasureView';
import { textLang } from './model';

export function MetricCard({ report, metric }: { report: Report; metric: ReportMetric }) {
  const { t, i18n } = useTranslation();
  const lang = textLang(i18n.language);
  const headingId = `metric-${metric.id}`;
  return (
    <article className="card-section report-metric" aria-labelledby={headingId} data-metric={metric.id}>
      <h2 id={headingId}>
        <span className="metric-id">{metric.id}</span> {metric.name[lang]}
      </h2>
      <p className="report-definition">
        <span className="label-like">{t('reports.definition')}:</span> {metric.definition[lang]}
      </p>
      {metric.unavailable ? (
        <Notice kind="warning">
          <strong>{t('reports.unavailable')}</strong> {metric.unavailable[lang]}
        </Notice>
      ) : metric.measures.length === 0 ? (
        <p>{t('reports.noMeasures')}</p>
      ) : (
        metric.measures.map((m) => (
          <MeasureView
            key={m.key}
            report={report}
            measure={m}
            idBase={`${metric.id}-${m.key}`}
            metricId={metric.id}
          />
        ))
      )}
    </article>
  );
}
