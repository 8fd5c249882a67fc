import type { SettlementConfig } from '@/lib/settlements/config';
import { formatLongDate, isTimely } from '@/lib/settlements/deadlines';

const ZONES: Record<string, string> = {
  'America/New_York': 'Eastern Time',
  'America/Chicago': 'Central Time',
  'America/Denver': 'Mountain Time',
  'America/Phoenix': 'Mountain Time (Arizona)',
  'America/Los_Angeles': 'Pacific Time',
  'America/Anchorage': 'Alaska Time',
  'Pacific/Honolulu': 'Hawaii Time',
};

/** "March 1, 2022 at 11:59 p.m. Eastern Time" — how notices state the claim deadline. */
export function claimDeadlineLabel(c: SettlementConfig): string {
  return `${formatLongDate(c.dates.claimDeadline)} at 11:59 p.m. ${ZONES[c.dates.timeZone] ?? c.dates.timeZone}`;
}

export function claimPeriodClosed(c: SettlementConfig, now = new Date()): boolean {
  return !isTimely(now, c.dates.claimDeadline, c.dates.timeZone);
}
