#!/usr/bin/env node
/**
 * A lead-steward company at scale, fast: `--reps` reps in teams of ten under regional teams, each team and region
 * led by a manager, and `--leads` leads with their activities and open next actions, written straight into a
 * migrated SQLite or PostgreSQL database. Shared by the lead-steward benchmarks (the Friday report, the silence
 * sweep). Run after `npm run build` (it migrates through the built server):
 *
 *   node bench/steward-data.mjs --db sqlite   [--file /tmp/steward.db] [--reps 1000] [--leads 1000000] [--seed 1]
 *   node bench/steward-data.mjs --db postgres [--pg-url postgres://postgres@127.0.0.1:5432] [--database closeloop_steward]
 *
 * or from a script:
 *
 *   import { generateStewardData } from './steward-data.mjs';
 *   const company = await generateStewardData({ databaseUrl: 'sqlite:/tmp/steward.db', reps: 1000, leads: 1_000_000, now });
 *   // → { orgId, timeZone, now, reps, managers, teams, leads, openLeads, activities, seconds }
 *
 * The database must be empty (a fresh file or database); the data is the same for the same seed, reps, leads and
 * `now`. What it looks like, per lead (deterministic pseudo-random):
 * - created uniformly over the last 365 days; owned by a random rep (team from the rep); 3% archived;
 * - stage new 25%, contacted 25%, qualified 15%, proposal 10%, negotiation 5%, won 10%, lost 10%;
 * - activities by stage (new: none for 70%, else one; contacted 1–2; qualified 1–3; proposal 2–4; negotiation 2–5;
 *   won/lost 2–4), the last one a few days ago for most open leads (exponential, mean 6 days) with a silent tail,
 *   the earlier ones spread back towards the lead's creation;
 * - 80% of activities plan a next action due 1–7 days after them (the rest predate the mandatory next action);
 *   the lead's open next action, first contact and last action follow from its activities, as the server keeps them.
 * Loading drops the two tables' secondary indexes and builds them again afterwards, as a bulk load should.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openSql, postgresAdmin, root, serverRequire } from './support.mjs';

const dayMs = 86_400_000;
const stageWeights = [['new', 25], ['contacted', 25], ['qualified', 15], ['proposal', 10], ['negotiation', 5], ['won', 10], ['lost', 10]];
const activityRange = { new: [0, 1], contacted: [1, 2], qualified: [1, 3], proposal: [2, 4], negotiation: [2, 5], won: [2, 4], lost: [2, 4] };
const kinds = ['call', 'visit', 'meeting', 'note'];
const nextKinds = ['send_proposal', 'book_demo', 'involve_purchasing', 'call_back', 'visit', 'send_quote'];
const industries = ['manufacturing', 'education', 'retail', 'healthcare', 'saas', 'finance', 'logistics', 'energy', 'construction', 'government', 'other'];
const sources = ['quick_add', 'web_form', 'import', 'api', 'referral', 'exhibition', 'cold_call', 'other'];

const leadColumns = [
  'id', 'org_id', 'name', 'company', 'company_normal', 'phone', 'phone_normal', 'source', 'stage', 'industry', 'intent_tags',
  'first_contact_at', 'last_activity_at', 'owner_id', 'team_id', 'search_text', 'status', 'version', 'created_at', 'updated_at',
  'next_action_kind', 'next_action_due_at',
];
const activityColumns = [
  'id', 'org_id', 'kind', 'lead_id', 'occurred_at', 'text', 'owner_id', 'next_action_kind', 'next_action_due_at', 'status', 'version',
  'created_at', 'updated_at',
];
const integerColumns = new Set(['version']);

/** mulberry32: small, fast, and the same sequence everywhere for a seed. */
export function randomFrom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Time-ordered text ids, like the server's: the time in base 36, then a counter. */
export const idOf = (prefix, ms, n) => `${prefix}${Math.floor(ms).toString(36).padStart(9, '0')}${n.toString(36).padStart(7, '0')}`;
const iso = (ms) => new Date(ms).toISOString();

