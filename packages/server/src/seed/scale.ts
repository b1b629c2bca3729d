/**
 * Benchmark data: a company 'Closeloop 基准测试公司' with 228 people over twenty cities, filled with N customers,
 * N leads and about two activities per lead. Running it again adds N more to the same company. The data is
 * history, not news: no outbox events and no per-row audit, only one 'seed' audit entry that sums it up.
 */
import { systemClock, type Clock } from '../platform/clock.js';
import type { DatabaseHandle, Executor } from '../platform/db/database.js';
import { appendAudit, sealAudit } from '../platform/audit/chain.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { personRow, regionTreeRows, writeSkeleton, type CompanySkeleton, type PersonSpec } from './organisation.js';
import { populate, type PopulationCounts, type WeightedSeat } from './population.js';
import { SeededRandom } from './random.js';
import { personName, type SeedCity } from './records.js';
import { moreCities, regionTree, type City, type GreaterRegion } from './vocabulary.js';

export const benchOrgId = 'org_bench';
export const benchPassword = 'closeloop-bench';
const repsPerCity = 10;

export interface ScaleSeedResult {
  orgId: string;
  /** True when this run created the company; false when it added to an existing one. */
  createdOrg: boolean;
  counts: PopulationCounts;
  /** Accounts a benchmark can sign in as (password `benchPassword`). */
  logins: { admin: string; manager: string; rep: string };
  elapsedMs: number;
}

export async function seedScale(database: DatabaseHandle, n: number, clock: Clock = systemClock, actorKind: 'cli' | 'system' = 'cli'): Promise<ScaleSeedResult> {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('seedScale: n must be a positive integer');
  const started = performance.now();
  const nowMs = clock.now().getTime();
  const now = new Date(nowMs).toISOString();
  const { rows: regions, cities } = regionTreeRows(benchOrgId, benchTree, 'bench', now);
  const people = benchPeople(cities);
  const existing = await existingRecords(database.db);
  // A fresh seed per run, so a second run adds new records instead of colliding with the first run's ids.
  const rng = new SeededRandom(0x5ca1e + (existing ?? 0));
  const createdOrg = existing === null;
  const skeleton: CompanySkeleton | null = createdOrg
    ? {
        org: { id: benchOrgId, name: 'Closeloop 基准测试公司', timeZone: 'Asia/Shanghai', currency: 'CNY' },
        regions,
        teams: benchTeams(cities, people, now),
        people: people.map((p) => personRow(benchOrgId, p.spec, '', now)),
      }
    : null;
  if (skeleton) {
    const passwordHash = await hashPassword(benchPassword);
    for (const person of skeleton.people) person.password_hash = passwordHash;
  }
  const seats: WeightedSeat[] = people
    .filter((p) => p.spec.role === 'rep' || p.spec.role === 'manager')
    .map((p) => [{ userId: p.spec.id, teamId: p.spec.teamId, cities: p.cities }, p.spec.role === 'rep' ? 1 : 0.2] as const);

  const counts = await database.db.transaction().execute(async (tx) => {
    if (skeleton) await writeSkeleton(tx, skeleton, now);
    const result = await populate(tx, { rng, orgId: benchOrgId, now: nowMs, phones: new Set() }, seats, {
      customers: n, leads: n, customerActivities: 0, withContacts: false,
    });
    await appendAudit(tx, database.dialect, clock, {
      orgId: benchOrgId, actorId: null, actorKind, action: 'seed', entityType: 'org', entityId: benchOrgId, after: { dataset: 'scale', n, counts: result },
    });
    return result;
  });
  await sealAudit(database.db, database.dialect, benchOrgId);
  return {
    orgId: benchOrgId,
    createdOrg,
    counts,
    logins: { admin: `admin@${benchDomain}`, manager: `manager.east@${benchDomain}`, rep: `rep1@${benchDomain}` },
    elapsedMs: Math.round(performance.now() - started),
  };
}

