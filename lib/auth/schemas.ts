import { z } from 'zod';
import { ruledText } from '@/lib/text/schema';
import { passwordSchema } from './password-rules';
import { roles } from './permissions';

/** One zod schema per form, shared by the client form and the server action. */

const access = {
  allSettlements: z.boolean().default(false),
  settlementIds: z.array(z.uuid()).default([]),
};

function requireSomeAccess(v: { allSettlements: boolean; settlementIds: string[] }, ctx: z.RefinementCtx) {
  if (!v.allSettlements && v.settlementIds.length === 0)
    ctx.addIssue({ code: 'custom', path: ['settlementIds'], message: 'Choose at least one settlement, or all settlements' });
}

export const inviteSchema = z
  .object({
    email: z.email('Enter an email address like name@example.com').max(200),
    name: ruledText('name', 'Name', 120).pipe(z.string().min(2, 'Enter the person’s name')),
    role: z.enum(roles, 'Choose a role'),
    ...access,
  })
  .superRefine(requireSomeAccess);
export type InviteInput = z.infer<typeof inviteSchema>;

export const changeRoleSchema = z.object({ userId: z.uuid(), role: z.enum(roles, 'Choose a role') });

export const settlementAccessSchema = z.object({ userId: z.uuid(), ...access }).superRefine(requireSomeAccess);

export const setDisabledSchema = z.object({ userId: z.uuid(), disabled: z.boolean() });

export const acceptInviteSchema = z
  .object({
    token: z.string().min(20).max(200),
    sealedSecret: z.string().min(10).max(500),
    password: passwordSchema,
    confirm: z.string(),
    code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match' });
export type AcceptInviteInput = z.infer<typeof acceptInviteSchema>;

export const signInSchema = z.object({
  email: z.email('Enter your email address').max(200),
  password: z.string().min(1, 'Enter your password').max(200),
  code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'),
});
