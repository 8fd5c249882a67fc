/** The audit rows of one filing, newest first. */
export function AuditList({ rows }: { rows: { id: number; at: Date; actor: string; action: string }[] }) {
  return (
    <section className="card" aria-labelledby="audit-h">
      <h2 id="audit-h">Audit trail</h2>
      {rows.length === 0 ? (
        <p className="muted">No audit entries.</p>
      ) : (
        <ul className="plain-list">
          {rows.map((a) => (
            <li key={a.id}>
              <code>{a.action}</code> <span className="muted small">{a.at.toISOString().slice(0, 16).replace('T', ' ')} UTC · {a.actor}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
