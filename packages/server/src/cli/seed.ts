/** `closeloop seed`: the demo company and benchmark data, kept out of installations that hold real companies. */
import type { Clock } from '../platform/clock.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { demoLogins, seedDemo } from '../seed/demo.js';
import { demoOrgId } from '../seed/demo-company.js';
import { benchOrgId, benchPassword, seedScale } from '../seed/scale.js';
import { demoLoginLines } from './demo-logins.js';
import { CliError, type CliIo } from './io.js';

export interface SeedRequest {
  demo: boolean;
  scale?: number | undefined;
  force: boolean;
}

export async function runSeed(database: DatabaseHandle, clock: Clock, request: SeedRequest, io: CliIo): Promise<void> {
  if (!request.demo && request.scale === undefined) throw new CliError('Say what to seed: --demo, --scale <n>, or both.', 2);
  await refuseRealCompanies(database, request.force);
  if (request.demo) {
    const result = await seedDemo(database, clock, 'cli');
    if (!result.created) io.out('The demo company 示例科技有限公司 is already there; nothing was added.');
    else {
      const c = result.counts;
      io.out(`Seeded the demo company 示例科技有限公司 (${demoOrgId}): ${c.users} people in ${c.teams} teams, ${c.customers} customers, ` +
        `${c.contacts} contacts, ${c.leads} leads, ${c.activities} activities, ${c.products} products, ${c.pricePolicies} price policies.`);
      const d = result.documents;
      if (d) io.out(`  Its last 60 days of business: ${d.contracts} contracts, ${d.purchaseOrders} purchase orders, ${d.shipments} shipments, ${d.receipts} receipts.`);
    }
    for (const line of demoLoginLines(await demoLogins(database.db), false)) io.out(line);
  }
  if (request.scale !== undefined) {
    const result = await seedScale(database, request.scale, clock, 'cli');
    const c = result.counts;
    io.out(`${result.createdOrg ? 'Created' : 'Added to'} the benchmark company (${benchOrgId}): ${c.customers} customers, ${c.leads} leads, ` +
      `${c.activities} activities in ${(result.elapsedMs / 1000).toFixed(1)} s.`);
    io.out(`  Sign in as ${result.logins.admin}, ${result.logins.manager} or ${result.logins.rep} (rep1 … rep200) with password ${benchPassword}.`);
  }
}

/**
 * Seeded accounts share a published password. Adding them next to a real company would open a door into the
 * installation, so that takes an explicit --force.
 */
async function refuseRealCompanies(database: DatabaseHandle, force: boolean): Promise<void> {
  if (force) return;
  const real = await database.db.selectFrom('orgs').select(['id', 'name']).where('id', 'not in', [demoOrgId, benchOrgId]).limit(3).execute();
  if (real.length > 0) {
    throw new CliError(
      `This installation already holds ${real.map((o) => `${o.name} (${o.id})`).join(', ')}. Seeded accounts use a published password, ` +
        'so seeding here would let anyone who knows it sign in. Use a separate database, or add --force if that is really what you want.',
    );
  }
}
