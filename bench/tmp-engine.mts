// temporary: the worker's pipeline (read, engine, JSON, pack, group) in one thread, old code vs new
import { openDatabase } from '../packages/server/src/platform/db/database.js';
import * as nw from '../packages/server/src/modules/commissions/calculation.js';
import * as nt from '../packages/server/src/modules/commissions/engine-thread.js';
import * as ob from '/tmp/base/packages/server/src/modules/commissions/calculation.js';
import * as ot from '/tmp/base/packages/server/src/modules/commissions/engine-thread.js';
import { companyPeople } from '../packages/server/src/modules/commissions/people.js';
const h = openDatabase(`sqlite:${process.argv[2]}`, { sqliteReadOnly: true });
const company = await companyPeople(h.db, 'org_bench');
const order = (process.argv[3] ?? 'on,no').split(',');
for (const which of order) {
  global.gc?.();
  const t = process.hrtime.bigint(); const c = process.cpuUsage();
  const input = await (which.startsWith('o') ? ob : nw).periodInput(h.db as never, 'org_bench', company, '2026-11');
  const readMs = Number(process.hrtime.bigint() - t) / 1e6;
  let lines = 0; let groups = 0;
  if (which.startsWith('o')) { for (const g of ot.inGroups(ot.computedPeople(input, []))) { const p = g.map(ot.packed); groups++; lines += p.length; } }
  else { const pk = (function* () { for (const person of nt.computedPeople(input, [])) yield nt.packed(person); })(); for (const g of nt.inGroups(pk, nt.packedLines)) { groups++; lines += g.length; } }
  const cu = process.cpuUsage(c);
  console.log(which, 'read', readMs.toFixed(0), 'total', (Number(process.hrtime.bigint() - t) / 1e6).toFixed(0), 'ms wall', ((cu.user + cu.system) / 1000).toFixed(0), 'ms cpu', groups, lines);
}
await h.close();
