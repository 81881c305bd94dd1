import { Injectable } from '@nestjs/common';
import {
  DomainRule,
  ErrorCode,
  type FieldProblem,
  MetricId,
  PeriodKind,
  type Report,
  type ReportMetricInfo,
  SiteKind,
} from '@werkbank/contracts';
import { SitesRepository } from '@werkbank/persistence';
import {
  granularityFor,
  METRICS,
  type MeasureInput,
  metricReports,
  type Period,
  type PeriodProblem,
  type PeriodRequest,
  previousPeriod,
  resolvePeriod,
} from '@werkbank/reports';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { ReportInputs } from './report-inputs';
import type { ReportQueryDto } from './reports.dto';

const RULE_OF: Record<PeriodProblem['rule'], DomainRule> = {
  range: DomainRule.OutOfRange,
  date: DomainRule.NotADate,
  order: DomainRule.NotBefore,
  tooLong: DomainRule.PeriodTooLong,
};

/**
 * Funder reports (docs/reports.md): the chosen metrics for a period and sites, computed from the daily cells
 * and the low-volume records, every person count through small-cell suppression. Reports count what
 * happened; they never rank or name staff or members.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly config: AppConfig,
    private readonly sites: SitesRepository,
    private readonly inputs: ReportInputs,
  ) {}

  metrics(): ReportMetricInfo[] {
    return Object.values(METRICS).map((m) => ({
      id: m.id,
      name: m.name,
      definition: m.definition,
      breakdowns: [...m.breakdowns],
    }));
  }

  async report(q: ReportQueryDto): Promise<Report> {
    const period = this.period(q);
    const threshold = this.threshold(q);
    const all = await this.sites.findAllWithHours();
    const chosen = q.siteIds ? [...new Set(q.siteIds)] : all.map((s) => s.id);
    const unknown = chosen.filter((id) => !all.some((s) => s.id === id));
    if (unknown.length > 0)
      throw DomainError.invalid('siteIds', `no site ${unknown.join(', ')}`, DomainRule.NotFound, {
        ids: unknown.join(','),
      });
    const metrics = q.metrics ? [...new Set(q.metrics)] : Object.values(MetricId);
    const sites = all.filter((s) => chosen.includes(s.id));
    const previous = previousPeriod(period);
    const zones = new Map(sites.map((s) => [s.id, s.timezone]));
    const zoneOf = (siteId: string) => zones.get(siteId) ?? this.config.TIMEZONE;
    const inputs: Map<string, MeasureInput> =
      sites.length === 0 ? new Map() : await this.inputs.inputs(period, previous, chosen, zoneOf);
    const withData = new Set<string>();
    for (const input of inputs.values())
      for (const [siteId, value] of Object.entries(input.current.bySite)) if (value > 0) withData.add(siteId);
    return {
      labName: this.config.SPACEAPI_NAME ?? 'Werkbank',
      timezone: this.config.TIMEZONE,
      period,
      previousPeriod: previous,
      granularity: granularityFor(period),
      threshold,
      sites: sites.map((s) => ({
        id: s.id,
        name: s.name,
        mobile: s.kind === SiteKind.Mobile,
        hasData: withData.has(s.id),
      })),
      metrics: metricReports(metrics, inputs, chosen, threshold),
      generatedAt: new Date().toISOString(),
    };
  }

  /** The lab's threshold, or a stricter one for this report; never a laxer one. */
  private threshold(q: ReportQueryDto): number {
    const lab = this.config.REPORT_SUPPRESSION_THRESHOLD;
    if (q.threshold === undefined) return lab;
    if (q.threshold < lab)
      throw DomainError.invalid(
        'threshold',
        `must not be below the lab's threshold ${lab}`,
        DomainRule.OutOfRange,
        {
          min: lab,
        },
      );
    return q.threshold;
  }

  private period(q: ReportQueryDto): Period {
    const missing = (field: string) =>
      new DomainError(ErrorCode.ValidationFailed, `${field}: required for period ${q.period}`, [
        { field, problem: `required for period ${q.period}`, rule: DomainRule.OneOf },
      ]);
    let request: PeriodRequest;
    switch (q.period) {
      case PeriodKind.Custom:
        if (!q.from) throw missing('from');
        if (!q.to) throw missing('to');
        request = { kind: PeriodKind.Custom, from: q.from, to: q.to };
        break;
      case PeriodKind.Month:
        if (q.year === undefined) throw missing('year');
        if (q.month === undefined) throw missing('month');
        request = { kind: PeriodKind.Month, year: q.year, month: q.month };
        break;
      case PeriodKind.Year:
        if (q.year === undefined) throw missing('year');
        request = { kind: PeriodKind.Year, year: q.year };
        break;
      default:
        if (q.year === undefined) throw missing('year');
        if (q.quarter === undefined) throw missing('quarter');
        request = { kind: PeriodKind.Quarter, year: q.year, quarter: q.quarter };
    }
    const resolved = resolvePeriod(request);
    if ('problems' in resolved) {
      const details: FieldProblem[] = resolved.problems.map((p) => ({
        field: p.field,
        problem: p.problem,
        rule: RULE_OF[p.rule],
      }));
      throw new DomainError(
        ErrorCode.ValidationFailed,
        details.map((d) => `${d.field}: ${d.problem}`).join('; '),
        details,
      );
    }
    return resolved.period;
  }
}
