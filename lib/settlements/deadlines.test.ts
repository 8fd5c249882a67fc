import { describe, expect, it } from 'vitest';
import { deadlineInstant, isTimely, timeLeft, timeZoneName } from './deadlines';

describe('deadlines in the settlement time zone', () => {
  it('closes at 11:59:59 p.m. Eastern (winter and summer)', () => {
    expect(deadlineInstant('2022-03-01', 'America/New_York').toISOString()).toBe('2022-03-02T04:59:59.999Z');
    expect(deadlineInstant('2022-07-28', 'America/New_York').toISOString()).toBe('2022-07-29T03:59:59.999Z');
    expect(deadlineInstant('2022-03-01', 'America/Chicago').toISOString()).toBe('2022-03-02T05:59:59.999Z');
  });
  it('a claim filed at 11:59 p.m. ET is timely and one a minute later is late', () => {
    expect(isTimely(new Date('2022-03-02T04:59:00Z'), '2022-03-01', 'America/New_York')).toBe(true);
    expect(isTimely(new Date('2022-03-02T05:00:00Z'), '2022-03-01', 'America/New_York')).toBe(false);
  });
  it('says how long is left', () => {
    expect(timeLeft(new Date('2022-02-19T15:00:00Z'), '2022-03-01', 'America/New_York').label).toBe('10 days left');
    expect(timeLeft(new Date('2022-03-03T15:00:00Z'), '2022-03-01', 'America/New_York').passed).toBe(true);
  });
  it('names the zone as a reader says it, never by its IANA id', () => {
    const winter = new Date('2022-01-15T12:00:00Z');
    const summer = new Date('2022-07-15T12:00:00Z');
    for (const at of [winter, summer]) {
      expect(timeZoneName('America/New_York', at)).toBe('Eastern Time');
      expect(timeZoneName('America/Chicago', at)).toBe('Central Time');
      expect(timeZoneName('America/Denver', at)).toBe('Mountain Time');
      expect(timeZoneName('America/Los_Angeles', at)).toBe('Pacific Time');
    }
    expect(timeZoneName('UTC', winter)).toBe('Coordinated Universal Time');
  });
});
