import Link from 'next/link';
import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/app/_lib/db';
import { listSettlements } from '@/lib/settlements/service';

/** The installation's front door: one settlement goes straight to its site; several are listed. */
export default async function Home() {
  await connection();
  const all = await listSettlements(await getDb());
  if (all.length === 1) redirect(`/${all[0].slug}`);
  return (
    <main id="main" className="container narrow">
      <h1>Settlements administered here</h1>
      {all.length === 0 ? (
        <p>No settlement has been set up yet. Run <code>npx fairshare demo</code> or <code>npx fairshare settlement create --file …</code>.</p>
      ) : (
        <ul>
          {all.map((s) => (
            <li key={s.id}>
              <Link href={`/${s.slug}`}>{s.config.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
