import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { AddressParser } from '@sroussey/parse-address';

/**
 * Identifiers are normalised before they are hashed, so that the same person written two ways
 * matches (DOMAIN.md §5): e-mail lower-cased, and for Gmail only, dots and "+tag" ignored.
 */

const GMAIL = new Set(['gmail.com', 'googlemail.com']);

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase().normalize('NFKC');
  const at = email.lastIndexOf('@');
  if (at < 1) return email;
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  if (GMAIL.has(domain)) {
    local = local.split('+')[0].replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

// libphonenumber is one of the slowest steps of an import, and a row asks twice (the row check, then
// the matching key): the last answer is kept so the second ask is free.
let lastPhone: { raw: string; e164: string | null } = { raw: '', e164: null };

/** E.164, assuming a U.S. number when no country code is given; null when it is not a phone number. */
export function normalisePhone(raw: string): string | null {
  if (raw === lastPhone.raw) return lastPhone.e164;
  const parsed = parsePhoneNumberFromString(raw.trim(), 'US');
  lastPhone = { raw, e164: parsed && parsed.isValid() ? parsed.number : null };
  return lastPhone.e164;
}

export function normaliseUsername(raw: string): string {
  return raw.trim().replace(/^@/, '').toLowerCase().normalize('NFKC');
}

export function normaliseZip(raw: string): string {
  return raw.trim().slice(0, 5);
}

const addressParser = new AddressParser();
const squash = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * A street line in one canonical spelling, so `123 N. Main St. Apt 4B` and `123 North Main Street #4b`
 * are the same address: parsed by parse-address (USPS abbreviations for directions and street types:
 * North → N, Street → ST; "Apt", "Unit", "#" all mean a unit), then written as
 * `NUMBER PREFIX STREET TYPE SUFFIX UNIT` in capitals, the unit by its number alone. A PO Box is
 * `PO BOX N`. A line the parser cannot read (no house number) is kept as its letters and digits in
 * capitals, so it still compares equal to itself written with other punctuation or case.
 */
export function canonicalStreet(raw: string): string {
  const line = raw.trim();
  if (!line) return '';
  // parse-address is slow (~25 µs a line) and a class list repeats its street names endlessly, with only
  // the house number changing. The parser sees a number only by its shape (`\d+-?\d*`, never its value),
  // so the line is parsed once with its leading digits written as zeros and the real digits put back.
  const digits = /^\d+/.exec(line)?.[0] ?? '';
  const shape = digits ? '0'.repeat(digits.length) + line.slice(digits.length) : line;
  let canonical = streetCache.get(shape);
  if (canonical === undefined) {
    canonical = canonicalStreetUncached(shape);
    if (streetCache.size >= STREET_CACHE_MAX) streetCache.clear(); // flat memory, whatever the file
    streetCache.set(shape, canonical);
  }
  // The leading digits come out first and unchanged (squash keeps digits); anything else is parsed as is.
  if (!digits) return canonical;
  return canonical.startsWith(shape.slice(0, digits.length)) ? digits + canonical.slice(digits.length) : canonicalStreetUncached(line);
}

const streetCache = new Map<string, string>();
const STREET_CACHE_MAX = 50_000;

/** canonicalStreet without the cache (exported for the test that holds the two equal). */
export function canonicalStreetUncached(line: string): string {
  const p = addressParser.parseLocation(line) as Record<string, string | undefined> | null;
  if (p && /^PO BOX$/i.test(p.sec_unit_type ?? '') && !p.number) return squash(`PO BOX ${p.sec_unit_num ?? ''}`);
  if (!p?.number || !p.street) return squash(line);
  return squash([p.number, p.prefix, p.street, p.type, p.suffix, p.sec_unit_num].filter(Boolean).join(' '));
}

/** Names compare case- and accent-insensitively, with runs of spaces collapsed. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Masks for the UI: enough to recognise, not enough to reuse. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '•••';
  return `${email[0]}${'•'.repeat(Math.max(1, Math.min(at - 1, 6)))}@${email.slice(at + 1)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? `•••-•••-${digits.slice(-4)}` : '•••';
}

export function maskText(value: string, visible = 1): string {
  if (!value) return '';
  return value.slice(0, visible) + '•'.repeat(Math.max(1, Math.min(value.length - visible, 8)));
}
