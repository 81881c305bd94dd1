import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

// Register only what a bar chart needs: keeps this lazily loaded chunk small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface DayPoint {
  label: string;
  sessions: number;
  hours: number;
}

interface Props {
  points: DayPoint[];
  locale: string;
  sessionsLabel: string;
  hoursLabel: string;
  /** Text alternative of the whole chart (the page also offers the numbers as a table). */
  summary: string;
}

/** Sessions and machine hours per day. Colours meet 3:1 against white and differ in pattern (bar vs. outline). */
export default function UsageChart({ points, locale, sessionsLabel, hoursLabel, summary }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: points.map((p) => p.label),
        datasets: [
          {
            label: sessionsLabel,
            data: points.map((p) => p.sessions),
            backgroundColor: '#0b4f96',
            yAxisID: 'y',
          },
          {
            label: hoursLabel,
            data: points.map((p) => Math.round(p.hours * 10) / 10),
            backgroundColor: 'rgba(176, 78, 0, 0.25)',
            borderColor: '#b04e00',
            borderWidth: 2,
            yAxisID: 'y1',
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
            ticks: { precision: 0, color: '#333' },
            title: { display: true, text: sessionsLabel, color: '#333' },
          },
          y1: {
            beginAtZero: true,
            position: 'right',
            grid: { drawOnChartArea: false },
            ticks: { color: '#333' },
            title: { display: true, text: hoursLabel, color: '#333' },
          },
          x: { ticks: { color: '#333' } },
        },
        plugins: { legend: { labels: { color: '#222' } } },
      },
    });
    return () => chart.destroy();
  }, [points, locale, sessionsLabel, hoursLabel]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
