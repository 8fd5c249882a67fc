import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, staffUsers } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { createSettlement } from '@/lib/settlements/service';
import { demoConfig } from '@/lib/demo/service';
import { authenticate, LOCKOUT_MS, MAX_FAILED_ATTEMPTS } from './authenticate';
import { BCRYPT_COST, hashPassword, verifyPassword } from './password';
import { accessibleSettlements, findStaffByEmail, loadStaffUser, type StaffUser } from './queries';
import { checkTotp, newTotpSecret, totpCode, TOTP_PERIOD } from './totp';
import { acceptInvitation, changeRole, createStaffUser, enrolmentSecret, findInvitation, inviteStaff, setDisabled, setSettlementAccess, StaffError } from './users';

let h: Handle;
const PASSWORD = 'correct horse battery staple';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let t = new Date('2026-03-01T12:00:00Z').getTime();
/** Each sign-in needs a later TOTP step than the last (a code is spent once), so tests move the clock. */
const nextStep = () => new Date((t += TOTP_PERIOD * 1000));

beforeAll(async () => {
  h = await openTestDb();
});
afterAll(async () => h.close());

async function staff(email: string, role: StaffUser['role'] = 'admin') {
  const id = await createStaffUser(h.db, { email, name: 'Test Person', password: PASSWORD, totpSecret: SECRET, role }, 'test');
  return (await loadStaffUser(h.db, id))!;
}
const auditOf = async (action: string) => h.db.select().from(auditLog).where(eq(auditLog.action, action));

describe('passwords', () => {
  it('hashes with bcrypt cost ≥ 12 and verifies only the right password', async () => {
    const hash = await hashPassword('a long passphrase here');
    expect(hash).toMatch(/^\$2[ab]\$12\$/);
    expect(BCRYPT_COST).toBeGreaterThanOrEqual(12);
    expect(await verifyPassword('a long passphrase here', hash)).toBe(true);
    expect(await verifyPassword('a long passphrase hers', hash)).toBe(false);
  });
});

describe('TOTP', () => {
  const secret = newTotpSecret();
  const at = new Date('2026-01-01T00:00:15Z');
  it('accepts the current code and one step either side, not two', () => {
    const step = (d: number) => new Date(at.getTime() + d * TOTP_PERIOD * 1000);
    expect(checkTotp(secret, totpCode(secret, at), 0, at).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, step(-1)), 0, at).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, step(1)), 0, at).ok).toBe(true);
    expect(checkTotp(secret, totpCode(secret, step(-2)), 0, at).ok).toBe(false);
    expect(checkTotp(secret, totpCode(secret, step(2)), 0, at).ok).toBe(false);
  });
  it('refuses a code whose step was already used, and malformed codes', () => {
    const first = checkTotp(secret, totpCode(secret, at), 0, at);
    expect(first.ok).toBe(true);
    const lastStep = first.ok ? first.step : 0;
    expect(checkTotp(secret, totpCode(secret, at), lastStep, at).ok).toBe(false);
    expect(checkTotp(secret, '12345', 0, at).ok).toBe(false);
    expect(checkTotp(secret, 'abcdef', 0, at).ok).toBe(false);
  });
});

describe('authenticate', () => {
  it('signs in with password + code, records the sign-in, and refuses the same code twice', async () => {
    const u = await staff('ok@example.test');
    const now = nextStep();
    const code = totpCode(SECRET, now);
    const r = await authenticate(h.db, { email: 'OK@Example.test ', password: PASSWORD, code }, now);
    expect(r).toEqual({ ok: true, userId: u.id });
    expect((await findStaffByEmail(h.db, u.email))!.lastSignInAt).toEqual(now);
    const replay = await authenticate(h.db, { email: u.email, password: PASSWORD, code }, new Date(now.getTime() + 5000));
    expect(replay).toEqual({ ok: false, reason: 'invalid' });
  });

  it('gives the same answer for unknown user, bad password and bad code, and audits each without secrets', async () => {
    const u = await staff('generic@example.test');
    const now = nextStep();
    const unknown = await authenticate(h.db, { email: 'nobody@example.test', password: PASSWORD, code: totpCode(SECRET, now) }, now);
    const badPw = await authenticate(h.db, { email: u.email, password: 'wrong password!!', code: totpCode(SECRET, now) }, now);
    const badCode = await authenticate(h.db, { email: u.email, password: PASSWORD, code: '000000' === totpCode(SECRET, now) ? '111111' : '000000' }, now);
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
    expect(badPw).toEqual(unknown);
    expect(badCode).toEqual(unknown);
    const rows = await auditOf('auth.sign_in_failed');
    const reasons = rows.map((r) => r.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(['unknown_user', 'bad_password', 'bad_code']));
    const text = JSON.stringify(rows);
    expect(text).not.toContain('wrong password');
    expect(text).not.toContain(PASSWORD);
  });

  it(`locks the account for 15 minutes after ${MAX_FAILED_ATTEMPTS} failures, even for the right credentials`, async () => {
    const u = await staff('lock@example.test');
    const now = nextStep();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++)
      expect(await authenticate(h.db, { email: u.email, password: 'not the password', code: '123456' }, now)).toEqual({ ok: false, reason: 'invalid' });
    const fifth = await authenticate(h.db, { email: u.email, password: 'not the password', code: '123456' }, now);
    expect(fifth).toMatchObject({ ok: false, reason: 'locked' });
    const during = new Date(now.getTime() + LOCKOUT_MS - 60_000);
    expect(await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, during) }, during)).toMatchObject({ ok: false, reason: 'locked' });
    const after = new Date(now.getTime() + LOCKOUT_MS + 60_000);
    t = after.getTime();
    expect(await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, after) }, after)).toEqual({ ok: true, userId: u.id });
    expect((await findStaffByEmail(h.db, u.email))!.failedAttempts).toBe(0);
  });

  it('refuses a disabled user with the generic answer', async () => {
    const admin = await staff('boss@example.test');
    const u = await staff('leaver@example.test', 'reviewer');
    await setDisabled(h.db, admin, { userId: u.id, disabled: true });
    const now = nextStep();
    expect(await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, now) }, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(await loadStaffUser(h.db, u.id)).toBeNull();
  });
});

