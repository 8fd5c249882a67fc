import type { FilingReceipt } from '@/lib/filings/queries';

/** The confirmation panel shared by the exclusion and objection receipts. */
export function Receipt({ title, idLabel, receipt, timeZone, lateText, children }: { title: string; idLabel: string; receipt: FilingReceipt; timeZone: string; lateText: string; children: React.ReactNode }) {
  const when = receipt.submittedAt.toLocaleString('en-US', { timeZone, year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  return (
    <>
      <div className="alert ok receipt" role="status">
        <h1>{title}</h1>
        <p>
          {idLabel}: <span className="claim-id" data-testid="filing-id">{receipt.id}</span>
        </p>
        <p className="small">Received {when}. Write this ID down or print this page.</p>
      </div>
      {receipt.late && <div className="alert warn">{lateText}</div>}
      <div className="card">{children}</div>
    </>
  );
}
