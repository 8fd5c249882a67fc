import { z } from 'zod';
import { checkText, textMessage, type TextKind } from './rules';

/**
 * The text rules (./rules.ts) as a zod field, for the console's own inputs (staff names, a settlement's
 * names): the same verdicts and normalisation as the claimant channels, with the field named in the
 * message ("Name must not start with =, +, - or @").
 */
export function ruledText(kind: TextKind, subject: string, max: number) {
  return z.string({ error: `${subject} must be text` }).transform((raw, ctx) => {
    const r = checkText(kind, raw, max);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: textMessage(r.problem, kind, { subject, max }) });
    return z.NEVER;
  });
}