const benchDomain = 'bench.closeloop.cn';

/** The demo's ten cities and ten more, under six 大区 (two of them new). */
const benchTree: readonly GreaterRegion[] = (() => {
  const more = (codes: string[]): City[] => codes.map((code) => moreCities.find((c) => c.code === code)!);
  const extra: Record<string, City[]> = { east: more(['wx', 'nb', 'hf', 'fz']), north: more(['jn', 'qd']), south: more(['dg']) };
  return [
    ...regionTree.map((greater) => ({ ...greater, cities: [...greater.cities, ...(extra[greater.code] ?? [])] })),
    { code: 'central', name: '华中', cities: more(['wh', 'cs']) },
    { code: 'nw', name: '西北', cities: more(['xa']) },
  ];
})();

interface BenchPerson {
  spec: PersonSpec;
  cities: SeedCity[];
  leads: string | null;
}

/** Ids are fixed (not random) so the company is the same on every machine and every run reuses it. */
function benchPeople(cities: ReadonlyMap<string, SeedCity>): BenchPerson[] {
  const names = new SeededRandom(0xbe4c);
  const person = (id: string, login: string, role: PersonSpec['role'], teamId: string | null, personCities: SeedCity[], leads: string | null = null): BenchPerson => ({
    spec: { id, name: personName(names), email: `${login}@${benchDomain}`, role, teamId }, cities: personCities, leads,
  });
  const people = [person('bench_u_admin', 'admin', 'admin', null, []), person('bench_u_ops', 'ops', 'ops', null, [])];
  let rep = 0;
  for (const greater of benchTree) {
    const greaterCities = greater.cities.map((c) => cities.get(`bench_${greater.code}_${c.code}`)!);
    const greaterTeam = `bench_team_${greater.code}`;
    people.push(person(`bench_u_head_${greater.code}`, `manager.${greater.code}`, 'manager', greaterTeam, greaterCities, greaterTeam));
    for (const city of greaterCities) {
      const key = city.regionId.replace(/^bench_/, '');
      const team = `bench_team_${key}`;
      people.push(person(`bench_u_lead_${key}`, `manager.${key}`, 'manager', team, [city], team));
      for (let i = 0; i < repsPerCity; i++) {
        rep += 1;
        people.push(person(`bench_u_rep_${rep}`, `rep${rep}`, 'rep', team, [city]));
      }
    }
  }
  return people;
}

function benchTeams(cities: ReadonlyMap<string, SeedCity>, people: readonly BenchPerson[], now: string): CompanySkeleton['teams'] {
  const leaderOf = new Map(people.filter((p) => p.leads).map((p) => [p.leads!, p.spec.id]));
  const teams: CompanySkeleton['teams'] = [];
  for (const greater of benchTree) {
    const greaterTeam = `bench_team_${greater.code}`;
    teams.push({
      id: greaterTeam, org_id: benchOrgId, name: `${greater.name}大区`, parent_id: null, region_id: `bench_${greater.code}`,
      leader_id: leaderOf.get(greaterTeam) ?? null, created_at: now, updated_at: now,
    });
    for (const city of greater.cities) {
      const regionId = `bench_${greater.code}_${city.code}`;
      const team = `bench_team_${greater.code}_${city.code}`;
      teams.push({
        id: team, org_id: benchOrgId, name: `${cities.get(regionId)!.name}组`, parent_id: greaterTeam, region_id: regionId,
        leader_id: leaderOf.get(team) ?? null, created_at: now, updated_at: now,
      });
    }
  }
  return teams;
}

/** How many customers the bench company holds, or null when it does not exist yet. */
async function existingRecords(db: Executor): Promise<number | null> {
  const org = await db.selectFrom('orgs').select('id').where('id', '=', benchOrgId).executeTakeFirst();
  if (!org) return null;
  const row = await db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', benchOrgId).executeTakeFirstOrThrow();
  return Number(row.n);
}
