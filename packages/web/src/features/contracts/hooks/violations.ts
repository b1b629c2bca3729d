/**
 * Failed submit checks (B2) as the rep and the approver read them: the whole-contract rules first (credit limit,
 * rebate and tier), then line by line, each with the rule's name, the server's sentence and by how much it misses.
 */
import type { ContractViolationView } from '@closeloop/core';

const ruleOrder = ['credit_limit_exceeded', 'rebate_above_tier', 'rebate_without_tier', 'tier_volume_short', 'below_floor_price', 'discount_above_band'];

export function sortViolations(violations: readonly ContractViolationView[]): ContractViolationView[] {
  const rank = (code: string) => {
    const index = ruleOrder.indexOf(code);
    return index < 0 ? ruleOrder.length : index;
  };
  return [...violations].sort((a, b) => (a.lineNo ?? 0) - (b.lineNo ?? 0) || rank(a.code) - rank(b.code));
}

/**
 * By how much the rule is missed, in minor units: over the credit limit or the tier's rebate (excessMinor), short of
 * the floor, the band or the tier's volume (shortMinor), or the whole rebate when no tier allows one.
 */
export function excessOf(violation: ContractViolationView): number | null {
  const details = violation.details;
  for (const key of ['excessMinor', 'shortMinor', 'rebateMinor']) {
    const value = details[key];
    if (typeof value === 'number') return value;
  }
  return null;
}

/** A stable key for a list of violations (React keys). */
export function violationKey(violation: ContractViolationView, index: number): string {
  return `${violation.code}:${violation.lineNo ?? '-'}:${index}`;
}
