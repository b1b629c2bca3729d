/**
 * Who manages the owner of a lead: the people whose team scope covers the lead's team (access/auth-context.ts gives
 * a team-scope person the teams they lead, and a manager also the team they sit in, each with every team below).
 * So the managers of team T are the team-scope leaders of T and of the teams above it, and the managers placed in
 * one of those teams. Read once per sweep: an organisation has few teams and managers.
 */
import type { Executor } from '../../platform/db/database.js';

export class TeamManagers {
  private readonly byTeam = new Map<string, string[]>();

  private constructor(
    private readonly parentOf: ReadonlyMap<string, string | null>,
    private readonly leaderOf: ReadonlyMap<string, string | null>,
    private readonly managersIn: ReadonlyMap<string, readonly string[]>,
    private readonly teamScoped: ReadonlySet<string>,
  ) {}

  static async load(db: Executor, orgId: string): Promise<TeamManagers> {
    const teams = await db.selectFrom('teams').select(['id', 'parent_id', 'leader_id']).where('org_id', '=', orgId).execute();
    const people = await db
      .selectFrom('users')
      .select(['id', 'role', 'team_id'])
      .where('org_id', '=', orgId)
      .where('status', '=', 'active')
      .where('data_scope', '=', 'team')
      .execute();
    const managersIn = new Map<string, string[]>();
    for (const person of people) {
      if (person.role !== 'manager' || !person.team_id) continue;
      managersIn.set(person.team_id, [...(managersIn.get(person.team_id) ?? []), person.id]);
    }
    return new TeamManagers(
      new Map(teams.map((t) => [t.id, t.parent_id])),
      new Map(teams.map((t) => [t.id, t.leader_id])),
      managersIn,
      new Set(people.map((p) => p.id)),
    );
  }

  /** The managers of a lead in `teamId`, without its owner (a manager's own lead is theirs to act on). */
  of(teamId: string | null, ownerId: string): string[] {
    if (!teamId) return [];
    return this.forTeam(teamId).filter((id) => id !== ownerId);
  }

  private forTeam(teamId: string): string[] {
    const cached = this.byTeam.get(teamId);
    if (cached) return cached;
    const found = new Set<string>();
    const seen = new Set<string>();
    for (let team: string | null | undefined = teamId; team && !seen.has(team); team = this.parentOf.get(team)) {
      seen.add(team);
      const leader = this.leaderOf.get(team);
      if (leader && this.teamScoped.has(leader)) found.add(leader);
      for (const manager of this.managersIn.get(team) ?? []) found.add(manager);
    }
    const managers = [...found];
    this.byTeam.set(teamId, managers);
    return managers;
  }
}
