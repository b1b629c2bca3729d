/**
 * A small month for commission tests that work below the HTTP API: two managers under a director, six reps each, 600
 * payments of November on a marginal table with two override levels (plan `w`, version 1).
 */
import { planSchema } from '@closeloop/core';
import type { DatabaseHandle } from '../platform/db/database.js';

export const orgId = 'org_w';
export const now = '2026-11-30T10:00:00.000Z';
export const period = '2026-11';

export const rawPlan = {
  id: 'w', version: 1, name: 'W', currency: 'CNY', period: 'month', effective: { from: '2026-01-01' },
  components: [
    { id: 'base', type: 'table', method: 'marginal', bands: [{ upTo: 20000, rate: '2%' }, { upTo: 50000, rate: '3%' }, { rate: '5%' }] as Array<{ upTo?: number; rate: string }> },
    { id: 'override', type: 'override', levels: [{ rate: '1%' }, { rate: '0.5%' }] },
  ],
};

/** Two managers under a director, six reps each, 600 payments of November on a marginal table with two override levels. */
export async function seed(database: DatabaseHandle): Promise<void> {
  const db = database.db;
  await db.insertInto('orgs').values({ id: orgId, name: 'W', created_at: now }).execute();
  await db.insertInto('teams').values([
    { id: 't_d', org_id: orgId, name: 'd', parent_id: null, region_id: null, leader_id: 'u_d', created_at: now, updated_at: now },
    { id: 't_m0', org_id: orgId, name: 'm0', parent_id: 't_d', region_id: null, leader_id: 'u_m0', created_at: now, updated_at: now },
    { id: 't_m1', org_id: orgId, name: 'm1', parent_id: 't_d', region_id: null, leader_id: 'u_m1', created_at: now, updated_at: now },
  ]).execute();
  const people = [{ id: 'u_d', team: 't_d' }, { id: 'u_m0', team: 't_m0' }, { id: 'u_m1', team: 't_m1' }, ...Array.from({ length: 12 }, (_, r) => ({ id: `u_r${r}`, team: `t_m${r % 2}` }))];
  await db.insertInto('users').values(people.map((u) => ({
    id: u.id, org_id: orgId, name: u.id, email: `${u.id}@w.cn`, phone: null, phone_normal: null, role: 'rep', team_id: u.team, data_scope: 'own',
    password_hash: 'x', locked_until: null, created_at: now, updated_at: now,
  }))).execute();
  const plan = planSchema.parse(rawPlan);
  await db.insertInto('commission_plans').values({
    id: 'p1', org_id: orgId, plan_key: 'w', version: 1, name: 'W', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
    document: JSON.stringify(plan), source: '', created_by: null, created_at: now,
  }).execute();
  await db.insertInto('commission_assignments').values(people.map((u) => ({
    id: `a_${u.id}`, org_id: orgId, plan_key: 'w', person_id: u.id, team_id: null, from_on: '2026-01-01', to_on: null, created_by: null, created_at: now,
  }))).execute();
  const payments = Array.from({ length: 600 }, (_, i) => ({ i, rep: `u_r${i % 12}`, amount: 10_000 + ((i * 7919) % 490_000), date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}` }));
  for (let start = 0; start < payments.length; start += 200) {
    const part = payments.slice(start, start + 200);
    await db.insertInto('commission_transactions').values(part.map((p) => ({
      id: `w-${p.i}:c${p.i}`, org_id: orgId, kind: 'payment', deal_id: `c${p.i}`, receipt_id: `r${p.i}`, date: p.date, amount_minor: p.amount, currency: 'CNY',
      deal_amount_minor: p.amount, credits: JSON.stringify([{ personId: p.rep, share: '1' }]), refers_to: null, source_event_id: `w-${p.i}`, created_at: now,
    }))).execute();
    await db.insertInto('commission_transaction_credits').values(part.map((p) => ({
      org_id: orgId, transaction_id: `w-${p.i}:c${p.i}`, person_id: p.rep, role: 'revenue', date: p.date, credited_minor: p.amount,
    }))).execute();
  }
  const months = new Map<string, number>();
  for (const p of payments) months.set(p.rep, (months.get(p.rep) ?? 0) + p.amount);
  await db.insertInto('commission_credit_months').values([...months].map(([person, minor]) => ({ org_id: orgId, person_id: person, month: period, revenue_minor: minor }))).execute();
}