/** The people: an admin, a manager per region and per team, `reps` reps in teams of ten, ten teams a region. */
export function peopleOf(orgId, repCount, at) {
  const teams = [];
  const users = [];
  const user = (id, name, role, teamId, scope) => ({
    id, org_id: orgId, name, email: `${id}@bench.closeloop.cn`, role, team_id: teamId, data_scope: scope,
    password_hash: 'bench-no-sign-in', locale: 'zh-CN', created_at: at, updated_at: at,
  });
  users.push(user('u_admin', '管理员', 'admin', null, 'all'));
  const teamCount = Math.ceil(repCount / 10);
  const regionCount = Math.ceil(teamCount / 10);
  for (let r = 0; r < regionCount; r++) {
    const regionTeam = `t_region_${r}`;
    users.push(user(`u_rm_${r}`, `大区经理${r + 1}`, 'manager', regionTeam, 'team'));
    teams.push({ id: regionTeam, org_id: orgId, name: `大区 ${r + 1}`, parent_id: null, leader_id: `u_rm_${r}`, created_at: at, updated_at: at });
  }
  for (let t = 0; t < teamCount; t++) {
    const teamId = `t_team_${t}`;
    users.push(user(`u_tm_${t}`, `组长${t + 1}`, 'manager', teamId, 'team'));
    teams.push({ id: teamId, org_id: orgId, name: `销售${t + 1}组`, parent_id: `t_region_${Math.floor(t / 10)}`, leader_id: `u_tm_${t}`, created_at: at, updated_at: at });
  }
  const reps = [];
  for (let i = 0; i < repCount; i++) {
    const rep = user(`u_rep_${i}`, `销售${i + 1}`, 'rep', `t_team_${Math.floor(i / 10)}`, 'own');
    users.push(rep);
    reps.push(rep);
  }
  return { teams, users, reps };
}

/** One lead and its activities, as the server would have left them. */
function makeLead(random, n, orgId, reps, nowMs) {
  const createdMs = nowMs - Math.floor(random() * 365 * dayMs);
  const owner = reps[Math.floor(random() * reps.length)];
  let pick = random() * 100;
  let stage = 'new';
  for (const [s, w] of stageWeights) {
    if ((pick -= w) < 0) {
      stage = s;
      break;
    }
  }
  const [min, max] = activityRange[stage];
  const count = stage === 'new' ? (random() < 0.7 ? 0 : 1) : min + Math.floor(random() * (max - min + 1));
  const id = idOf('l', createdMs, n);
  const open = stage !== 'won' && stage !== 'lost';
  // The last action: a few days ago for most open leads, a silent tail for some; closed leads went quiet long ago.
  const lastAge = open ? -Math.log(1 - random()) * 6 * dayMs : (10 + random() * 120) * dayMs;
  const lastMs = Math.max(createdMs + 60_000, nowMs - lastAge);
  const activities = [];
  for (let k = 0; k < count; k++) {
    // Spread back from the last action towards the creation, oldest first.
    const at = k === count - 1 ? lastMs : createdMs + ((lastMs - createdMs) * (k + 1)) / (count + 1);
    const plans = random() < 0.8;
    activities.push({
      id: idOf('a', at, n * 8 + k), org_id: orgId, kind: kinds[Math.floor(random() * kinds.length)], lead_id: id, occurred_at: iso(at),
      text: '客户沟通记录', owner_id: owner.id, next_action_kind: plans ? nextKinds[Math.floor(random() * nextKinds.length)] : null,
      next_action_due_at: plans ? iso(at + (1 + Math.floor(random() * 7)) * dayMs) : null, status: 'active', version: 1,
      created_at: iso(at), updated_at: iso(at),
    });
  }
  const last = activities.at(-1);
  const company = `基准客户${n}有限公司`;
  const phone = `139${String(n).padStart(8, '0')}`;
  return {
    lead: {
      id, org_id: orgId, name: `联系人${n}`, company, company_normal: company, phone, phone_normal: phone,
      source: sources[n % sources.length], stage, industry: industries[n % industries.length], intent_tags: '[]',
      first_contact_at: activities[0]?.occurred_at ?? null, last_activity_at: last?.occurred_at ?? iso(createdMs),
      owner_id: owner.id, team_id: owner.team_id, search_text: `${company} 联系人${n} ${phone}`, status: random() < 0.03 ? 'archived' : 'active',
      version: 1, created_at: iso(createdMs), updated_at: last?.occurred_at ?? iso(createdMs),
      next_action_kind: last?.next_action_kind ?? null, next_action_due_at: last?.next_action_due_at ?? null,
    },
    activities,
    open,
  };
}

/**
 * Bulk writers: multi-row inserts in big transactions on SQLite, unnest()-fed inserts on PostgreSQL. `write`'s
 * `types` names the PostgreSQL type of columns that are not text (`{ total_minor: 'bigint' }`); `version` is int.
 * Foreign keys are right by construction, so neither engine checks them during the load.
 */
