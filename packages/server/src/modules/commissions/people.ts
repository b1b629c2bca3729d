/**
 * The company as the commission engine sees it: every person with their team and manager. A person's manager is the
 * leader of their team, or of the nearest team above it that has a leader other than themselves — the same chain an
 * approval escalates along — so overrides follow the team tree people already maintain.
 */
import type { CommissionPerson } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';

export interface CompanyPeople {
  people: CommissionPerson[];
  byId: Map<string, CommissionPerson>;
  names: Map<string, string>;
  /** manager id → direct reports */
  reports: Map<string, string[]>;
}

export async function companyPeople(db: Executor, orgId: string): Promise<CompanyPeople> {
  const [users, teams] = await Promise.all([
    db.selectFrom('users').select(['id', 'name', 'team_id']).where('org_id', '=', orgId).execute(),
    db.selectFrom('teams').select(['id', 'parent_id', 'leader_id']).where('org_id', '=', orgId).execute(),
  ]);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const managerOf = (userId: string, teamId: string | null): string | null => {
    let team = teamId ? teamById.get(teamId) : undefined;
    for (let hops = 0; team && hops < 50; hops += 1) {
      if (team.leader_id && team.leader_id !== userId) return team.leader_id;
      team = team.parent_id ? teamById.get(team.parent_id) : undefined;
    }
    return null;
  };
  const people: CommissionPerson[] = users.map((u) => ({ id: u.id, name: u.name, teamId: u.team_id, managerId: managerOf(u.id, u.team_id) }));
  const reports = new Map<string, string[]>();
  for (const person of people) if (person.managerId) reports.set(person.managerId, [...(reports.get(person.managerId) ?? []), person.id]);
  return { people, byId: new Map(people.map((p) => [p.id, p])), names: new Map(users.map((u) => [u.id, u.name])), reports };
}

/** The managers above a person, nearest first (at most ten levels, stopping at a loop). */
export function managersAbove(personId: string, company: CompanyPeople): string[] {
  const chain: string[] = [];
  const seen = new Set([personId]);
  let current = company.byId.get(personId)?.managerId ?? null;
  while (current && !seen.has(current) && chain.length < 10) {
    chain.push(current);
    seen.add(current);
    current = company.byId.get(current)?.managerId ?? null;
  }
  return chain;
}

/** The people `levels` levels below a manager (their reports, their reports' reports, …). */
export function peopleBelow(managerId: string, levels: number, company: CompanyPeople): string[] {
  const found: string[] = [];
  const seen = new Set([managerId]);
  let level = [managerId];
  for (let i = 0; i < levels && level.length > 0; i += 1) {
    const next: string[] = [];
    for (const id of level) for (const report of company.reports.get(id) ?? []) if (!seen.has(report)) { seen.add(report); next.push(report); found.push(report); }
    level = next;
  }
  return found;
}
