import type { Metadata } from 'next';
import { timeLeft } from '@/lib/settlements/deadlines';
import { deadlineText, formatDollars, ratioStatements, timeZoneLabel } from '@/lib/settlements/notice-text';
import { loadLiveClaims, loadSettlement } from './_site/settlement';
import { Actions, Classes, Contact, Documents, Faq, KeyDates, Payments } from './_site/sections';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  return { title: { absolute: (await loadSettlement(slug)).config.name } };
}

/** The settlement website's home: everything a class member must understand, in the order they need it. */
export default async function SettlementHome({ params }: Props) {
  const { slug } = await params;
  const settlement = await loadSettlement(slug);
  const c = settlement.config;
  const live = await loadLiveClaims(settlement);
  const now = new Date();
  const claim = timeLeft(now, c.dates.claimDeadline, c.dates.timeZone);
  return (
    <main id="main" className="site-page">
      <div className="hero site-hero">
        <div className="container">
          <p className="authorized-banner">A federal court authorized this notice. This is not a solicitation from a lawyer.</p>
          <h1>{c.name}</h1>
          <p className="lede">
            If you are in the class described below, you may be eligible for a payment from a <b>{formatDollars(c.grossFundCents)}</b> class action
            settlement with {c.defendant.replace(/\.$/, '')}.
          </p>
          <p className={`deadline-callout${claim.passed ? ' passed' : ''}`}>
            {claim.passed ? (
              <>The deadline to file a claim has passed ({deadlineText(c.dates.claimDeadline, c.dates.timeZone)}).</>
            ) : (
              <>
                File your claim by <b>{deadlineText(c.dates.claimDeadline, c.dates.timeZone)}</b> <span className="badge ok">{claim.label}</span>
              </>
            )}
          </p>
        </div>
      </div>
      <div className="container site-main">
        <section aria-labelledby="options">
          <h2 id="options">Your rights and options</h2>
          <Actions config={c} now={now} />
          <p className="muted">
            <b>If you do nothing</b>, you get no payment, and you give up the right to sue the defendants about the claims in this case.
          </p>
        </section>

        <section aria-labelledby="about-title" id="about">
          <h2 id="about-title">What this case is about</h2>
          <p className="prose">{c.summary}</p>
        </section>

        <section aria-labelledby="classes-title" id="classes">
          <h2 id="classes-title">Who is included</h2>
          <p>The settlement has {c.tiers.length === 1 ? 'one class' : `${c.tiers.length} groups`}. {ratioStatements(c).join(' ')}</p>
          <Classes config={c} />
        </section>

        <section aria-labelledby="payments-title" id="payments">
          <h2 id="payments-title">How payments are shared</h2>
          <Payments config={c} live={live} />
        </section>

        <section aria-labelledby="dates-title" id="dates">
          <h2 id="dates-title">Key dates</h2>
          <p>
            Deadlines are at 11:59 p.m. {timeZoneLabel(c.dates.timeZone, c.dates.claimDeadline)}. Mailed forms must be postmarked by
            the deadline.
          </p>
          <KeyDates config={c} now={now} />
        </section>

        <section aria-labelledby="faq-title" id="faq">
          <h2 id="faq-title">Frequently asked questions</h2>
          <Faq config={c} />
        </section>

        <section aria-labelledby="documents-title" id="documents">
          <h2 id="documents-title">Court documents</h2>
          <p>The Long Form Notice explains the settlement in full. The Court&apos;s orders and the parties&apos; filings are the official record.</p>
          <Documents config={c} />
        </section>

        <section aria-labelledby="contact-title" id="contact">
          <h2 id="contact-title">Contact</h2>
          <Contact config={c} />
        </section>
      </div>
    </main>
  );
}
