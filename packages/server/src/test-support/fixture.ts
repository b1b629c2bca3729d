/**
 * A small company to test against: two organisations, a region tree, a team tree, and one person of every
 * role and scope. Each person gets an API token so tests can call as them without a browser session.
 */
import type { LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import type { DatabaseHandle, Dialect } from '../platform/db/database.js';
import { build, type App } from '../app.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { secretHash } from '../platform/auth/tokens.js';
import { newId, newSecret } from '../platform/ids.js';
import { freshDatabase } from './databases.js';
import { permissions } from '@closeloop/core';

export const password = 'correct-horse-battery';

export type Person =
  | 'admin' | 'ops' | 'managerEast' | 'managerNorth' | 'repEast1' | 'repEast1b' | 'repEast2' | 'repNorth'
  | 'whitelisted' | 'otherOrgAdmin' | 'otherOrgRep';

export interface TestWorld {
  app: App;
  database: DatabaseHandle;
  clock: ManualClock;
  orgId: string;
  otherOrgId: string;
  ids: Record<Person, string>;
  tokens: Record<Person, string>;
  regions: { east: string; shanghai: string; hangzhou: string; north: string; beijing: string };
  teams: { east: string; east1: string; east2: string; north: string; north1: string };
  /** Authorization header for a person. */
  as(person: Person): { authorization: string };
  /** A person's sign-in email. */
  emailOf(person: Person): string;
  /** POST /auth/login as a person, as a browser would. */
  signIn(person: Person, secret?: string): Promise<LightMyRequestResponse>;
  /** A signed-in browser session: the cookie header and the CSRF token to send with unsafe requests. */
  sessionOf(person: Person, secret?: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

export async function createWorld(dialect: Dialect, options: { config?: Record<string, string> } = {}): Promise<TestWorld> {
  const database = await freshDatabase(dialect);
  const clock = new ManualClock('2026-11-02T01:00:00.000Z');
  const db = database.db;
  const now = clock.now().toISOString();
  const orgId = 'org_test';
  const otherOrgId = 'org_other';
  await db.insertInto('orgs').values([
    { id: orgId, name: '测试科技有限公司', created_at: now },
    { id: otherOrgId, name: 'Other Co', created_at: now },
  ]).execute();
  const regions = { east: 'reg_east', shanghai: 'reg_sh', hangzhou: 'reg_hz', north: 'reg_north', beijing: 'reg_bj' };
  await db.insertInto('regions').values([
    { id: regions.east, org_id: orgId, name: '华东', parent_id: null, code: 'E', created_at: now },
    { id: regions.shanghai, org_id: orgId, name: '上海', parent_id: regions.east, code: 'SH', created_at: now },
    { id: regions.hangzhou, org_id: orgId, name: '杭州', parent_id: regions.east, code: 'HZ', created_at: now },
    { id: regions.north, org_id: orgId, name: '华北', parent_id: null, code: 'N', created_at: now },
    { id: regions.beijing, org_id: orgId, name: '北京', parent_id: regions.north, code: 'BJ', created_at: now },
  ]).execute();
  const teams = { east: 'team_east', east1: 'team_east1', east2: 'team_east2', north: 'team_north', north1: 'team_north1' };
  const ids = Object.fromEntries(
    (['admin', 'ops', 'managerEast', 'managerNorth', 'repEast1', 'repEast1b', 'repEast2', 'repNorth', 'whitelisted', 'otherOrgAdmin', 'otherOrgRep'] as Person[]).map((p) => [p, `u_${p}`]),
  ) as Record<Person, string>;
  const team = (id: string, name: string, parent: string | null, region: string, leader: string | null) => ({
    id, org_id: orgId, name, parent_id: parent, region_id: region, leader_id: leader, created_at: now, updated_at: now,
  });
  await db.insertInto('teams').values([
    team(teams.east, '华东大区', null, regions.east, ids.managerEast),
    team(teams.east1, '华东一组', teams.east, regions.shanghai, null),
    team(teams.east2, '华东二组', teams.east, regions.hangzhou, null),
    team(teams.north, '华北大区', null, regions.north, ids.managerNorth),
    team(teams.north1, '华北一组', teams.north, regions.beijing, null),
  ]).execute();
  const passwordHash = await hashPassword(password);
  const person = (p: Person, org: string, name: string, role: string, teamId: string | null, scope: string, extra: Record<string, string> = {}) => ({
    id: ids[p], org_id: org, name, email: `${p.toLowerCase()}@test.closeloop.cn`, phone: null, phone_normal: null, role, team_id: teamId,
    data_scope: scope, password_hash: passwordHash, locked_until: null, created_at: now, updated_at: now,
    whitelist_region_ids: '[]', whitelist_industries: '[]', ...extra,
  });
  await db.insertInto('users').values([
    person('admin', orgId, '管理员', 'admin', null, 'all'),
    person('ops', orgId, '财务小刘', 'ops', null, 'all'),
    person('managerEast', orgId, '华东经理', 'manager', teams.east, 'team'),
    person('managerNorth', orgId, '华北经理', 'manager', teams.north, 'team'),
    person('repEast1', orgId, '张伟', 'rep', teams.east1, 'own', { phone: '13800000001', phone_normal: '13800000001' }),
    person('repEast1b', orgId, '王芳', 'rep', teams.east1, 'own'),
    person('repEast2', orgId, '李娜', 'rep', teams.east2, 'own'),
    person('repNorth', orgId, '刘洋', 'rep', teams.north1, 'own'),
    person('whitelisted', orgId, '白名单', 'rep', teams.north1, 'whitelist', {
      whitelist_region_ids: JSON.stringify([regions.east]), whitelist_industries: JSON.stringify(['manufacturing']),
    }),
    person('otherOrgAdmin', otherOrgId, 'Other Admin', 'admin', null, 'all'),
    person('otherOrgRep', otherOrgId, 'Other Rep', 'rep', null, 'own'),
  ]).execute();
  const tokens = {} as Record<Person, string>;
  for (const p of Object.keys(ids) as Person[]) {
    const prefix = newSecret().replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8);
    const token = `clk_${prefix}_${newSecret()}`;
    tokens[p] = token;
    await db.insertInto('api_tokens').values({
      id: newId(), org_id: p.startsWith('otherOrg') ? otherOrgId : orgId, user_id: ids[p], name: `test ${p}`, prefix,
      token_hash: secretHash(token), permissions: JSON.stringify(permissions), created_at: now, expires_at: null, last_used_at: null, revoked_at: null,
    }).execute();
  }
  // API-only unless a test says otherwise: whether packages/web/dist happens to be built must not change results.
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: database.url, WEB_DIR: '/nonexistent/closeloop-web', ...options.config });
  const app = await build({ database, clock, config, logger: false });
  await app.ready();
  const emailOf = (p: Person) => `${p.toLowerCase()}@test.closeloop.cn`;
  const signIn = (p: Person, secret = password) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: emailOf(p), password: secret } });
  return {
    app, database, clock, orgId, otherOrgId, ids, tokens, regions, teams,
    as: (p) => ({ authorization: `Bearer ${tokens[p]}` }),
    emailOf,
    signIn,
    sessionOf: async (p, secret = password) => {
      const res = await signIn(p, secret);
      if (res.statusCode !== 200) throw new Error(`sign-in as ${p} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'cl_session');
      if (!cookie) throw new Error(`sign-in as ${p} set no session cookie`);
      return { cookie: `cl_session=${cookie.value}`, csrf: res.json().csrfToken as string };
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
