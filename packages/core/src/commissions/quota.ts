/**
 * Quotas per person and period, prorated by the days someone is on board: a rep who joins on the 16th of a
 * 30-day month carries 15/30 of the month's quota. Attainment is credited money over that quota, in %.
 */
import { Dec, HUNDRED, fromMinor, toMinor } from './decimal.js';
import type { CommissionPerson, PeriodRange, QuotaRecord } from './model.js';
import { daysBetween } from './model.js';

export interface ProratedQuota {
  fullMinor: number;
  /** the quota for the days on board, minor units (rounded half-up) */
  minor: number;
  activeDays: number;
  periodDays: number;
}

export function proratedQuota(quota: QuotaRecord | undefined, person: CommissionPerson | undefined, period: PeriodRange, currency: string): ProratedQuota | null {
  if (!quota || quota.amountMinor <= 0) return null;
  const periodDays = daysBetween(period.start, period.end) + 1;
  const first = person?.joinedOn && person.joinedOn > period.start ? person.joinedOn : period.start;
  const last = person?.leftOn && person.leftOn < period.end ? person.leftOn : period.end;
  const activeDays = Math.max(0, daysBetween(first, last) + 1);
  if (activeDays === 0) return null;
  const minor = activeDays === periodDays
    ? quota.amountMinor
    : toMinor(fromMinor(quota.amountMinor, currency).mul(activeDays).div(periodDays), currency);
  return { fullMinor: quota.amountMinor, minor, activeDays, periodDays };
}

/** Credited money as % of quota (unrounded; shown with two places). */
export function attainmentOf(creditedMajor: Dec, quotaMajor: Dec): Dec {
  return creditedMajor.div(quotaMajor).mul(HUNDRED);
}
