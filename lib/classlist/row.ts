import { z } from 'zod';
import { isIsoDate, parseBoolean } from '@/lib/csv/read';
import { normalisePhone } from '@/lib/privacy/normalise';
import type { ClassListAttributeType, SettlementConfig } from '@/lib/settlements/config';
import type { ClassContact } from './members';

/**
 * One class-list row (INTERFACES.md §2.1) checked and typed. Pure: the import streams every row of the
 * file through `classRowSchema(config)`; zod issues carry the column name as their path so the reader
 * can turn them into `file:line:column (field)` messages.
 */

export const CONTACT_COLUMNS = ['email', 'phone', 'username', 'first_name', 'last_name', 'street', 'city', 'state', 'zip', 'country'] as const;
export const CLASS_COLUMNS = ['record_id', ...CONTACT_COLUMNS] as const;
export const REQUIRED_CLASS_COLUMNS = ['record_id'] as const;

export type AttributeValue = string | number | boolean;
export type ClassRow = { recordId: string; contact: ClassContact; attributes: Record<string, AttributeValue> };

/**
 * A cell parsed strictly to its declared type (INTERFACES.md §2: booleans true/false/yes/no/1/0, dates
 * ISO 8601). Returns the typed value, or an error message. An empty cell is `undefined`: the attribute
 * is missing for that member (false for a boolean rule, 0 points).
 */
export function parseAttribute(type: ClassListAttributeType, raw: string): { value?: AttributeValue; error?: string } {
  const v = raw.trim();
  if (!v) return {};
  switch (type) {
    case 'boolean': {
      const b = parseBoolean(v);
      return b === undefined ? { error: `must be true or false (also yes/no, 1/0), not "${v.slice(0, 40)}"` } : { value: b };
    }
    case 'integer': {
      const n = Number(v);
      return /^[+-]?\d+$/.test(v) && Number.isSafeInteger(n) ? { value: n } : { error: `must be a whole number, not "${v.slice(0, 40)}"` };
    }
    case 'date':
      return isIsoDate(v) ? { value: v } : { error: `must be a date written YYYY-MM-DD (ISO 8601), not "${v.slice(0, 40)}"` };
    case 'text':
      return { value: v };
  }
}

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();
const US = new Set(['', 'US', 'USA', 'UNITED STATES', 'UNITED STATES OF AMERICA']);
// A pragmatic e-mail check (one @, a dot in the domain, no spaces): z.email()'s stricter grammar would
// reject mailboxes a platform really holds (quoted local parts, unusual characters).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function classRowSchema(config: Pick<SettlementConfig, 'classListAttributes'>) {
  const declared = Object.entries(config.classListAttributes);
  return z
    .looseObject({
      record_id: z.string({ error: 'is required' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
      email: text(320),
      phone: text(50),
      username: text(200),
      first_name: text(200),
      last_name: text(200),
      street: text(500),
      city: text(200),
      state: text(100),
      zip: text(20),
      country: text(100),
    })
    .transform((r, ctx): ClassRow => {
      const t = (k: (typeof CONTACT_COLUMNS)[number]) => (r[k] ?? '').trim() || undefined;
      const contact: ClassContact = {
        email: t('email'),
        phone: t('phone'),
        username: t('username'),
        firstName: t('first_name'),
        lastName: t('last_name'),
        street: t('street'),
        city: t('city'),
        state: t('state'),
        zip: t('zip'),
        country: t('country'),
      };
      if (!contact.email && !contact.phone && !contact.username)
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'at least one of email, phone or username is required' });
      if (contact.email && !EMAIL.test(contact.email)) ctx.addIssue({ code: 'custom', path: ['email'], message: 'is not an e-mail address' });
      if (contact.phone && !normalisePhone(contact.phone)) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'is not a phone number (a U.S. number, or + and the country code)' });
      if (contact.zip && US.has((contact.country ?? '').toUpperCase()) && !/^\d{5}(-?\d{4})?$/.test(contact.zip))
        ctx.addIssue({ code: 'custom', path: ['zip'], message: 'must be a U.S. ZIP code: five digits, or ZIP+4' });
      const attributes: Record<string, AttributeValue> = {};
      for (const [name, { type }] of declared) {
        const raw = (r as Record<string, unknown>)[name];
        if (typeof raw !== 'string') continue;
        const { value, error } = parseAttribute(type, raw);
        if (error) ctx.addIssue({ code: 'custom', path: [name], message: `${error} (${name} is declared ${type} in the settlement's classListAttributes)` });
        else if (value !== undefined) attributes[name] = value;
      }
      return { recordId: r.record_id, contact, attributes };
    });
}

/**
 * Columns nobody declared are kept as text attributes (INTERFACES.md §2: unknown columns are kept).
 * They cannot be used by a tier rule until declared (the configuration refuses that), so keeping them
 * as text guesses nothing; an empty cell is left out.
 */
export function undeclaredAttributes(extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra)) {
    const t = v.trim();
    if (t) out[k] = t;
  }
  return out;
}
