import { useEffect, useRef } from 'react';
import {
  CategoryScale,
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';

// Only what a line chart needs: this chunk loads lazily, with the first report that has a series.
Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip);

export interface SeriesPoint {
  label: string;
  /** Null for a hidden bucket: drawn as a gap with `mark` ("<5" or "•") above the axis, never as a value. */
  value: number | null;
  mark: string | null;
}

interface Props {
  points: SeriesPoint[];
  locale: string;
  label: string;
  /** Text alternative of the whole chart (the table beside it holds every figure). */
  summary: string;
}

/** Writes the hidden buckets' marks at the bottom of the plot, where the gap in the line is. */
const hiddenMarks = (points: SeriesPoint[]): Plugin<'line'> => ({
  id: 'hiddenMarks',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    ctx.save();
    ctx.fillStyle = '#6b3a00';
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    points.forEach((p, i) => {
      if (p.value !== null || !p.mark) return;
      const x = scales.x.getPixelForValue(i);
      ctx.fillText(p.mark, x, chartArea.bottom - 6);
    });
    ctx.restore();
  },
});

/** One measure over the period. Colours meet 3:1 against white; points also carry a shape. */
export default function SeriesChart({ points, locale, label, summary }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels: points.map((p) => p.label),
        datasets: [
          {
            label,
            data: points.map((p) => p.value),
            borderColor: '#0b4f96',
            backgroundColor: '#0b4f96',
            pointStyle: 'rectRot',
            pointRadius: 4,
            borderWidth: 2,
            spanGaps: false,
          },
        ],
      },
      options: {
        locale,
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: {
            beginAtZero: true,
            ticks: { color: '#333' },
            title: { display: true, text: label, color: '#333' },
          },
          x: { offset: true, ticks: { color: '#333', autoSkip: true, maxRotation: 0 } },
        },
        plugins: {
          tooltip: {
            // A hidden bucket's tooltip shows its mark, not a number.
            callbacks: {
              label: (item) => `${label}: ${points[item.dataIndex]?.mark ?? item.formattedValue}`,
            },
          },
        },
      },
      plugins: [hiddenMarks(points)],
    });
    return () => chart.destroy();
  }, [points, locale, label]);
  return (
    <div className="chart-box report-chart">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
