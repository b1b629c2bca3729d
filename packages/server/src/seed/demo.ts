/**
 * The demo company 示例科技有限公司: a region and team tree, 34 people in every role, about 2,000 customers
 * with contacts, 3,000 leads in every stage, 8,000 activities and a price book. Deterministic for a given clock,
 * written in one transaction with batched inserts, and recorded as one 'seed' entry in the audit chain. Then the
 * document story of its last 60 days (demo-documents.ts), played through the real services, paid under a commission
 * plan stored before it (demo-commissions.ts).
 */
import { summarise } from '@closeloop/core';
import { systemClock, type Clock } from '../platform/clock.js';
import type { DatabaseHandle, Executor } from '../platform/db/database.js';
import { appendAudit, sealAudit } from '../platform/audit/chain.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { jiebaSegmenter } from '../platform/text/jieba-segmenter.js';
import { insertBatched } from './batch.js';
import { makePricePolicies, makeProducts } from './catalog.js';
import { demoEmail, demoOrgId, demoOrgName, demoPassword, demoStaff, demoTeams } from './demo-company.js';
import { seedDemoCommissions } from './demo-commissions.js';
import { seedDemoDocuments, storyDays, type DemoDocumentCounts } from './demo-documents.js';
import { personRow, regionTreeRows, writeSkeleton, type CompanySkeleton } from './organisation.js';
import { populate, type PopulationCounts, type WeightedSeat } from './population.js';
import { SeededRandom } from './random.js';
import type { SeedCity } from './records.js';
import { regionTree } from './vocabulary.js';

export interface DemoSeedResult {
  orgId: string;
  /** False when the demo company was already there; nothing is added then. */
  created: boolean;
  counts: PopulationCounts & { users: number; teams: number; regions: number; products: number; pricePolicies: number };
  /** The document story (contracts, orders, shipments, receipts); null when nothing was added. */
  documents: DemoDocumentCounts | null;
}

export interface DemoLogin {
  role: string;
  name: string;
  title: string;
  email: string;
  phone: string | null;
  featured: boolean;
}

const demoSeed = 20261126;
const day = 86_400_000;