describe('users', () => {
  it('invites, and the invitee sets a password and enrols TOTP by proving a code', async () => {
    const admin = await staff('inviter@example.test');
    const s = await createSettlement(h.db, { ...demoConfig(), slug: 'invite-case' }, 'test');
    const { token } = await inviteStaff(h.db, admin, { email: 'New.Person@Example.test', name: 'New Person', role: 'reviewer', settlementIds: [s.id] });
    expect((await findInvitation(h.db, token)).state).toBe('open');
    const { secret, sealed } = enrolmentSecret(token);
    const now = nextStep();
    const wrong = acceptInvitation(h.db, { token, sealedSecret: sealed, password: 'a brand new passphrase', confirm: 'a brand new passphrase', code: totpCode(SECRET, now) }, now);
    await expect(wrong).rejects.toBeInstanceOf(StaffError);
    const tampered = acceptInvitation(h.db, { token, sealedSecret: enrolmentSecret('another-token-entirely-xxxx').sealed, password: 'a brand new passphrase', confirm: 'a brand new passphrase', code: totpCode(secret, now) }, now);
    await expect(tampered).rejects.toThrow(/changed/);
    const { userId } = await acceptInvitation(h.db, { token, sealedSecret: sealed, password: 'a brand new passphrase', confirm: 'a brand new passphrase', code: totpCode(secret, now) }, now);
    const user = (await loadStaffUser(h.db, userId))!;
    expect(user).toMatchObject({ email: 'new.person@example.test', role: 'reviewer', settlementIds: [s.id] });
    expect((await findInvitation(h.db, token)).state).toBe('accepted');
    await expect(acceptInvitation(h.db, { token, sealedSecret: sealed, password: 'a brand new passphrase', confirm: 'a brand new passphrase', code: totpCode(secret, nextStep()) })).rejects.toThrow(/accepted/);
    // The enrolled secret works for sign-in; the enrolment code itself is spent.
    const later = nextStep();
    expect(await authenticate(h.db, { email: user.email, password: 'a brand new passphrase', code: totpCode(secret, later) }, later)).toEqual({ ok: true, userId });
    expect((await auditOf('staff.invite')).length).toBeGreaterThan(0);
    expect((await auditOf('staff.accept_invite')).map((r) => r.targetId)).toContain(userId);
  });

  it('rejects an expired invitation and a short password', async () => {
    const admin = await staff('inviter2@example.test');
    const { token } = await inviteStaff(h.db, admin, { email: 'late@example.test', name: 'Late', role: 'auditor', allSettlements: true }, new Date('2020-01-01'));
    expect((await findInvitation(h.db, token)).state).toBe('expired');
    const { secret, sealed } = enrolmentSecret(token);
    await expect(acceptInvitation(h.db, { token, sealedSecret: sealed, password: 'long enough pass', confirm: 'long enough pass', code: totpCode(secret) })).rejects.toThrow(/expired/);
    await expect(acceptInvitation(h.db, { token, sealedSecret: sealed, password: 'short', confirm: 'short', code: totpCode(secret) })).rejects.toThrow(/12 characters/);
  });

  it('changes role and settlement scope with immediate effect, audited', async () => {
    const admin = await staff('scoper@example.test');
    const u = await staff('scoped@example.test', 'reviewer');
    const a = await createSettlement(h.db, { ...demoConfig(), slug: 'scope-a' }, 'test');
    await createSettlement(h.db, { ...demoConfig(), slug: 'scope-b' }, 'test');
    await changeRole(h.db, admin, { userId: u.id, role: 'finance' });
    await setSettlementAccess(h.db, admin, { userId: u.id, allSettlements: false, settlementIds: [a.id] });
    const after = (await loadStaffUser(h.db, u.id))!;
    expect(after.role).toBe('finance');
    expect(after.settlementIds).toEqual([a.id]);
    expect((await accessibleSettlements(h.db, after)).map((s) => s.slug)).toEqual(['scope-a']);
    const [row] = (await auditOf('staff.change_role')).filter((r) => r.targetId === u.id);
    expect(row.details).toEqual({ from: 'reviewer', to: 'finance' });
    await expect(setSettlementAccess(h.db, admin, { userId: u.id, allSettlements: false, settlementIds: [] })).rejects.toThrow(/at least one settlement/);
  });

  it('never leaves the installation without an active administrator', async () => {
    // A fresh view: demote or disable every admin but one, then try the last.
    const admins = await h.db.select().from(staffUsers).where(eq(staffUsers.role, 'admin'));
    const keeper = (await loadStaffUser(h.db, admins[0].id))!;
    for (const a of admins.slice(1)) await changeRole(h.db, keeper, { userId: a.id, role: 'auditor' });
    await expect(changeRole(h.db, keeper, { userId: keeper.id, role: 'reviewer' })).rejects.toThrow(/last active administrator/);
    await expect(setDisabled(h.db, keeper, { userId: keeper.id, disabled: true })).rejects.toThrow(/your own account/);
  });

  it('will not invite an email that already has an account', async () => {
    const admin = await staff('dup-inviter@example.test');
    await expect(inviteStaff(h.db, admin, { email: 'dup-inviter@example.test', name: 'Again', role: 'admin', allSettlements: true })).rejects.toThrow(/already has an account/);
  });
});
