'use client';
import { BarElement, CategoryScale, Chart as ChartJS, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip);

const dollars = (c: number) => `$${(c / 100).toFixed(2)}`;

/** The payment histogram of a run: claims per payment range (from the run's exact amounts). */
export function PaymentHistogram({ bins }: { bins: { fromCents: number; toCents: number; claims: number }[] }) {
  if (bins.length === 0) return <p className="muted">No payments.</p>;
  const labels = bins.map((b) => (b.fromCents === b.toCents ? dollars(b.fromCents) : `${dollars(b.fromCents)}–${dollars(b.toCents)}`));
  return (
    <figure className="chart" style={{ maxWidth: 720 }}>
      <Bar
        data={{ labels, datasets: [{ label: 'Claims', data: bins.map((b) => b.claims), backgroundColor: '#2f5d8a' }] }}
        options={{ responsive: true, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'claims' } } } }}
        aria-label="Histogram of payments: number of claims per payment amount"
        role="img"
      />
      <figcaption className="muted small">
        {bins
          .map((b, i) => ({ b, label: labels[i] }))
          .filter(({ b }) => b.claims > 0)
          .map(({ b, label }) => `${label}: ${b.claims.toLocaleString('en-US')} claims`)
          .join('; ')}
      </figcaption>
    </figure>
  );
}
