'use client';
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export type RailBars = { rail: string; confirmed: number; sent: number; notSent: number; problem: number };

/** Per rail, stacked dollars: confirmed, sent (in flight), not sent yet, failed/returned/unclaimed/voided. The figures are in the table beside it too. */
export function DisbursementChart({ rails }: { rails: RailBars[] }) {
  const label = `Bar chart of money by rail: ${rails.map((r) => `${r.rail} $${r.confirmed.toFixed(2)} confirmed, $${r.problem.toFixed(2)} failed or returned`).join('; ')}.`;
  return (
    <div className="chart-box">
      <Bar
        aria-label={label}
        role="img"
        data={{
          labels: rails.map((r) => r.rail),
          datasets: [
            { label: 'Confirmed', data: rails.map((r) => r.confirmed), backgroundColor: '#2e7d32' },
            { label: 'Sent', data: rails.map((r) => r.sent), backgroundColor: '#1f3a5f' },
            { label: 'Not sent', data: rails.map((r) => r.notSent), backgroundColor: '#9aa5b1' },
            { label: 'Failed / returned', data: rails.map((r) => r.problem), backgroundColor: '#b3261e' },
          ],
        }}
        options={{
          indexAxis: 'y',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          scales: { x: { stacked: true, ticks: { callback: (v) => `$${Number(v).toLocaleString('en-US')}` } }, y: { stacked: true } },
          plugins: { legend: { position: 'bottom' } },
        }}
      />
    </div>
  );
}
