import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Handle } from '@/db/client';
import { auditLog, staffSessions, staffUsers } from '@/db/schema';
import { openTestDb } from '@/lib/testing/db';
import { createSettlement } from '@/lib/settlements/service';
import { demoConfig } from '@/lib/demo/service';
import { accountDelayMs, authenticate, FREE_ATTEMPTS, signInCountsSince } from './authenticate';
import { HashGate } from './hash-gate';
import { endSession, isSessionActive, signOutEverywhere } from './sessions';
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
    expect(r).toMatchObject({ ok: true, userId: u.id });
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
    // Real accounts' failures are audited; the unknown one is counted, not chained (sign_in_counts).
    expect(reasons).toEqual(expect.arrayContaining(['bad_password', 'bad_code']));
    expect(reasons).not.toContain('unknown_user');
    const text = JSON.stringify(rows);
    expect(text).not.toContain('wrong password');
    expect(text).not.toContain(PASSWORD);
  });

  it('never locks: after repeated failures the right credentials still work, only later and slower', async () => {
    const u = await staff('nolock@example.test');
    const now = nextStep();
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++)
      expect(await authenticate(h.db, { email: u.email, password: 'not the password', code: '123456' }, { now, ip: `192.0.2.${i}`, sleep })).toEqual({ ok: false, reason: 'invalid' });
    expect(waits).toEqual([accountDelayMs(FREE_ATTEMPTS + 1), accountDelayMs(FREE_ATTEMPTS + 2)]);
    const ok = await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, now) }, { now, ip: '192.0.2.99', sleep });
    expect(ok).toMatchObject({ ok: true, userId: u.id });
    expect((await findStaffByEmail(h.db, u.email))!.failedAttempts).toBe(0);
  });

  it('an unknown account gets the same answer, after the same delays, and is counted instead of audited', async () => {
    const now = nextStep();
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const before = (await auditOf('auth.sign_in_failed')).length;
    for (let i = 0; i < FREE_ATTEMPTS + 2; i++)
      expect(await authenticate(h.db, { email: 'ghost@example.test', password: 'whatever whatever', code: '123456' }, { now, ip: `192.0.2.${i}`, sleep })).toEqual({ ok: false, reason: 'invalid' });
    expect(waits).toEqual([accountDelayMs(FREE_ATTEMPTS + 1), accountDelayMs(FREE_ATTEMPTS + 2)]);
    expect((await auditOf('auth.sign_in_failed')).length).toBe(before);
    const counts = await signInCountsSince(h.db, new Date(now.getTime() - 3_600_000));
    expect(counts.find((c) => c.kind === 'unknown_account')!.count).toBeGreaterThanOrEqual(FREE_ATTEMPTS + 2);
  });

  it('throttles per address before checking anything, and a rotating address does not share the count', async () => {
    const u = await staff('throttle@example.test');
    const now = nextStep();
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await authenticate(h.db, { email: `x${i}@example.test`, password: 'nope nope nope', code: '1' }, { now, ip: '203.0.113.50', sleep: async () => {} })).ok === false);
    const refused = await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, now) }, { now, ip: '203.0.113.50' });
    expect(refused).toEqual({ ok: false, reason: 'throttled' });
    expect(await authenticate(h.db, { email: u.email, password: PASSWORD, code: totpCode(SECRET, now) }, { now, ip: '203.0.113.51' })).toMatchObject({ ok: true });
  });

  it('a full hash gate answers busy at once instead of queueing without bound', async () => {
    const gate = new HashGate(1, 0);
    let release!: () => void;
    const held = gate.run(() => new Promise<void>((r) => (release = r)));
    const now = nextStep();
    expect(await authenticate(h.db, { email: 'someone@example.test', password: 'x'.repeat(12), code: '1' }, { now, ip: '198.51.100.200', gate })).toEqual({ ok: false, reason: 'busy' });
    release();
    await held;
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

describe('sessions', () => {
  async function signedIn(email: string) {
    const u = (await findStaffByEmail(h.db, email)) ?? (await staff(email));
    const now = nextStep();
    const r = await authenticate(h.db, { email, password: PASSWORD, code: totpCode(SECRET, now) }, { now, ip: `198.51.100.${Math.floor(Math.random() * 200)}` });
    if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
    return { id: u.id, sid: r.sessionId };
  }

  it('sign-out ends the session on the server; a second session of the same person stays', async () => {
    const a = await signedIn('sessions@example.test');
    const b = await signedIn('sessions@example.test');
    expect(await isSessionActive(h.db, a.sid, a.id)).toBe(true);
    await endSession(h.db, a.sid, a.id);
    expect(await isSessionActive(h.db, a.sid, a.id)).toBe(false);
    expect(await isSessionActive(h.db, b.sid, b.id)).toBe(true);
    expect((await auditOf('auth.sign_out')).some((r) => r.targetId === a.id)).toBe(true);
  });

  it('sign out everywhere, disabling and a role change end every session of that person', async () => {
    const admin = await staff('session-admin@example.test');
    const a = await signedIn('everywhere@example.test');
    const b = await signedIn('everywhere@example.test');
    expect(await signOutEverywhere(h.db, a.id)).toBe(2);
    expect(await isSessionActive(h.db, b.sid, b.id)).toBe(false);
    const c = await signedIn('everywhere@example.test');
    await changeRole(h.db, admin, { userId: c.id, role: 'auditor' });
    expect(await isSessionActive(h.db, c.sid, c.id)).toBe(false);
    const d = await signedIn('everywhere@example.test');
    await setDisabled(h.db, admin, { userId: d.id, disabled: true });
    expect(await isSessionActive(h.db, d.sid, d.id)).toBe(false);
    const reasons = (await h.db.select().from(staffSessions).where(eq(staffSessions.staffId, a.id))).map((r) => r.revokedReason).sort();
    expect(reasons).toEqual(['disabled', 'role_changed', 'sign_out_everywhere', 'sign_out_everywhere']);
  });

  it('a token naming another person\'s session is not accepted', async () => {
    const a = await signedIn('mine@example.test');
    const b = await signedIn('theirs@example.test');
    expect(await isSessionActive(h.db, b.sid, a.id)).toBe(false);
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
    expect(await authenticate(h.db, { email: user.email, password: 'a brand new passphrase', code: totpCode(secret, later) }, later)).toMatchObject({ ok: true, userId });
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
    expect(row.details).toEqual({ from: 'reviewer', to: 'finance', sessionsEnded: 0 });
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
