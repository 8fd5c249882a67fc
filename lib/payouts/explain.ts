import { formatCents } from '@/lib/money';
import type { ClaimPayment } from './service';

/** A claimant's payment in plain words: units × share value, and the rounding to whole cents. */
export function explainPayment(p: ClaimPayment, unitWord = 'share'): string[] {
  const units = `${p.units.toLocaleString('en-US')} ${p.units === 1 ? unitWord : `${unitWord}s`}`;
  const cents = Number(p.shareValue);
  const perUnit = `$${(cents / 100).toFixed(cents < 100 ? 4 : 2)}`;
  const out = [`Your payment is ${formatCents(p.amountCents)}${p.status === 'approved' ? ' (approved; it is sent once the payment run is final)' : ''}.`];
  switch (p.rounding) {
    case 'capped':
      out.push(`The plan caps each payment at ${formatCents(p.capCents ?? p.amountCents)}; your ${units} would have come to more, so you receive the cap and the rest is shared among the other claimants.`);
      break;
    case 'below_minimum':
      out.push(`Your ${units} came to less than the plan’s minimum payment of ${formatCents(p.minimumCents ?? 0)}, so no payment is made; that money is shared among the other claimants, as the Court approved.`);
      break;
    default:
      out.push(`Your claim has ${units}. Each ${unitWord} is worth about ${perUnit} (the net fund divided by all approved ${unitWord}s), so your exact share is $${p.exactCents}${p.rounding === 'exact' ? '.' : '…'}`);
      if (p.rounding === 'up') out.push('Payments are in whole cents. Yours was rounded up by less than a cent: the leftover cents go one each to the claims closest to the next cent, so all payments add up exactly to the fund.');
      if (p.rounding === 'down') out.push('Payments are in whole cents. Yours was rounded down by less than a cent, so that all payments add up exactly to the fund.');
  }
  return out;
}
