/** Writes a company's skeleton (the organisation, its region tree, teams and people) in one go. */
import { defaultScopeFor, normalisePhone, type DataScope, type Role } from '@closeloop/core';
import type { Insertable } from 'kysely';
import type { Executor } from '../platform/db/database.js';
import type { RegionTable, TeamTable, UserTable } from '../platform/db/schema.js';
import { insertBatched } from './batch.js';
import { addStarterLibrary } from '../modules/talk-tracks/index.js';
import type { SeedCity } from './records.js';
import type { GreaterRegion } from './vocabulary.js';

export interface CompanySkeleton {
  org: { id: string; name: string; timeZone: string; currency: string };
  regions: Array<Insertable<RegionTable>>;
  teams: Array<Insertable<TeamTable>>;
  people: Array<Insertable<UserTable>>;
}

/** Region rows for a two-level tree (大区 > city) with readable ids, and the cities as the seed uses them. */
export function regionTreeRows(orgId: string, tree: readonly GreaterRegion[], idPrefix: string, now: string) {
  const rows: Array<Insertable<RegionTable>> = [];
  const cities = new Map<string, SeedCity>();
  for (const greater of tree) {
    const parentId = `${idPrefix}_${greater.code}`;
    rows.push({ id: parentId, org_id: orgId, name: greater.name, parent_id: null, code: greater.code.toUpperCase(), created_at: now });
    for (const city of greater.cities) {
      const id = `${parentId}_${city.code}`;
      rows.push({ id, org_id: orgId, name: city.name, parent_id: parentId, code: city.code.toUpperCase(), created_at: now });
      cities.set(id, { ...city, regionId: id });
    }
  }
  return { rows, cities };
}

export interface PersonSpec {
  id: string;
  name: string;
  email: string;
  role: Role;
  teamId: string | null;
  phone?: string | undefined;
  scope?: DataScope | undefined;
  whitelist?: { regionIds: string[]; industries: string[] } | undefined;
}

export function personRow(orgId: string, person: PersonSpec, passwordHash: string, now: string): Insertable<UserTable> {
  return {
    id: person.id,
    org_id: orgId,
    name: person.name,
    email: person.email.toLowerCase(),
    phone: person.phone ?? null,
    phone_normal: normalisePhone(person.phone),
    role: person.role,
    team_id: person.teamId,
    data_scope: person.scope ?? defaultScopeFor[person.role],
    whitelist_region_ids: JSON.stringify(person.whitelist?.regionIds ?? []),
    whitelist_industries: JSON.stringify(person.whitelist?.industries ?? []),
    password_hash: passwordHash,
    locked_until: null,
    created_at: now,
    updated_at: now,
  };
}

export async function writeSkeleton(tx: Executor, company: CompanySkeleton, now: string): Promise<void> {
  const { org } = company;
  await tx.insertInto('orgs').values({ id: org.id, name: org.name, time_zone: org.timeZone, currency: org.currency, created_at: now }).execute();
  // Parents before children: the tree's foreign keys are checked row by row.
  await insertBatched(tx, 'regions', company.regions.filter((r) => !r.parent_id));
  await insertBatched(tx, 'regions', company.regions.filter((r) => r.parent_id));
  await insertBatched(tx, 'teams', company.teams.filter((t) => !t.parent_id));
  await insertBatched(tx, 'teams', company.teams.filter((t) => t.parent_id));
  await insertBatched(tx, 'users', company.people);
  // Every new company starts with the talk-track starter library (A3).
  await addStarterLibrary(tx, org.id, now);
}
