'use client';
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Chart } from 'react-chartjs-2';

ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

const NAVY = '#1f3a5f';
const GOLD = '#b8860b';

/** Claims per day (bars) against the expected rate (line). The figures are also given as a table and in the aria-label. */
export function ClaimsPerDayChart({ daily }: { daily: { day: string; claims: number; expected: number | null }[] }) {
  const total = daily.reduce((a, d) => a + d.claims, 0);
  const peak = daily.reduce((a, d) => (d.claims > a.claims ? d : a), daily[0] ?? { day: '', claims: 0 });
  // When the plan dwarfs the claims (a demo, or a slow start), the expected line gets its own right-hand scale
  // so both stay readable; the legend says so.
  const maxClaims = Math.max(1, ...daily.map((d) => d.claims));
  const maxExpected = Math.max(0, ...daily.map((d) => d.expected ?? 0));
  const separate = maxExpected > 10 * maxClaims;
  const label = `Bar chart of claims per day from ${daily[0]?.day ?? '—'} to ${daily.at(-1)?.day ?? '—'}: ${total.toLocaleString('en-US')} in all, most on ${peak.day} (${peak.claims.toLocaleString('en-US')}). A line shows the expected claims per day.`;
  return (
    <div className="chart-box">
      <Chart
        type="bar"
        aria-label={label}
        role="img"
        data={{
          labels: daily.map((d) => d.day.slice(5)),
          datasets: [
            { type: 'bar' as const, label: 'Claims', data: daily.map((d) => d.claims), backgroundColor: NAVY, borderRadius: 2 },
            { type: 'line' as const, label: separate ? 'Expected (right scale)' : 'Expected', yAxisID: separate ? 'y2' : 'y', data: daily.map((d) => d.expected), borderColor: GOLD, backgroundColor: GOLD, pointRadius: 0, borderWidth: 2, tension: 0.3, spanGaps: false },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom' } },
          scales: {
            x: { ticks: { maxTicksLimit: 12, autoSkip: true } },
            y: { beginAtZero: true, ticks: { precision: 0 } },
            y2: { display: separate, position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0, color: GOLD } },
          },
        }}
      />
    </div>
  );
}

export function StatusChart({ labels, values }: { labels: string[]; values: number[] }) {
  const label = `Bar chart of claims by status: ${labels.map((l, i) => `${l} ${values[i].toLocaleString('en-US')}`).join(', ')}.`;
  return (
    <div className="chart-box short">
      <Bar
        aria-label={label}
        role="img"
        data={{ labels, datasets: [{ label: 'Claims', data: values, backgroundColor: ['#5b7fb3', '#7a8fa8', GOLD, '#1e7a46', '#b3261e', NAVY, '#9aa3ae'] }] }}
        options={{ indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }}
      />
    </div>
  );
}
