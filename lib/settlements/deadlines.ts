/**
 * Deadlines are legal instants: "11:59 p.m. Eastern on the claim deadline" means the end of that
 * calendar day in the settlement's time zone, whatever zone the server or the claimant is in.
 */

// Building an Intl.DateTimeFormat costs far more than using one, and deadlines are checked on every
// submission: keep one formatter per zone.
const wallClocks = new Map<string, Intl.DateTimeFormat>();
const calendarDays = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClocks.set(timeZone, f);
  }
  return f;
}

/** Offset in minutes of `timeZone` from UTC at the instant `at` (e.g. -300 for New York in winter). */
export function zoneOffsetMinutes(at: Date, timeZone: string): number {
  const parts = wallClock(timeZone).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The UTC instant of a wall-clock time on an ISO date in a zone (DST-safe: re-checks the offset). */
export function zonedInstant(isoDate: string, timeZone: string, h: number, m: number, s: number, ms = 0): Date {
  const [y, mo, d] = isoDate.split('-').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, m, s, ms);
  let guess = wall - zoneOffsetMinutes(new Date(wall), timeZone) * 60_000;
  guess = wall - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** The last instant on which a filing dated `isoDate` is timely: 11:59:59.999 p.m. local time. */
export function deadlineInstant(isoDate: string, timeZone: string): Date {
  return zonedInstant(isoDate, timeZone, 23, 59, 59, 999);
}

export function isTimely(at: Date, isoDate: string, timeZone: string): boolean {
  return at.getTime() <= deadlineInstant(isoDate, timeZone).getTime();
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  let f = calendarDays.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    calendarDays.set(timeZone, f);
  }
  return f.format(at);
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  const a = Date.parse(`${fromIso}T00:00:00Z`);
  const b = Date.parse(`${toIso}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/** "in 12 days", "today", "3 days ago" — for the key-dates table. */
export function timeLeft(now: Date, isoDate: string, timeZone: string): { days: number; label: string; passed: boolean } {
  const passed = !isTimely(now, isoDate, timeZone);
  const days = daysBetween(localDate(now, timeZone), isoDate);
  const label = passed
    ? days === 0 ? 'closed today' : `closed ${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'} ago`
    : days === 0 ? 'closes today at 11:59 p.m.' : `${days} day${days === 1 ? '' : 's'} left`;
  return { days, label, passed };
}

const longDate = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });

/** "March 1, 2022" for an ISO date (a calendar date, so formatted in UTC where it cannot shift). */
export function formatLongDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return longDate.format(new Date(Date.UTC(y, m - 1, d)));
}

function zoneName(timeZone: string, at: Date, style: 'longGeneric' | 'long'): string | undefined {
  return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
}

/**
 * The settlement's deadline zone as a reader says it: "Eastern Time" for America/New_York, "Central
 * Time" for America/Chicago — Intl's long generic name, right in summer and winter, never the IANA id a
 * class member or a judge does not read. Zones without a generic name fall back to the long name
 * ("Coordinated Universal Time"), and an offset-only answer keeps the id beside it.
 */
export function timeZoneName(timeZone: string, at: Date = new Date()): string {
  const generic = zoneName(timeZone, at, 'longGeneric');
  if (generic && !/^GMT[+-]/.test(generic)) return generic;
  const long = zoneName(timeZone, at, 'long');
  if (long && !/^GMT[+-]/.test(long)) return long;
  return `${long ?? generic ?? 'UTC'} (${timeZone.replaceAll('_', ' ')})`;
}

const dateTimes = new Map<string, Intl.DateTimeFormat>();

/** "2026-11-30 14:05" — an instant as the wall clock read in `timeZone` (lists and tables). */
export function localDateTime(at: Date, timeZone: string): string {
  let f = dateTimes.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    dateTimes.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
