import { describe, expect, it } from 'vitest';
import { ABSOLUTE_TIMEOUT_MS, FRESH_AUTH_MS, IDLE_TIMEOUT_MS, isFresh, tokenState, touchToken, TOUCH_EVERY_MS } from './session-token';
import { authSecret } from './secret';
import { demoStaffAllowed } from '@/lib/demo/staff';

const T0 = 1_800_000_000_000;
const token = (authAgo: number, idle: number) => ({ uid: 'u1', sid: 's1', authAt: T0 - authAgo, lastActivity: T0 - idle });

describe('staff session token', () => {
  it('is valid while active, idle after 30 minutes without a request', () => {
    expect(tokenState(token(0, 0), T0)).toBe('valid');
    expect(tokenState(token(IDLE_TIMEOUT_MS, IDLE_TIMEOUT_MS), T0)).toBe('valid');
    expect(tokenState(token(IDLE_TIMEOUT_MS + 1, IDLE_TIMEOUT_MS + 1), T0)).toBe('idle');
  });
  it('expires 12 hours after sign-in however active', () => {
    expect(tokenState(token(ABSOLUTE_TIMEOUT_MS + 1, 0), T0)).toBe('expired');
  });
  it('is missing without a user id or times', () => {
    expect(tokenState(null, T0)).toBe('missing');
    expect(tokenState({ uid: 'u1' }, T0)).toBe('missing');
  });
  it('slides last activity forward at most once a minute, and never revives an idle token', () => {
    expect(touchToken(token(0, TOUCH_EVERY_MS - 1), T0)).toBeNull();
    expect(touchToken(token(0, TOUCH_EVERY_MS), T0)).toMatchObject({ lastActivity: T0 });
    expect(touchToken(token(IDLE_TIMEOUT_MS + 5, IDLE_TIMEOUT_MS + 5), T0)).toBeNull();
    // A user active every 20 minutes for two hours stays signed in.
    let t = token(0, 0) as ReturnType<typeof token>;
    for (let now = T0; now <= T0 + 2 * 3600_000; now += 20 * 60_000) {
      expect(tokenState(t, now)).toBe('valid');
      t = touchToken(t, now) ?? t;
    }
  });
  it('counts as fresh for 5 minutes after password + code', () => {
    expect(isFresh(token(FRESH_AUTH_MS, 0), T0)).toBe(true);
    expect(isFresh(token(FRESH_AUTH_MS + 1, 0), T0)).toBe(false);
  });
});

describe('production safety', () => {
  it('requires NEXTAUTH_SECRET in production', () => {
    expect(() => authSecret({ NODE_ENV: 'production' } as NodeJS.ProcessEnv)).toThrow(/NEXTAUTH_SECRET is required/);
    expect(authSecret({ NODE_ENV: 'production', NEXTAUTH_SECRET: 'a-long-enough-secret' } as NodeJS.ProcessEnv)).toBe('a-long-enough-secret');
  });
  it('never creates the published demo accounts in production unless explicitly asked', () => {
    expect(demoStaffAllowed({ NODE_ENV: 'production' } as NodeJS.ProcessEnv)).toBe(false);
    expect(demoStaffAllowed({ NODE_ENV: 'production', FAIRSHARE_E2E: '1' } as NodeJS.ProcessEnv)).toBe(true);
    expect(demoStaffAllowed({ NODE_ENV: 'development' } as NodeJS.ProcessEnv)).toBe(true);
  });
});
