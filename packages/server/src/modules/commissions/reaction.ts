/**
 * Commissions from the event backbone (C2): each confirmed, refunded or voided payment becomes one commission
 * transaction per contract it was allocated to — id `<event id>:<contract id>`, so the same event twice inserts
 * nothing and pays once — with its credited people (the contract's credit splits, or its owner) written beside it.
 * Then only the touched people are recalculated: those credited, and the managers above them whose plan pays an
 * override. A person whose period is locked is not rewritten; the difference becomes adjustment lines in the next
 * open period. Everything commits with the reaction's checkpoint (`ctx.once` on the event id).
 */
import { buildCreditIndex, type CalculationIssue, type CommissionTransaction, type CreditShare } from '@closeloop/core';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { DeliveredEvent, Jobs } from '../../platform/jobs/index.js';
import {
  engineTransaction, loadPlans, recalculateTouched, touchedBy,
} from './calculation.js';
import { companyPeople, type CompanyPeople } from './people.js';
import { announceStatementChanges } from './live.js';
import { registerRetiredLineSweep } from './retired-lines.js';
import type { NotificationCenter } from '../../platform/notify/index.js';

export const commissionEvents = ['payment.confirmed', 'payment.refunded', 'payment.voided'] as const;
export const commissionsReaction = 'commissions.payments';

type Payload = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const whole = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);

export interface PaymentOutcome {
  inserted: string[];
  recalculated: Array<{ personId: string; period: string }>;
  adjusted: Array<{ personId: string; lockedPeriod: string; lines: number }>;
}

export function registerCommissions(jobs: Jobs, notifier?: NotificationCenter): void {
  jobs.reactions.on(commissionEvents, commissionsReaction, async (event, ctx) => {
    await ctx.once(event.id, async () => {
      const outcome = await applyPaymentEvent(ctx.tx, event, ctx.now);
      // Open statements of the people paid refresh live (a hint of person and period, heard within reach).
      if (notifier) await announceStatementChanges(ctx.tx, notifier, event.orgId, [...outcome.recalculated, ...outcome.adjusted.map((a) => ({ personId: a.personId, period: a.lockedPeriod, locked: true }))]);
    });
  });
  registerRetiredLineSweep(jobs);
}

/** The contract's credit splits, or all of it to its owner. */
async function creditsOf(db: Executor, orgId: string, contractId: string, ownerId: string | null): Promise<CreditShare[]> {
  const splits = await db.selectFrom('commission_credit_splits').select(['person_id', 'team_id', 'share', 'overlay']).where('org_id', '=', orgId).where('contract_id', '=', contractId).orderBy('id').execute();
  if (splits.length === 0) return ownerId ? [{ personId: ownerId, share: '1' }] : [];
  return splits.map((s) => ({ ...(s.person_id ? { personId: s.person_id } : { teamId: s.team_id! }), share: s.share, ...(s.overlay ? { overlay: true } : {}) }));
}

