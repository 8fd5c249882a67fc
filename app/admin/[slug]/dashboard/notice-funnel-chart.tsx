'use client';
import { BarController, BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const n = (v: number) => v.toLocaleString('en-US');

/** The notice funnel as horizontal bars, widest first: class members → notified → reached → claims → verified. */
export function NoticeFunnelChart({ steps }: { steps: { label: string; value: number }[] }) {
  const label = `Bar chart of the notice funnel: ${steps.map((s) => `${s.label} ${n(s.value)}`).join(', ')}.`;
  return (
    <div className="chart-box">
      <Bar
        aria-label={label}
        role="img"
        data={{
          labels: steps.map((s) => s.label),
          datasets: [{ label: 'People', data: steps.map((s) => s.value), backgroundColor: ['#1f3a5f', '#2f5d8a', '#3f7fb5', '#b8860b', '#2e7d32'] }],
        }}
        options={{ indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true } } }}
      />
    </div>
  );
}
