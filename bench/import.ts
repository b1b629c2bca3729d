/**
 * Import benchmark (H4): generates a CSV of 100,000 leads and imports it through ImportService on SQLite (a real
 * file: WAL, synchronous=FULL) and on PostgreSQL (a fresh schema), then imports it again (every row a duplicate,
 * so all skipped) and exports everything back to CSV. Target: the first import under 60 s on SQLite.
 *
 *   npx tsx --tsconfig tsconfig.tests.json bench/import.ts [rows]
 *
 * PostgreSQL comes from CLOSELOOP_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test); set it to
 * "off" to measure SQLite only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../packages/server/src/platform/db/database.js';
import { migrateToLatest } from '../packages/server/src/platform/db/migrate.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { resolveAuth } from '../packages/server/src/platform/access/auth-context.js';
import { UnitOfWork } from '../packages/server/src/platform/http/unit-of-work.js';
import { ExportService, ImportService } from '../packages/server/src/modules/transfer/index.js';

const rows = Number(process.argv[2] ?? 100_000);
const pgUrl = process.env.CLOSELOOP_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const given = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超'];
const cities = ['上海', '杭州', '苏州', '南京', '北京', '深圳', '广州', '成都', '武汉', '西安'];
const industries = ['制造业', '教育', '零售', '医疗健康', '软件/SaaS', '金融', '物流', '能源'];
const sources = ['展会', '转介绍', '网页表单', '电话开发', '导入'];
const stages = ['新线索', '已联系', '已确认', '方案报价'];
const tags = ['预算已批', '急需', '决策人已接触', '竞品在用', '年底采购'];

/** A CSV of `count` distinct leads with Chinese headers, as a sales team would export it from another tool. */
function leadsCsv(count: number): Buffer {
  const lines = ['姓名,公司,手机,邮箱,来源,阶段,行业,城市,标签,首次联系时间'];
  for (let i = 0; i < count; i += 1) {
    const name = `${surnames[i % 16]}${given[(i >> 4) % 16]}${i % 7 === 0 ? given[(i >> 8) % 16] : ''}`;
    const company = `${cities[i % 10]}示例${i}号科技有限公司`;
    const phone = `139${String(i).padStart(8, '0')}`;
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      [name, company, phone, `lead${i}@example.cn`, sources[i % 5], stages[i % 4], industries[i % 8], cities[i % 10], `"${tags[i % 5]},${tags[(i + 2) % 5]}"`, `2026-10-${day} 10:30`].join(','),
    );
  }
  return Buffer.from(`\uFEFF${lines.join('\n')}\n`, 'utf8');
}

async function seed(database: DatabaseHandle) {
  const now = new Date().toISOString();
  await database.db.insertInto('orgs').values({ id: 'org_bench', name: '基准测试公司', created_at: now }).execute();
  await database.db.insertInto('teams').values({ id: 'team_bench', org_id: 'org_bench', name: '华东大区', parent_id: null, region_id: null, leader_id: 'u_bench', created_at: now, updated_at: now }).execute();
  await database.db.insertInto('users').values({
    id: 'u_bench', org_id: 'org_bench', name: '基准经理', email: 'bench@example.cn', phone: null, phone_normal: null, role: 'manager',
    team_id: 'team_bench', data_scope: 'team', password_hash: 'x', locked_until: null, created_at: now, updated_at: now,
  }).execute();
  const user = await database.db.selectFrom('users').selectAll().where('id', '=', 'u_bench').executeTakeFirstOrThrow();
  return resolveAuth(database.db, user, { kind: 'session', id: 'bench' });
}

const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

async function measure(engine: string, database: DatabaseHandle, file: Buffer) {
  await migrateToLatest(database.db);
  const auth = await seed(database);
  const uow = new UnitOfWork(database, systemClock);
  const imports = new ImportService(database, systemClock, uow);
  const exports = new ExportService(database.db, systemClock, uow);
  const time = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, seconds: (performance.now() - started) / 1000 };
  };
  const first = await time(() => imports.importFile(auth, 'leads', file, 'csv'));
  const again = await time(() => imports.importFile(auth, 'leads', file, 'csv'));
  const out = await time(() => exports.exportTo(auth, 'leads', 'csv', {}, discard()));
  return {
    engine,
    rows,
    'import s': first.seconds.toFixed(1),
    'rows/s': Math.round(rows / first.seconds),
    created: first.result.summary.created,
    failed: first.result.summary.failed,
    're-import s (all skipped)': again.seconds.toFixed(1),
    skipped: again.result.summary.skipped,
    'export s': out.seconds.toFixed(1),
    exported: out.result.rows,
    // The process's high-water mark so far (it includes the generated file and earlier engines).
    'peak RSS MB': Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

async function main() {
  const file = leadsCsv(rows);
  console.log(`${rows} leads, ${(file.length / 1024 / 1024).toFixed(1)} MB CSV, Node ${process.version}, ${os.cpus().length} CPUs`);
  const results = [];

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'closeloop-bench-'));
  const sqlite = openDatabase(`sqlite:${path.join(dir, 'bench.db')}`);
  try {
    results.push(await measure('SQLite', sqlite, file));
  } finally {
    await sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  if (pgUrl !== 'off') {
    const schema = `bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    const postgres = openDatabase(pgUrl, { pgSchema: schema });
    try {
      results.push(await measure('PostgreSQL', postgres, file));
    } finally {
      await postgres.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
  console.table(results);
  const sqliteSeconds = Number(results[0]!['import s']);
  if (rows >= 100_000 && sqliteSeconds >= 60) {
    console.error(`SQLite import took ${sqliteSeconds} s, over the 60 s target`);
    process.exitCode = 1;
  }
}

await main();
