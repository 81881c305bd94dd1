import { MeasureKind, MetricId } from '@werkbank/contracts';
import { METRIC_IDS, METRICS, metricOf } from './metrics';

describe('the metric catalogue', () => {
  it('has M1–M18 in order, each under its own id', () => {
    expect(METRIC_IDS).toEqual(Array.from({ length: 18 }, (_, i) => `M${i + 1}`));
    for (const id of METRIC_IDS) expect(METRICS[id].id).toBe(id);
  });

  it('names and defines every metric and measure in German and English', () => {
    for (const metric of Object.values(METRICS)) {
      for (const text of [metric.name, metric.definition, ...metric.measures.map((x) => x.name)]) {
        expect(text.de.trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
      }
      // Translated, not copied (a measure name like "Filament (g)" may read the same in both).
      expect(metric.definition.de).not.toBe(metric.definition.en);
      expect(metric.definition.de.length).toBeGreaterThan(40);
    }
  });

  it('hides derived figures with a person count of the same metric (or of M11 for machine hours)', () => {
    const persons = new Set(
      Object.values(METRICS).flatMap((x) =>
        x.measures.filter((y) => y.kind === MeasureKind.Persons).map((y) => y.key),
      ),
    );
    for (const metric of Object.values(METRICS)) {
      const keys = new Set(metric.measures.map((x) => x.key));
      expect(keys.size).toBe(metric.measures.length);
      for (const measure of metric.measures) {
        if (measure.kind === MeasureKind.Share) expect(measure.basedOn).toBeDefined();
        if (measure.basedOn) expect(persons.has(measure.basedOn)).toBe(true);
      }
    }
  });

  it('finds metrics by id and nothing for unknown or inherited names', () => {
    expect(metricOf('M7')?.name.de).toBe('Teilnahmen / Teilnehmende');
    expect(metricOf('M19')).toBeUndefined();
    expect(metricOf('toString')).toBeUndefined();
    expect(metricOf(MetricId.M18)?.measures.map((x) => x.key)).toEqual(['incidents']);
  });
});