export async function applyPaymentEvent(db: Executor, event: Pick<DeliveredEvent, 'id' | 'orgId' | 'type' | 'payload'>, now: string): Promise<PaymentOutcome> {
  const outcome: PaymentOutcome = { inserted: [], recalculated: [], adjusted: [] };
  const p = event.payload;
  const confirmed = event.type === 'payment.confirmed';
  const day = confirmed ? text(p.confirmedOn) : text(p.reversedOn);
  const receiptId = text(p.receiptId);
  const currency = text(p.currency);
  if (!day || !currency || !Array.isArray(p.allocations)) return outcome;
  const orgId = event.orgId;
  const company = await companyPeople(db, orgId);
  const credited = new Set<string>();
  for (const allocation of p.allocations as Payload[]) {
    const contractId = text(allocation.contractId);
    const amountMinor = whole(allocation.amountMinor);
    if (!contractId || amountMinor <= 0) continue;
    const id = `${event.id}:${contractId}`;
    let payment: CommissionTransaction | null = null;
    let refersTo: string | null = null;
    if (!confirmed && receiptId) {
      const paid = await db.selectFrom('commission_transactions').select(['id', 'kind', 'deal_id', 'date', 'amount_minor', 'currency', 'deal_amount_minor', 'credits', 'refers_to'])
        .where('org_id', '=', orgId).where('receipt_id', '=', receiptId).where('deal_id', '=', contractId).where('kind', '=', 'payment').executeTakeFirst();
      if (paid) {
        payment = engineTransaction(paid);
        refersTo = paid.id;
      }
    }
    const credits = confirmed ? await creditsOf(db, orgId, contractId, text(allocation.ownerId)) : [];
    // A refund or void carries the amount it gives back of this contract (part of the payment after a partial refund).
    // The engine's `void` reverses every payment of the deal in full, so a receipt's void that finds its payment is
    // booked as a refund of that payment by the amount given back: earlier partial refunds are not taken back twice.
    const kind = confirmed ? 'payment' : event.type === 'payment.refunded' || payment ? 'refund' : 'void';
    const row = {
      id, org_id: orgId, kind, deal_id: contractId, receipt_id: receiptId,
      date: day, amount_minor: amountMinor, currency, deal_amount_minor: typeof allocation.contractTotalMinor === 'number' ? whole(allocation.contractTotalMinor) : null,
      credits: JSON.stringify(credits), refers_to: refersTo, source_event_id: event.id, created_at: now,
    };
    const insert = await db.insertInto('commission_transactions').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(insert.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
    outcome.inserted.push(id);
    for (const personId of await writeCredits(db, orgId, company, engineTransaction(row), payment)) credited.add(personId);
  }
  if (credited.size === 0) return outcome;
  const plans = await loadPlans(db, orgId);
  if (plans.length === 0) return outcome;
  const { credited: people, managers } = touchedBy(credited, company);
  for (const done of await recalculateTouched(db, orgId, company, plans, day, people, managers, now)) {
    if (done.locked) outcome.adjusted.push({ personId: done.personId, lockedPeriod: done.period, lines: done.lines });
    else outcome.recalculated.push({ personId: done.personId, period: done.period });
  }
  return outcome;
}

/**
 * Who the transaction credits and by how much, computed by the engine's own credit rules (splits by largest
 * remainder, team members, overlay; a reversal follows its payment's credits), kept per person for indexed reads,
 * and added to each person's revenue credit of the month for their managers' overrides.
 */
async function writeCredits(db: Executor, orgId: string, company: CompanyPeople, tx: CommissionTransaction, payment: CommissionTransaction | null): Promise<string[]> {
  const issues: CalculationIssue[] = [];
  const index = buildCreditIndex(payment ? [payment, tx] : [tx], company.people, issues);
  const credits = new Map<string, { personId: string; role: string; minor: number }>();
  for (const [personId, items] of index.byPerson) {
    for (const item of items) {
      if (item.tx.id !== tx.id) continue;
      const key = `${personId}|${item.role}`;
      const known = credits.get(key);
      credits.set(key, { personId, role: item.role, minor: (known?.minor ?? 0) + item.creditedMinor });
    }
  }
  const rows = [...credits.values()];
  if (rows.length === 0) return [];
  await db.insertInto('commission_transaction_credits')
    .values(rows.map((c) => ({ org_id: orgId, transaction_id: tx.id, person_id: c.personId, role: c.role, date: tx.date, credited_minor: c.minor })))
    .execute();
  const month = tx.date.slice(0, 7);
  const revenue = new Map<string, number>();
  for (const c of rows) if (c.role !== 'overlay') revenue.set(c.personId, (revenue.get(c.personId) ?? 0) + c.minor);
  if (revenue.size > 0) {
    // One statement for everyone credited (a round trip each on PostgreSQL otherwise).
    await db.insertInto('commission_credit_months').values([...revenue].map(([personId, minor]) => ({ org_id: orgId, person_id: personId, month, revenue_minor: minor })))
      .onConflict((oc) => oc.columns(['org_id', 'person_id', 'month']).doUpdateSet({ revenue_minor: sql`commission_credit_months.revenue_minor + excluded.revenue_minor` }))
      .execute();
  }
  return [...new Set(rows.map((c) => c.personId))];
}
