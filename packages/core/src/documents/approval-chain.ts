/**
 * Which approval steps a contract goes through (B2, F2): the company's chain, kept to the steps whose threshold the
 * contract's total reaches, numbered in order. "Manager always, finance above 100,000" is two steps of the chain;
 * a 50,000 contract gets the first only.
 */
import type { ApprovalStep } from './settings.js';

export interface AppliedStep {
  stepNo: number;
  role: ApprovalStep['role'];
  mayOverride: boolean;
}

export function approvalStepsFor(chain: readonly ApprovalStep[], totalMinor: number): AppliedStep[] {
  return chain
    .filter((step) => totalMinor >= step.minTotalMinor)
    .map((step, index) => ({ stepNo: index + 1, role: step.role, mayOverride: step.mayOverride }));
}

/**
 * What a submit does with the checks' outcome: sign at once (no step applies and nothing failed), go to approval
 * (an approver can decide, overriding failures where a step may), or refuse (failures nobody on the chain may override).
 */
export type SubmitRoute = { kind: 'sign' } | { kind: 'approve'; steps: AppliedStep[] } | { kind: 'refuse' };

export function submitRoute(steps: readonly AppliedStep[], violationCount: number): SubmitRoute {
  if (violationCount > 0 && !steps.some((s) => s.mayOverride)) return { kind: 'refuse' };
  if (steps.length === 0) return { kind: 'sign' };
  return { kind: 'approve', steps: [...steps] };
}

/**
 * Whether approving `stepNo` must override the failed checks (and so needs an approver's comment). Failures need one
 * override in the round: a step that may not override passes them on while a later step may; the last step that may
 * override has to decide them. Once overridden, later steps approve as usual.
 */
export function overrideNeeded(steps: readonly AppliedStep[], stepNo: number, violationCount: number, alreadyOverridden: boolean): boolean {
  if (violationCount === 0 || alreadyOverridden) return false;
  return !steps.some((s) => s.stepNo > stepNo && s.mayOverride);
}