/** `documents: false` leaves out the document story (suites about people, leads and exports need only the company). */
export async function seedDemo(
  database: DatabaseHandle, clock: Clock = systemClock, actorKind: 'cli' | 'system' = 'cli', options: { documents?: boolean } = {},
): Promise<DemoSeedResult> {
  const empty = { users: 0, teams: 0, regions: 0, products: 0, pricePolicies: 0, customers: 0, contacts: 0, leads: 0, activities: 0 };
  if (await demoExists(database.db)) return { orgId: demoOrgId, created: false, counts: empty, documents: null };
  // One hash for everyone: the password is published anyway, and 34 argon2 runs would cost a second.
  const passwordHash = await hashPassword(demoPassword);
  const rng = new SeededRandom(demoSeed);
  const nowMs = clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const founded = new Date(nowMs - 720 * day).toISOString();
  const { rows: regions, cities } = regionTreeRows(demoOrgId, regionTree, 'reg', founded);

  const userIds = new Map(demoStaff.map((person) => [person.login, rng.idAt(nowMs - 400 * day)]));
  const leaderOf = new Map(demoStaff.flatMap((person) => (person.leads ?? []).map((teamId) => [teamId, userIds.get(person.login)!] as const)));
  const company: CompanySkeleton = {
    org: { id: demoOrgId, name: demoOrgName, timeZone: 'Asia/Shanghai', currency: 'CNY' },
    regions,
    teams: demoTeams.map((team) => ({
      id: team.id, org_id: demoOrgId, name: team.name, parent_id: team.parentId, region_id: team.regionId,
      leader_id: leaderOf.get(team.id) ?? null, created_at: founded, updated_at: founded,
    })),
    people: demoStaff.map((person) =>
      personRow(demoOrgId, {
        id: userIds.get(person.login)!, name: person.name, email: demoEmail(person), role: person.role, teamId: person.teamId,
        phone: person.phone, scope: person.scope, whitelist: person.whitelist,
      }, passwordHash, founded),
    ),
  };
  const seats = demoSeats(userIds, cities);
  const products = makeProducts(rng, demoOrgId, founded);
  const policies = makePricePolicies(rng, demoOrgId, products, now);
  const segmenter = jiebaSegmenter();
  const ctx = {
    rng, orgId: demoOrgId, now: nowMs, customerNames: new Set<string>(),
    phones: new Set(demoStaff.flatMap((p) => (p.phone ? [p.phone] : []))),
    // The lead timelines show what capture makes of a note, as they would for entered activities.
    summarise: (text: string, occurredAt: string) =>
      JSON.stringify(summarise(text, { occurredAt, timeZone: company.org.timeZone, currency: 'CNY', segmenter })),
  };

  const counts = await database.db.transaction().execute(async (tx) => {
    await writeSkeleton(tx, company, founded);
    await insertBatched(tx, 'products', products);
    await insertBatched(tx, 'price_policies', policies);
    const population = await populate(tx, ctx, seats, { customers: 2_000, leads: 3_000, customerActivities: 1_500, withContacts: true });
    const counts = {
      users: company.people.length, teams: company.teams.length, regions: regions.length, products: products.length,
      pricePolicies: policies.length, ...population,
    };
    await appendAudit(tx, database.dialect, clock, {
      orgId: demoOrgId, actorId: null, actorKind, action: 'seed', entityType: 'org', entityId: demoOrgId, after: { dataset: 'demo', counts },
    });
    return counts;
  });
  await sealAudit(database.db, database.dialect, demoOrgId);
  // The documents go through the services, one unit of work per step, so they follow the committed company. The
  // commission plan comes first, so the reaction pays the story's receipts from their events when the server runs.
  if (options.documents === false) return { orgId: demoOrgId, created: true, counts, documents: null };
  await seedDemoCommissions(database, clock, storyDays);
  const documents = await seedDemoDocuments(database, clock);
  return { orgId: demoOrgId, created: true, counts, documents };
}

/** Reps carry the book; group leads and regional heads keep a few key accounts of their own. */
function demoSeats(userIds: ReadonlyMap<string, string>, cities: ReadonlyMap<string, SeedCity>): WeightedSeat[] {
  const teamCities = new Map(demoTeams.map((team) => [team.id, team.cityRegionIds.map((id) => cities.get(id)!)]));
  const seats: WeightedSeat[] = [];
  for (const person of demoStaff) {
    if ((person.role !== 'rep' && person.role !== 'manager') || !person.teamId) continue;
    const weight = person.role === 'rep' ? 1 : demoTeams.find((t) => t.id === person.teamId)?.parentId ? 0.3 : 0.15;
    seats.push([{ userId: userIds.get(person.login)!, teamId: person.teamId, cities: teamCities.get(person.teamId)! }, weight]);
  }
  return seats;
}

export async function demoExists(db: Executor): Promise<boolean> {
  return !!(await db.selectFrom('orgs').select('id').where('id', '=', demoOrgId).executeTakeFirst());
}

/** The demo people still in the database, in the order of the staff list, for the start-up banner. */
export async function demoLogins(db: Executor): Promise<DemoLogin[]> {
  const rows = await db
    .selectFrom('users')
    .select(['email', 'name', 'role', 'phone'])
    .where('org_id', '=', demoOrgId)
    .where('status', '=', 'active')
    .execute();
  const byEmail = new Map(rows.map((row) => [row.email, row]));
  return demoStaff.flatMap((person) => {
    const row = byEmail.get(demoEmail(person));
    return row ? [{ role: row.role, name: row.name, title: person.title, email: row.email, phone: row.phone, featured: !!person.featured }] : [];
  });
}
