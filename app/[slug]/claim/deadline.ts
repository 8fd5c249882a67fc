import type { SettlementConfig } from '@/lib/settlements/config';
import { deadlineInstant, formatLongDate, isTimely, timeZoneName } from '@/lib/settlements/deadlines';

/** "March 1, 2022 at 11:59 p.m. Eastern Time" — how notices state the claim deadline. */
export function claimDeadlineLabel(c: SettlementConfig): string {
  const { claimDeadline, timeZone } = c.dates;
  return `${formatLongDate(claimDeadline)} at 11:59 p.m. ${timeZoneName(timeZone, deadlineInstant(claimDeadline, timeZone))}`;
}

export function claimPeriodClosed(c: SettlementConfig, now = new Date()): boolean {
  return !isTimely(now, c.dates.claimDeadline, c.dates.timeZone);
}
