// A measure by the categories of one breakdown: a table whose bars show the shown figures only.
import { useTranslation } from 'react-i18next';
import type { ReportMeasure } from '@werkbank/contracts';
import { TableRegion } from '../../components/ui';
import { useFormat } from '../../lib/format';
import { hiddenMark, showCount, textLang } from './model';

type Breakdown = ReportMeasure['byBreakdown'][number];

/** Categories with a name in the UI's enums; others (machine types, qualifications) are names already. */
const CATEGORY_ENUMS: Record<string, 'ageBand' | 'gender' | 'occupation'> = {
  age_band: 'ageBand',
  gender: 'gender',
  occupation_status: 'occupation',
};

export function BreakdownTable({
  measure,
  breakdown,
  threshold,
  metricId,
}: {
  measure: ReportMeasure;
  breakdown: Breakdown;
  threshold: number;
  metricId: string;
}) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const name = measure.name[textLang(i18n.language)];
  const by = t(`reports.breakdowns.${breakdown.breakdown}` as 'reports.breakdowns.age_band', {
    defaultValue: breakdown.breakdown,
  });
  const categoryName = (c: string) => {
    const group = CATEGORY_ENUMS[breakdown.breakdown];
    if (c === 'unknown' || c === 'not_stated') return t('common.none');
    return group ? t(`enums.${group}.${c}` as 'enums.gender.female', { defaultValue: c }) : c;
  };
  const shownValues = breakdown.categories
    .filter((c) => hiddenMark(c.value, threshold) === null)
    .map((c) => c.value.value!);
  const max = Math.max(1, ...shownValues);
  const title = t('reports.byBreakdownOf', { name, by });
  return (
    <TableRegion label={`${metricId}: ${title}`}>
      <table className="data compact report-bars">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{by}</th>
            <th scope="col" className="num">
              {name}
            </th>
            <th scope="col" aria-hidden="true" className="bar-col" />
          </tr>
        </thead>
        <tbody>
          {breakdown.categories.map((c) => {
            const hidden = hiddenMark(c.value, threshold) !== null;
            return (
              <tr key={c.category}>
                <th scope="row">{categoryName(c.category)}</th>
                <td className="num">{showCount(measure, c.value, threshold, f)}</td>
                <td aria-hidden="true" className="bar-col">
                  {/* A hidden figure gets no bar: its length would tell the value. */}
                  {!hidden && (
                    <span className="report-bar" style={{ width: `${(100 * c.value.value!) / max}%` }} />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}
