'use client';

import type { ReactNode } from 'react';
import type { StepKey } from '@/lib/claims/schema';
import type { StepProps } from './steps';

const last4 = (s: string) => (s.length > 4 ? `••••${s.slice(-4)}` : s);

/** Every answer once more, with a "Change" link to its step. Account numbers show only their last 4 digits. */
export function ReviewStep({ view, values, goTo }: StepProps) {
  const pay = values.paymentMethod;
  const payDetail =
    pay === 'paypal' ? values.paypalEmail
    : pay === 'venmo' ? values.venmoHandle
    : pay === 'zelle' ? values.zelleContact
    : pay === 'prepaid_card' ? values.cardEmail
    : pay === 'ach' ? `${values.achAccountType} account ${last4(values.achAccount)}, routing ${values.achRouting}`
    : pay === 'check' ? 'Mailed to the address above'
    : '';
  const sections: { step: StepKey; title: string; rows: [string, ReactNode][] }[] = [
    {
      step: 'eligibility',
      title: 'Eligibility',
      rows: [
        ['Lived in the U.S.', values.usResident === 'yes' ? 'Yes' : 'No'],
        [`Used ${view.platform} in the class period`, values.usedApp === 'yes' ? 'Yes' : 'No'],
        ['Claim for', values.filingFor === 'minor' ? 'A child under 18' : 'Myself'],
      ],
    },
    {
      step: 'identity',
      title: 'Details',
      rows: [
        ...(values.filingFor === 'minor' ? [['Parent or guardian', values.guardianName] as [string, ReactNode]] : []),
        ['Name', `${values.firstName} ${values.lastName}`],
        ['E-mail', values.email],
        ['Phone', values.phone || '—'],
        ['Address', [values.street, values.city, values.state, values.zip].filter(Boolean).join(', ')],
      ],
    },
    {
      step: 'identifiers',
      title: 'Account',
      rows: [
        [`${view.identifierLabel}s`, values.usernames.filter((u) => u.trim()).join(', ') || '—'],
        ['Notice ID', values.noticeId || '—'],
      ],
    },
    ...(view.attestations.length
      ? [
          {
            step: 'attestation' as StepKey,
            title: 'Statements',
            rows: view.attestations.map((a) => [a.label, values.attestations.includes(a.key) ? 'Yes' : 'No'] as [string, ReactNode]),
          },
        ]
      : []),
    { step: 'payment', title: 'Payment', rows: [['Method', view.paymentLabels[pay] ?? '—'], ['Details', payDetail]] },
  ];
  return (
    <>
      <p>Check your answers before you sign. You cannot change them after you submit.</p>
      {sections.map((s) => (
        <section key={s.step} className="review-section" aria-labelledby={`review-${s.step}`}>
          <div className="review-head">
            <h3 id={`review-${s.step}`}>{s.title}</h3>
            <button type="button" className="link-button" onClick={() => goTo(s.step)}>
              Change<span className="visually-hidden"> {s.title.toLowerCase()}</span>
            </button>
          </div>
          <dl className="kv">
            {s.rows.map(([k, v]) => (
              <div key={k} className="kv-row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
