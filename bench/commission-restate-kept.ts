/**
 * A kept commission-wiring file (`bench/commission-wiring.ts --restate --keep`, SQLite) restated once more: the next
 * plan version changes the top rates again (alternating between two sets), and the month is proposed, accepted and
 * its retired rows swept, each statement timed (the slowest are printed per step). For profiling accept and propose
 * without loading a million payments again; the file keeps each run's state, so runs follow one another.
 *
 *   NODE_OPTIONS="--max-old-space-size=1024" npx tsx bench/commission-restate-kept.ts /tmp/commission-wiring-….db
 */
import { permissions, planSchema } from '../packages/core/src/index.js';
import type { KyselyPlugin } from 'kysely';
import { openDatabase } from '../packages/server/src/platform/db/database.js';
import { migrateToLatest } from '../packages/server/src/platform/db/migrate.js';
import { CommissionService } from '../packages/server/src/modules/commissions/service.js';
import { retireLineBatch } from '../packages/server/src/modules/commissions/retired-lines.js';
import type { AuthContext } from '../packages/server/src/platform/access/auth-context.js';
import type { Write } from '../packages/server/src/platform/http/unit-of-work.js';

const file = process.argv[2];
if (!file) throw new Error('usage: commission-restate-kept.ts <kept SQLite file>');
const orgId = 'org_bench';
const now = '2026-11-30T11:00:00.000Z';
const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

const startedAt = new Map<unknown, { at: bigint; sql: string }>();

async function main() {
  const database = openDatabase(`sqlite:${file}`);
  await migrateToLatest(database.db);
  const queries: Array<{ sql: string; ms: number }> = [];
  // Each statement timed from its compiling to its result (the SQL text cut short).
  const executor = database.db.getExecutor();
  const db = database.db.withPlugin({
    transformQuery: (args) => {
      startedAt.set(args.queryId, { at: process.hrtime.bigint(), sql: executor.compileQuery(args.node, args.queryId).sql.replace(/\s+/g, ' ').slice(0, 160) });
      return args.node;
    },
    transformResult: async (args) => {
      const started = startedAt.get(args.queryId);
      startedAt.delete(args.queryId);
      if (started) queries.push({ sql: started.sql, ms: ms(started.at) });
      return args.result;
    },
  } satisfies KyselyPlugin);
  const auth: AuthContext = {
    orgId, userId: 'u_d0', role: 'admin', dataScope: 'all', teamIds: [], whitelistRegionIds: [], whitelistIndustries: [], permissions: new Set(permissions),
    principal: { kind: 'session', id: 'bench' }, locale: 'en',
  };
  const service = new CommissionService(db, { worker: { connection: { url: database.url, options: database.options } } });
  const writeIn = (tx: typeof db): Write => ({ tx, auth, now, audit: async () => undefined, emit: async () => undefined });
  const latest = await db.selectFrom('commission_plans').selectAll().where('org_id', '=', orgId).orderBy('version', 'desc').executeTakeFirstOrThrow();
  const version = latest.version + 1;
  const top = version % 2 === 0 ? ['3.5%', '4.5%', '5.5%'] : ['3.25%', '4.25%', '5.25%'];
  const previous = planSchema.parse(JSON.parse(latest.document));
  const next = planSchema.parse({ ...previous, version, components: previous.components.map((c) => (c.id === 'base' ? { ...c, bands: [{ upTo: 200000, rate: '2%' }, { upTo: 500000, rate: top[0] }, { upTo: 1000000, rate: top[1] }, { rate: top[2] }] } : c)) });
  await db.insertInto('commission_plans').values({ ...latest, id: `p${version}`, version, document: JSON.stringify(next) }).execute();

  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    queries.length = 0;
    const at = process.hrtime.bigint();
    const cpuAt = process.cpuUsage();
    const result = await run();
    const cpu = process.cpuUsage(cpuAt);
    const inStatements = queries.reduce((sum, q) => sum + q.ms, 0);
    console.log(`${name}: ${(ms(at) / 1000).toFixed(1)} s wall / ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU, ${queries.length} statements (${(inStatements / 1000).toFixed(1)} s)`);
    for (const q of [...queries].sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`  ${q.ms.toFixed(0).padStart(6)} ms  ${q.sql}`);
    return result;
  };
  const proposal = await step('propose', () => db.transaction().execute((tx) => service.proposeRecalculation(writeIn(tx), { period: '2026-11', reason: `bench: v${version}` })));
  await step('accept', () => db.transaction().execute((tx) => service.acceptRecalculation(writeIn(tx), proposal.id)));
  await step('sweep', async () => { for (let more = true; more;) more = (await db.transaction().execute((tx) => retireLineBatch(tx, orgId))).more; });
  await database.close();
}

main().catch((error) => { console.error(error); process.exit(1); });
