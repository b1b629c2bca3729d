import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './platform/clock.js';
import type { DatabaseHandle, Dialect } from './platform/db/database.js';
import { verifyPassword } from './platform/auth/passwords.js';
import { dialects, freshDatabase } from './test-support/databases.js';
import { verifyAuditChains } from './cli/audit.js';
import { addUser } from './cli/users.js';
import { CliError, type CliIo } from './cli/io.js';
import { main } from './cli.js';
import { seedDemo } from './seed/demo.js';

/** Collects what a command prints. */
function capture(): CliIo & { lines: string[]; errors: string[]; text(): string } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), text: () => [...lines, ...errors].join('\n') };
}

/** Edits an audit entry behind the application's back, as a DBA could. */
async function tamper(database: DatabaseHandle, dialect: Dialect, orgId: string, seq: number): Promise<void> {
  if (dialect === 'postgres') await sql`alter table audit_log disable trigger audit_log_no_update`.execute(database.db);
  else await sql`drop trigger audit_log_no_update`.execute(database.db);
  await database.db.updateTable('audit_log').set({ after: '{"name":"someone else"}' }).where('org_id', '=', orgId).where('seq', '=', seq).execute();
}

describe.each(dialects)('closeloop audit verify and user add on %s', (dialect) => {
  let database: DatabaseHandle;
  const clock = new ManualClock('2026-11-20T02:00:00.000Z');

  beforeAll(async () => {
    database = await freshDatabase(dialect);
    await seedDemo(database, clock, 'cli', { documents: false });
  }, 60_000);
  afterAll(() => database.close());

  it('adds a person to a team named in Chinese, with the default scope of their role and an audit entry', async () => {
    const added = await addUser(database, clock, {
      email: 'Chen.Jing@Example.cn', name: '陈静', role: 'rep', team: '上海一组', phone: '137 0000 1111', password: 'a-long-passphrase',
    });
    expect(added).toMatchObject({ orgId: 'org_demo', teamName: '上海一组', dataScope: 'own', generatedPassword: null });
    const row = await database.db.selectFrom('users').selectAll().where('id', '=', added.userId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ email: 'chen.jing@example.cn', team_id: 'team_sh_1', phone_normal: '13700001111', data_scope: 'own' });
    expect(await verifyPassword(row.password_hash, 'a-long-passphrase')).toBe(true);
    const entry = await database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', added.userId).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'create', entity_type: 'user', actor_kind: 'cli' });
  });

  it('generates a password when none is given, and refuses a second account with the same e-mail or phone', async () => {
    const added = await addUser(database, clock, { email: 'ops.new@example.cn', name: '新财务', role: 'ops' });
    expect(added.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await expect(addUser(database, clock, { email: 'OPS.NEW@example.cn', name: 'x', role: 'rep', password: 'a-long-passphrase' })).rejects.toThrow(/already an account/);
    await expect(addUser(database, clock, { email: 'other@example.cn', name: 'x', role: 'rep', phone: '13800000001', password: 'a-long-passphrase' })).rejects.toThrow(/phone/);
  });

  it('explains a bad role, a short password and an unknown team in option terms', async () => {
    await expect(addUser(database, clock, { email: 'x@example.cn', name: 'x', role: 'boss', password: 'a-long-passphrase' })).rejects.toThrow(/--role: must be one of: rep, manager, ops, admin/);
    await expect(addUser(database, clock, { email: 'x@example.cn', name: 'x', role: 'rep', password: 'short' })).rejects.toThrow(/--password: at least 10 characters/);
    await expect(addUser(database, clock, { email: 'x@example.cn', name: 'x', role: 'rep', team: '火星组', password: 'a-long-passphrase' })).rejects.toThrow(/no team "火星组".*上海一组 \(team_sh_1\)/);
  });

  it('passes every chain after seeding and names the first edited entry after tampering', async () => {
    const good = capture();
    expect(await verifyAuditChains(database.db, good)).toBe(0);
    // The demo's seed entry and the two people added above (the company is seeded without its document story).
    expect(good.lines[0]).toMatch(/^OK {6}org_demo \(示例科技有限公司\): 3 entries, head [0-9a-f]{64}$/);

    await tamper(database, dialect, 'org_demo', 2);
    const bad = capture();
    expect(await verifyAuditChains(database.db, bad, 'org_demo')).toBe(1);
    expect(bad.lines[0]).toMatch(/^BROKEN {2}org_demo \(示例科技有限公司\): entry #2 \(id [0-9a-f-]{36}\): its content does not match its hash \(edited\)\.$/);
    expect(bad.lines[1]).toContain('Everything before it verifies (1 entry)');
    expect(bad.errors.join('\n')).toContain('1 of 1 audit chain failed verification');
  });

  it('refuses to verify an organisation that does not exist', async () => {
    await expect(verifyAuditChains(database.db, capture(), 'org_nope')).rejects.toThrow(CliError);
  });
});

describe('the closeloop command on an SQLite file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-cli-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'closeloop.db')}`, LOG_LEVEL: 'silent' };
  const run = async (...args: string[]) => {
    const io = capture();
    const code = await main(args, io, env);
    return { code, io, text: io.text() };
  };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('migrates, then says the schema is up to date', async () => {
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(first.io.lines[0]).toMatch(/^applied 202611262330-foundation$/);
    const second = await run('migrate');
    expect(second.text).toContain('up to date');
  });

  it('asks for an organisation before the first user, and creates one with --create-org', async () => {
    const none = await run('user', 'add', '--email', 'it@example.cn', '--name', '李强', '--role', 'admin', '--password', 'a-long-passphrase');
    expect(none.code).toBe(1);
    expect(none.text).toContain('closeloop: There is no organisation yet');
    const created = await run('user', 'add', '--create-org', '上海卓越精密制造有限公司', '--email', 'it@example.cn', '--name', '李强', '--role', 'admin', '--password', 'a-long-passphrase');
    expect(created.code).toBe(0);
    expect(created.text).toMatch(/Added 李强 <it@example.cn> as admin to 上海卓越精密制造有限公司/);
  });

  it('will not seed demo accounts next to a real company without --force', async () => {
    const refused = await run('seed', '--demo');
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('published password');
    const forced = await run('seed', '--demo', '--force');
    expect(forced.code).toBe(0);
    expect(forced.text).toContain('Seeded the demo company 示例科技有限公司');
    expect(forced.text).toMatch(/admin +周敏 +系统管理员 +admin@demo\.closeloop\.cn/);
  });

  it('verifies every organisation and exits 1 once an entry is edited', async () => {
    const ok = await run('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.io.lines).toHaveLength(2);
    const { openDatabase } = await import('./platform/db/database.js');
    const database = openDatabase(env.DATABASE_URL);
    await tamper(database, 'sqlite', 'org_demo', 1);
    await database.close();
    const broken = await run('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.text).toMatch(/BROKEN {2}org_demo .*entry #1/);
    expect(broken.text).toMatch(/OK {6}\S+ \(上海卓越精密制造有限公司\)/);
  });

  it('explains an unsupported or unreachable DATABASE_URL in one line', async () => {
    const io = capture();
    expect(await main(['migrate'], io, { DATABASE_URL: 'mysql://root@localhost/crm' })).toBe(1);
    expect(io.errors).toEqual([expect.stringMatching(/^closeloop: DATABASE_URL uses "mysql:\/\/", which Closeloop does not support/)]);
    const refused = capture();
    expect(await main(['migrate'], refused, { DATABASE_URL: 'postgres://closeloop:secret@127.0.0.1:1/crm' })).toBe(1);
    expect(refused.errors[0]).toMatch(/^closeloop: Cannot connect to PostgreSQL at 127\.0\.0\.1:1: connection refused/);
    expect(refused.text()).not.toContain('secret');
    const config = capture();
    expect(await main(['migrate'], config, { PORT: 'eighty' })).toBe(1);
    expect(config.errors[0]).toMatch(/^closeloop: Invalid environment: PORT/);
  });

  it('answers --help with every command and usage mistakes with a non-zero code', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'import', 'export', 'user', 'audit']) expect(help.text).toContain(command);
    expect(help.text).toContain('DATABASE_URL');
    expect((await run('seed', '--scale', 'lots')).code).not.toBe(0);
    expect((await run('seed')).code).toBe(2);
    expect((await run('frobnicate')).code).not.toBe(0);
  });
});
