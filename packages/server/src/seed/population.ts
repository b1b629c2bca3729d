/**
 * Fills a company with customers, contacts, leads and activities, generated and inserted a chunk at a time so
 * a hundred thousand records never sit in memory at once.
 */
import type { Executor } from '../platform/db/database.js';
import type { ActivityRow, ContactRow, CustomerRow, LeadRow } from '../platform/db/schema.js';
import { insertBatched } from './batch.js';
import { makeContacts, makeCustomer, makeCustomerActivity, makeLead, type CustomerRef, type Seat, type SeedContext } from './records.js';

export interface PopulationPlan {
  customers: number;
  leads: number;
  /** Follow-ups logged on customers themselves, besides the ones on leads. */
  customerActivities: number;
  withContacts: boolean;
}

export interface PopulationCounts {
  customers: number;
  contacts: number;
  leads: number;
  activities: number;
}

/** An owner and how much of the book they carry (a group lead carries less than a rep). */
export type WeightedSeat = readonly [Seat, number];

const chunk = 5_000;

export async function populate(tx: Executor, ctx: SeedContext, seats: readonly WeightedSeat[], plan: PopulationPlan): Promise<PopulationCounts> {
  const counts: PopulationCounts = { customers: 0, contacts: 0, leads: 0, activities: 0 };
  const byOwner = new Map<string, CustomerRef[]>();
  const everyCustomer: CustomerRef[] = [];

  for (let done = 0; done < plan.customers; done += chunk) {
    const customers: CustomerRow[] = [];
    const contacts: ContactRow[] = [];
    for (let i = done; i < Math.min(plan.customers, done + chunk); i++) {
      const { row, ref } = makeCustomer(ctx, ctx.rng.weighted(seats));
      customers.push(row);
      everyCustomer.push(ref);
      const owned = byOwner.get(ref.seat.userId);
      if (owned) owned.push(ref);
      else byOwner.set(ref.seat.userId, [ref]);
      if (plan.withContacts) contacts.push(...makeContacts(ctx, row));
    }
    await insertBatched(tx, 'customers', customers);
    await insertBatched(tx, 'contacts', contacts);
    counts.customers += customers.length;
    counts.contacts += contacts.length;
  }

  for (let done = 0; done < plan.leads; done += chunk) {
    const leads: LeadRow[] = [];
    const activities: ActivityRow[] = [];
    for (let i = done; i < Math.min(plan.leads, done + chunk); i++) {
      const seat = ctx.rng.weighted(seats);
      const made = makeLead(ctx, seat, byOwner.get(seat.userId) ?? []);
      leads.push(made.lead);
      activities.push(...made.activities);
    }
    await insertBatched(tx, 'leads', leads);
    await insertBatched(tx, 'activities', activities);
    counts.leads += leads.length;
    counts.activities += activities.length;
  }

  if (everyCustomer.length > 0) {
    for (let done = 0; done < plan.customerActivities; done += chunk) {
      const activities: ActivityRow[] = [];
      for (let i = done; i < Math.min(plan.customerActivities, done + chunk); i++) activities.push(makeCustomerActivity(ctx, ctx.rng.pick(everyCustomer)));
      await insertBatched(tx, 'activities', activities);
      counts.activities += activities.length;
    }
  }
  return counts;
}
