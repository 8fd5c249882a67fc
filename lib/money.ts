/** Money is integer cents everywhere; these are the only ways it becomes text. */

/** "$1,234.56" from integer cents, exact for any safe integer (no floating-point division). */
export function formatCents(cents: number): string {
  if (!Number.isInteger(cents)) throw new Error('money must be integer cents');
  const negative = cents < 0;
  const abs = BigInt(Math.abs(cents));
  const dollars = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}$${dollars}.${rest}`;
}

/** Whole amounts without the ".00" ("$92,000,000"), otherwise as formatCents. */
export function formatDollars(cents: number): string {
  const s = formatCents(cents);
  return s.endsWith('.00') ? s.slice(0, -3) : s;
}
