import type { Metadata } from 'next';
import Link from 'next/link';
import { loadSettlement } from '../_site/settlement';
import { NoticeCheck, SenderCheck } from './check-forms';
import { officialChannelsOf } from './official';

export const metadata: Metadata = { title: 'Is this real?' };

/**
 * The anti-phishing page: the only channels the administrator uses, what it will never ask for, and two
 * checks — a Notice ID, an e-mail's sender — that answer "ours or not" and nothing more.
 */
export default async function IsThisRealPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const c = (await loadSettlement(slug)).config;
  const official = officialChannelsOf(c);
  return (
    <main id="main" className="container narrow claim-page">
      <p className="back-link">
        <Link href={`/${slug}`}>← Back to the settlement website</Link>
      </p>
      <h1>Is this message really from the Settlement Administrator?</h1>
      <p className="lede">
        Scammers copy settlement notices to steal bank details. Here is how to tell a genuine message about the {c.shortName} from a fake one.
      </p>

      <section aria-labelledby="official-title">
        <h2 id="official-title">The only ways we contact you</h2>
        <dl className="kv" data-testid="official-channels">
          <dt>Website</dt>
          <dd>
            {official.websites.length ? official.websites.map((w) => <div key={w} className="mono">{w}</div>) : <span>this website</span>}
          </dd>
          <dt>E-mail from</dt>
          <dd data-testid="official-senders">
            {official.senders.map((s) => (
              <div key={s} className="mono">
                {s}
              </div>
            ))}
          </dd>
          <dt>Phone</dt>
          <dd>{official.phone}</dd>
          <dt>Mail</dt>
          <dd>{official.mail}</dd>
        </dl>
      </section>

      <section aria-labelledby="never-title">
        <h2 id="never-title">We will never</h2>
        <ul className="prose" data-testid="never-ask">
          <li>ask you to pay anything — a fee, a tax or a “release charge” — to receive a payment;</li>
          <li>ask for your full Social Security number, a password, a one-time code or your online-banking login;</li>
          <li>ask for bank or card details by e-mail, text or phone call — only on the claim form on this website, which you open yourself;</li>
          <li>threaten you with a deadline shorter than the Court’s: the real deadlines are on the home page;</li>
          <li>send you a link to a website other than the one above.</li>
        </ul>
      </section>

      <section aria-labelledby="check-notice-title">
        <h2 id="check-notice-title">Check a Notice ID</h2>
        <NoticeCheck slug={slug} />
      </section>

      <section aria-labelledby="check-sender-title">
        <h2 id="check-sender-title">Check who sent an e-mail</h2>
        <SenderCheck slug={slug} />
      </section>

      <p>
        Still unsure? Call us at {c.contact.phone} — find the number on this page yourself rather than in the message — or write to{' '}
        <a href={`mailto:${c.contact.email}`}>{c.contact.email}</a>.
      </p>
    </main>
  );
}