export async function openWriter(databaseUrl) {
  if (databaseUrl.startsWith('sqlite:')) {
    const SQLite = serverRequire('better-sqlite3');
    const db = new SQLite(databaseUrl.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF'); // a bulk load: a crash means loading again
    db.pragma('cache_size = -262144');
    db.pragma('foreign_keys = OFF');
    const statements = new Map();
    const insert = (table, columns, rows) => {
      const perRow = `(${columns.map(() => '?').join(',')})`;
      const key = `${table}:${rows.length}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(`insert into ${table} (${columns.join(',')}) values ${Array(rows.length).fill(perRow).join(',')}`);
        statements.set(key, statement);
      }
      statement.run(rows.flatMap((row) => columns.map((c) => row[c] ?? null)));
    };
    return {
      dialect: 'sqlite',
      async write(table, columns, rows) {
        // Under SQLite's 32,766 bound values per statement.
        const perStatement = Math.floor(30_000 / columns.length);
        db.transaction(() => {
          for (let i = 0; i < rows.length; i += perStatement) insert(table, columns, rows.slice(i, i + perStatement));
        })();
      },
      async query(text) {
        return db.prepare(text).all();
      },
      async run(text) {
        db.exec(text);
      },
      async close() {
        db.close();
      },
    };
  }
  const pg = serverRequire('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A bulk load: foreign keys are right by construction (their triggers off for this session), a crash means loading again.
  await client.query(`set session_replication_role = replica; set synchronous_commit = off; set maintenance_work_mem = '256MB'`);
  return {
    dialect: 'postgres',
    async write(table, columns, rows, types = {}) {
      const arrays = columns.map((c) => rows.map((row) => row[c] ?? null));
      const casts = columns.map((c, i) => `$${i + 1}::${types[c] ?? (integerColumns.has(c) ? 'int' : 'text')}[]`);
      await client.query(`insert into ${table} (${columns.join(',')}) select * from unnest(${casts.join(',')})`, arrays);
    },
    async query(text) {
      return (await client.query(text)).rows;
    },
    async run(text) {
      await client.query(text);
    },
    async close() {
      await client.end();
    },
  };
}

/** The secondary indexes of a table, as statements that build them again. */
export async function secondaryIndexes(writer, table) {
  if (writer.dialect === 'sqlite') {
    const rows = await writer.query(`select name, sql from sqlite_master where type = 'index' and tbl_name = '${table}' and sql is not null`);
    return rows.map((r) => ({ name: r.name, create: r.sql }));
  }
  const rows = await writer.query(
    `select i.indexname as name, i.indexdef as create from pg_indexes i join pg_class c on c.relname = i.indexname join pg_index x on x.indexrelid = c.oid ` +
      `where i.tablename = '${table}' and i.schemaname = current_schema() and not x.indisprimary and not x.indisunique`,
  );
  return rows.map((r) => ({ name: r.name, create: r.create }));
}

export async function generateStewardData({
  databaseUrl, reps: repCount = 1000, leads: leadCount = 1_000_000, seed = 1, now = new Date(), timeZone = 'Asia/Shanghai', log = () => undefined,
}) {
  const started = performance.now();
  const dist = path.join(root, 'packages/server/dist');
  if (!fs.existsSync(path.join(dist, 'server.js'))) throw new Error('build first: npm run build');
  const { openDatabase } = await import(pathToFileURL(path.join(dist, 'platform/db/database.js')).href);
  const { migrateToLatest } = await import(pathToFileURL(path.join(dist, 'platform/db/migrate.js')).href);
  const migrated = openDatabase(databaseUrl);
  try {
    await migrateToLatest(migrated.db);
  } finally {
    await migrated.close();
  }

  const writer = await openWriter(databaseUrl);
  const orgId = 'org_bench';
  const nowMs = now.getTime();
  const at = iso(nowMs - 400 * dayMs);
  try {
    if ((await writer.query('select count(*) as n from leads'))[0].n > 0) throw new Error(`${databaseUrl} already has leads: give a fresh database`);
    await writer.write('orgs', ['id', 'name', 'time_zone', 'created_at'], [{ id: orgId, name: '基准测试公司', time_zone: timeZone, created_at: at }]);
    const { teams, users, reps } = peopleOf(orgId, repCount, at);
    await writer.write('teams', ['id', 'org_id', 'name', 'parent_id', 'leader_id', 'created_at', 'updated_at'], teams);
    await writer.write('users', ['id', 'org_id', 'name', 'email', 'role', 'team_id', 'data_scope', 'password_hash', 'locale', 'created_at', 'updated_at'], users);

    const dropped = [...(await secondaryIndexes(writer, 'leads')), ...(await secondaryIndexes(writer, 'activities'))];
    for (const index of dropped) await writer.run(`drop index ${index.name}`);
    const random = randomFrom(seed);
    const batch = 20_000;
    let activities = 0;
    let openLeads = 0;
    for (let from = 0; from < leadCount; from += batch) {
      const leads = [];
      const acts = [];
      for (let n = from; n < Math.min(leadCount, from + batch); n++) {
        const made = makeLead(random, n, orgId, reps, nowMs);
        leads.push(made.lead);
        acts.push(...made.activities);
        if (made.open && made.lead.status === 'active') openLeads += 1;
      }
      await writer.write('leads', leadColumns, leads);
      await writer.write('activities', activityColumns, acts);
      activities += acts.length;
      if ((from / batch) % 10 === 9) log(`${(from + batch).toLocaleString('en-US')} leads, ${activities.toLocaleString('en-US')} activities`);
    }
    log(`loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; building ${dropped.length} indexes again`);
    for (const index of dropped) await writer.run(index.create);
    await writer.run(writer.dialect === 'sqlite' ? 'analyze' : 'analyze leads; analyze activities');
    log(`indexed at ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return {
      orgId, timeZone, now: iso(nowMs), reps: reps.length, managers: users.filter((u) => u.role === 'manager').length, teams: teams.length,
      leads: leadCount, openLeads, activities, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.close();
  }
}

/** Leads in the database at `databaseUrl`, or -1 when it can't be read (no such file or database yet). */
async function leadCount(databaseUrl) {
  try {
    const sql = await openSql(databaseUrl);
    try {
      return Number((await sql.all('select count(*) as n from leads'))[0].n);
    } finally {
      await sql.close();
    }
  } catch {
    return -1;
  }
}

/**
 * A benchmark's steward company on `dialect`: the SQLite `file` or the PostgreSQL database `pgDatabase` under `pgUrl`,
 * kept when `reuse` is set and it already holds `leads` leads, otherwise created afresh and loaded. Answers its URL and
 * what the load took (null when reused).
 */
export async function stewardDatabase({ dialect, file, pgUrl, pgDatabase, reps, leads, reuse, now, log }) {
  const pgBase = pgUrl.replace(/\/$/, '');
  const databaseUrl = dialect === 'sqlite' ? `sqlite:${path.resolve(file)}` : `${pgBase}/${pgDatabase}`;
  if (reuse && (await leadCount(databaseUrl)) === leads) {
    log(`${dialect}: reusing ${databaseUrl}`);
    return { databaseUrl, load: null };
  }
  if (dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.resolve(file) + suffix, { force: true });
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } else {
    await postgresAdmin(pgBase, [`drop database if exists ${pgDatabase} with (force)`, `create database ${pgDatabase}`]);
  }
  log(`${dialect}: loading ${reps} reps and ${leads.toLocaleString('en-US')} leads`);
  const company = await generateStewardData({ databaseUrl, reps, leads, now, log: (m) => log(`${dialect}: ${m}`) });
  log(`${dialect}: loaded ${company.leads.toLocaleString('en-US')} leads (${company.openLeads.toLocaleString('en-US')} open), ` +
    `${company.activities.toLocaleString('en-US')} activities in ${company.seconds.toFixed(1)} s`);
  return { databaseUrl, load: { seconds: company.seconds, activities: company.activities, openLeads: company.openLeads } };
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      file: { type: 'string' },
      'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
      database: { type: 'string', default: 'closeloop_steward' },
      reps: { type: 'string', default: '1000' },
      leads: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
    },
  });
  let databaseUrl;
  if (args.db === 'sqlite') {
    const file = path.resolve(args.file ?? path.join(root, 'data', 'steward-bench.db'));
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    databaseUrl = `sqlite:${file}`;
  } else if (args.db === 'postgres') {
    const base = args['pg-url'].replace(/\/$/, '');
    await postgresAdmin(base, [`drop database if exists ${args.database} with (force)`, `create database ${args.database}`]);
    databaseUrl = `${base}/${args.database}`;
  } else {
    throw new Error('--db is sqlite or postgres');
  }
  const company = await generateStewardData({
    databaseUrl, reps: Number(args.reps), leads: Number(args.leads), seed: Number(args.seed), now: args.now ? new Date(args.now) : new Date(),
    log: (message) => console.error(`[steward-data] ${message}`),
  });
  console.log(JSON.stringify({ databaseUrl, ...company, seconds: Number(company.seconds.toFixed(1)) }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
