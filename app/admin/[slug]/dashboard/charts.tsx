'use client';
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';

ChartJS.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);

const NAVY = '#1f3a5f';
const GOLD = '#b8860b';

type Day = { day: string; claims: number; cumulative: number; cumulativeExpected: number | null };
const n = (v: number) => v.toLocaleString('en-US');

/**
 * Claims received so far against the plan, both as running totals on ONE axis. Two axes (claims 0–70 on
 * the left, the plan 0–80,000 on the right) once drew intake at 0.14% of plan as the plan's own curve;
 * on one axis a slow start looks like what it is. The figures are also in the table and the aria-label.
 */
export function IntakeVsPlanChart({ daily, percent }: { daily: Day[]; percent: string | null }) {
  const last = daily.at(-1);
  const label = `Line chart of claims received to date against the plan, on one scale, from ${daily[0]?.day ?? '—'} to ${last?.day ?? '—'}: ${n(last?.cumulative ?? 0)} received${
    last?.cumulativeExpected != null ? ` against ${n(last.cumulativeExpected)} expected (${percent} of plan)` : ''
  }.`;
  return (
    <div className="chart-box">
      <Line
        aria-label={label}
        role="img"
        data={{
          labels: daily.map((d) => d.day.slice(5)),
          datasets: [
            { label: 'Received to date', data: daily.map((d) => d.cumulative), borderColor: NAVY, backgroundColor: 'rgba(31,58,95,0.25)', fill: 'origin', pointRadius: 0, borderWidth: 2.5 },
            { label: 'Expected to date (plan)', data: daily.map((d) => d.cumulativeExpected), borderColor: GOLD, backgroundColor: GOLD, borderDash: [6, 4], pointRadius: 0, borderWidth: 2, spanGaps: false },
          ],
        }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          interaction: { mode: 'index', intersect: false },
          plugins: { legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 28 } } },
          scales: {
            x: { ticks: { maxTicksLimit: 10, autoSkip: true } },
            y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Claims (running total)' } },
          },
        }}
      />
    </div>
  );
}

/** Claims received per day, alone on its axis (the plan is compared in the running totals above). */
export function ClaimsPerDayChart({ daily }: { daily: Day[] }) {
  const total = daily.reduce((a, d) => a + d.claims, 0);
  const peak = daily.reduce((a, d) => (d.claims > a.claims ? d : a), daily[0] ?? { day: '', claims: 0, cumulative: 0, cumulativeExpected: null });
  const label = `Bar chart of claims received per day from ${daily[0]?.day ?? '—'} to ${daily.at(-1)?.day ?? '—'}: ${n(total)} in all, most on ${peak.day} (${n(peak.claims)}).`;
  return (
    <div className="chart-box short">
      <Bar
        aria-label={label}
        role="img"
        data={{ labels: daily.map((d) => d.day.slice(5)), datasets: [{ label: 'Claims received per day', data: daily.map((d) => d.claims), backgroundColor: NAVY, borderRadius: 2 }] }}
        options={{
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { maxTicksLimit: 10, autoSkip: true } }, y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'Claims per day' } } },
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
