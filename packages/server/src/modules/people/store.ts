/** Every query on users, teams, regions and API tokens. The organisation is the access boundary of the directory. */
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { TeamRow, UserRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { orgScope } from '../../platform/access/scope.js';
import { containsText, pageOf, type PageRequest } from '../../platform/http/pagination.js';
import type { ApiTokenRow, RegionRow } from './mappers.js';

export interface UserFilters {
  q?: string | undefined;
  role?: string | undefined;
  dataScope?: string | undefined;
  teamId?: string | undefined;
  status: 'active' | 'disabled' | 'all';
}

export interface TokenFilters {
  userId?: string | undefined;
  /** when set, only tokens neither revoked nor expired at this instant */
  liveAt?: string | undefined;
}

const userSort = { name: 'users.name', createdAt: 'users.created_at' };
const tokenSort = { createdAt: 'api_tokens.created_at' };

export class PeopleStore {
  findUser(db: Executor, auth: AuthContext, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).where(orgScope(auth, 'users')).executeTakeFirst();
  }

  /** A user of the organisation by id, for checks made on someone else's behalf (team leaders). */
  findUserIn(db: Executor, orgId: string, id: string): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  listUsers(db: Executor, auth: AuthContext, filters: UserFilters, page: PageRequest) {
    let query = db.selectFrom('users').selectAll().where(orgScope(auth, 'users'));
    if (filters.status !== 'all') query = query.where('status', '=', filters.status);
    if (filters.role) query = query.where('role', '=', filters.role);
    if (filters.dataScope) query = query.where('data_scope', '=', filters.dataScope);
    if (filters.teamId) query = query.where('team_id', '=', filters.teamId);
    if (filters.q) {
      const q = filters.q;
      query = query.where((eb) =>
        eb.or([containsText(sql`lower(users.name)`, q), containsText('users.email', q), containsText('users.phone_normal', q)]),
      );
    }
    return pageOf(query, page, userSort, 'users.id');
  }

  /** Who already signs in with this email or phone, anywhere in the installation (logins name no company). */
  findLoginHolder(db: Executor, login: { email?: string; phoneNormal?: string | null }, exceptUserId?: string) {
    return db
      .selectFrom('users')
      .select(['id', 'email', 'phone_normal'])
      .where((eb) => {
        const matches = [];
        if (login.email) matches.push(eb('email', '=', login.email));
        if (login.phoneNormal) matches.push(eb('phone_normal', '=', login.phoneNormal));
        return eb.or(matches);
      })
      .$if(!!exceptUserId, (q) => q.where('id', '!=', exceptUserId!))
      .executeTakeFirst();
  }

  countActiveAdmins(db: Executor, orgId: string, exceptUserId: string): Promise<number> {
    return db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .where('id', '!=', exceptUserId)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.n));
  }

  /**
   * Customers and leads carry their owner's team (`team_id`) so that a team scope is one indexed `in` list.
   * When a person changes team, the records they own follow them in the same transaction; their version is
   * left alone because nobody edited them, only the directory changed.
   */
  async moveOwnedRecords(tx: Executor, orgId: string, ownerId: string, teamId: string | null): Promise<{ customers: number; leads: number }> {
    const customers = await tx.updateTable('customers').set({ team_id: teamId }).where('org_id', '=', orgId).where('owner_id', '=', ownerId).executeTakeFirst();
    const leads = await tx.updateTable('leads').set({ team_id: teamId }).where('org_id', '=', orgId).where('owner_id', '=', ownerId).executeTakeFirst();
    return { customers: Number(customers.numUpdatedRows), leads: Number(leads.numUpdatedRows) };
  }

  findTeam(db: Executor, orgId: string, id: string): Promise<TeamRow | undefined> {
    return db.selectFrom('teams').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  listTeams(db: Executor, auth: AuthContext): Promise<TeamRow[]> {
    return db.selectFrom('teams').selectAll().where(orgScope(auth, 'teams')).orderBy('name').orderBy('id').execute();
  }

  findRegion(db: Executor, orgId: string, id: string): Promise<RegionRow | undefined> {
    return db.selectFrom('regions').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  }

  async regionIdsOf(db: Executor, orgId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('regions').select('id').where('org_id', '=', orgId).where('id', 'in', [...ids]).execute();
    return new Set(rows.map((r) => r.id));
  }

  listRegions(db: Executor, auth: AuthContext): Promise<RegionRow[]> {
    return db.selectFrom('regions').selectAll().where(orgScope(auth, 'regions')).orderBy('name').orderBy('id').execute();
  }

  /** Every node's parent in one of the organisation's hierarchies, for the cycle guard. */
  async parentsIn(db: Executor, orgId: string, table: 'teams' | 'regions'): Promise<Map<string, string | null>> {
    const rows = await db.selectFrom(table).select(['id', 'parent_id']).where('org_id', '=', orgId).execute();
    return new Map(rows.map((r) => [r.id, r.parent_id]));
  }

  findToken(db: Executor, auth: AuthContext, id: string): Promise<ApiTokenRow | undefined> {
    return db.selectFrom('api_tokens').selectAll().where('id', '=', id).where(orgScope(auth, 'api_tokens')).executeTakeFirst();
  }

  listTokens(db: Executor, auth: AuthContext, filters: TokenFilters, page: PageRequest) {
    let query = db.selectFrom('api_tokens').selectAll().where(orgScope(auth, 'api_tokens'));
    if (filters.userId) query = query.where('user_id', '=', filters.userId);
    if (filters.liveAt) {
      const at = filters.liveAt;
      query = query.where('revoked_at', 'is', null).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]));
    }
    return pageOf(query, page, tokenSort, 'api_tokens.id');
  }
}
