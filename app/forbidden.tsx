import Link from 'next/link';

/** Rendered with status 403 when the guard refuses a signed-in user (next.config authInterrupts). */
export default function Forbidden() {
  return (
    <main id="main" className="container narrow">
      <div className="card" role="alert">
        <h1>You do not have access to this page</h1>
        <p>Your role does not allow this, or you have not been given access to this settlement. If you need it, ask an administrator.</p>
        <p>
          <Link href="/admin">Back to the console</Link>
        </p>
      </div>
    </main>
  );
}
