import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { NOTICE_PREFIX, parsePublicId } from '@/lib/claims/claim-id';
import { paymentMethodLabels } from '@/lib/settlements/config';
import { tiersByPriority } from '@/lib/verification/tier';
import { ClaimForm } from './claim-form';
import { claimDeadlineLabel, claimPeriodClosed } from './deadline';
import type { ClaimFormView } from './steps';
import { loadSettlement } from '../_site/settlement';

export const metadata: Metadata = { title: 'File a claim' };

export default async function ClaimPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ notice?: string | string[] }> }) {
  const { slug } = await params;
  // The e-mail notice links here with its Notice ID; only a well-formed one (check character) is filled in.
  const notice = (await searchParams).notice;
  const noticeId = (typeof notice === 'string' && parsePublicId(notice, NOTICE_PREFIX)) || undefined;
  const settlement = await loadSettlement(slug);
  const c = settlement.config;
  const classTier = tiersByPriority(c).at(-1)!;
  const late = claimPeriodClosed(c);
  const deadlineLabel = claimDeadlineLabel(c);
  const view: ClaimFormView = {
    slug,
    shortName: c.shortName,
    platform: c.platform,
    identifierLabel: c.identifierLabel,
    attestations: c.attestations,
    paymentMethods: c.paymentMethods,
    paymentLabels: paymentMethodLabels,
    className: classTier.name,
    classDefinition: classTier.description,
    deadlineLabel,
    late,
    contact: { phone: c.contact.phone, email: c.contact.email },
    noticeId,
  };
  return (
    <main id="main" className="container narrow claim-page">
      <p className="back-link">
        <Link href={`/${slug}`}>← Back to the settlement website</Link>
      </p>
      <h1>File a claim</h1>
      <p className="lede">{c.name}</p>
      {late ? (
        <div className="alert warn deadline-passed" role="note">
          <h2 className="alert-title">The claim deadline has passed</h2>
          <p>
            Claims had to be submitted by <strong>{deadlineLabel}</strong>. You can still submit a claim, but it will be marked as <strong>late</strong>.
            Late claims are paid only if the Court allows them, so a late claim may not be paid.
          </p>
          <p className="small">
            If you mailed a claim postmarked on or before the deadline, you do not need to file again. Questions: {c.contact.phone} or {c.contact.email}.
          </p>
        </div>
      ) : (
        <p>
          Submit by <strong>{deadlineLabel}</strong>. It takes about 5 minutes. Have your {c.identifierLabel} or the Notice ID and confirmation code from your notice ready.
          Your information is encrypted and used only to administer this settlement.
        </p>
      )}
      <ClaimForm view={view} token={randomUUID()} startedAt={Date.now()} />
    </main>
  );
}
