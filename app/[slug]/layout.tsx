import type { Metadata } from 'next';
import Link from 'next/link';
import { loadSettlement } from './_site/settlement';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const s = await loadSettlement(slug);
  return { title: { default: s.config.shortName, template: `%s · ${s.config.shortName}` }, description: s.config.summary.slice(0, 200) };
}

/** The frame of every page of a settlement's website: who runs it, under which court, and how to reach them. */
export default async function SettlementLayout({ children, params }: Props & { children: React.ReactNode }) {
  const { slug } = await params;
  const c = (await loadSettlement(slug)).config;
  const base = `/${c.slug}`;
  return (
    <>
      <header className="site-header">
        <div className="container">
          <div className="site-id">
            <Link href={base} className="site-title">
              {c.shortName}
            </Link>
            <div className="site-court">
              {c.court} · {c.caseNumber}
            </div>
          </div>
        </div>
        <nav aria-label="Settlement website" className="site-nav-bar">
          <div className="container">
            <ul className="site-nav">
              <li><Link href={base}>Home</Link></li>
              <li><Link href={`${base}#faq`}>Frequently asked questions</Link></li>
              <li><Link href={`${base}#dates`}>Key dates</Link></li>
              <li><Link href={`${base}#documents`}>Documents</Link></li>
              <li><Link href={`${base}#contact`}>Contact</Link></li>
              <li><Link href={`${base}/status`}>Check my claim</Link></li>
              <li><Link href={`${base}/is-this-real`}>Is this real?</Link></li>
            </ul>
          </div>
        </nav>
      </header>
      {children}
      <footer className="site-footer">
        <div className="container footer-grid">
          <section aria-labelledby="footer-contact">
            <h2 id="footer-contact" className="footer-heading">Settlement Administrator</h2>
            <p>
              Phone: <a href={`tel:${c.contact.phone.replace(/[^\d+]/g, '')}`}>{c.contact.phone}</a>
              <br />
              Email: <a href={`mailto:${c.contact.email}`}>{c.contact.email}</a>
              <br />
              Mail: {c.contact.mail}
            </p>
          </section>
          <section aria-labelledby="footer-case">
            <h2 id="footer-case" className="footer-heading">The case</h2>
            <p>
              <i>{c.caseName}</i>, {c.caseNumber}, {c.court}.
            </p>
            <p className="authorized">This website is authorized by the Court. It is not a solicitation from a lawyer.</p>
            <p>
              <Link href={`${base}/statistics`}>Settlement statistics</Link> · <Link href={`${base}/is-this-real`}>Is a message really from us?</Link>
            </p>
          </section>
          <section aria-labelledby="footer-privacy">
            <h2 id="footer-privacy" className="footer-heading">Your privacy</h2>
            <p>
              Information you give here is used only to administer this settlement. It is encrypted, seen only by staff who need it, never sold,
              and destroyed on the schedule the Court approves.
            </p>
          </section>
        </div>
      </footer>
    </>
  );
}
