/** Small factories for the commission engine's tests and benchmark: plans, payments and inputs from a few words. */
import type { CalculationInput, CommissionPerson, CommissionTransaction, CreditShare, PlanAssignment, QuotaRecord } from './model.js';
import { planSchema, type Plan, type PlanInput } from './plan-schema.js';

export function makePlan(overrides: Partial<PlanInput> & Pick<PlanInput, 'components'>): Plan {
  return planSchema.parse({
    id: 'ae', version: 1, name: 'AE plan', currency: 'CNY', period: 'quarter', effective: { from: '2027-01-01' }, ...overrides,
  });
}

/** A payment of `amount` (major units, as text) credited by `credits` (default: all to ana). */
export function payment(id: string, date: string, amount: string, credits: CreditShare[] = [{ personId: 'ana', share: '1' }], extra: Partial<CommissionTransaction> = {}): CommissionTransaction {
  return { id, kind: 'payment', dealId: extra.dealId ?? `deal-${id}`, date, amountMinor: minor(amount), currency: 'CNY', credits, ...extra };
}

export function refund(id: string, date: string, amount: string, refersTo: string, dealId = `deal-${refersTo}`): CommissionTransaction {
  return { id, kind: 'refund', dealId, date, amountMinor: minor(amount), currency: 'CNY', refersTo };
}

export function voided(id: string, date: string, dealId: string): CommissionTransaction {
  return { id, kind: 'void', dealId, date, amountMinor: 0, currency: 'CNY' };
}

/** "1,234.56" → 123456 (fen). */
export function minor(amount: string): number {
  const [whole = '0', fraction = ''] = amount.replace(/,/g, '').split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2)));
}

export const defaultPeople: CommissionPerson[] = [
  { id: 'ana', name: '安娜', managerId: 'mia', teamId: 'east' },
  { id: 'ben', name: '本', managerId: 'mia', teamId: 'east' },
  { id: 'cai', name: '蔡', managerId: 'mia', teamId: 'west' },
  { id: 'mia', name: '米娅', managerId: 'max', teamId: 'leads' },
  { id: 'max', name: '马克', teamId: 'leads' },
];

export function makeInput(parts: {
  period?: string;
  plans: Plan[];
  transactions: CommissionTransaction[];
  people?: CommissionPerson[];
  quotas?: QuotaRecord[];
  assignments?: PlanAssignment[];
}): CalculationInput {
  const people = parts.people ?? defaultPeople;
  return {
    period: parts.period ?? '2027-Q1',
    plans: parts.plans,
    transactions: parts.transactions,
    people,
    quotas: parts.quotas ?? [],
    assignments: parts.assignments ?? people.map((person) => ({ planId: parts.plans[0]!.id, personId: person.id, from: '2027-01-01' })),
  };
}
