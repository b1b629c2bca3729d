/** `closeloop audit verify`: walks every organisation's audit chain and names the first entry that was tampered with. */
import type { Executor } from '../platform/db/database.js';
import { verifyChain } from '../platform/audit/chain.js';
import { CliError, type CliIo } from './io.js';

/** Prints one line per organisation; the exit code is 1 when any chain is broken. */
export async function verifyAuditChains(db: Executor, io: CliIo, orgId?: string): Promise<number> {
  const orgs = await db.selectFrom('orgs').select(['id', 'name']).$if(!!orgId, (q) => q.where('id', '=', orgId!)).orderBy('created_at').orderBy('id').execute();
  if (orgId && orgs.length === 0) throw new CliError(`There is no organisation with id "${orgId}".`);
  if (orgs.length === 0) {
    io.out('No organisations yet: nothing to verify.');
    return 0;
  }
  let broken = 0;
  for (const org of orgs) {
    const report = await verifyChain(db, org.id);
    if (report.ok) {
      io.out(`OK      ${org.id} (${org.name}): ${plural(report.entries, 'entry', 'entries')}, head ${report.headHash}`);
      continue;
    }
    broken += 1;
    const entry = report.firstBroken!;
    io.out(`BROKEN  ${org.id} (${org.name}): entry #${entry.seq}${entry.id ? ` (id ${entry.id})` : ''}: ${entry.reason}.`);
    io.out(`        Everything before it verifies (${plural(report.entries, 'entry', 'entries')}); the last good head is ${report.headHash}.`);
  }
  if (broken > 0) io.err(`${broken} of ${plural(orgs.length, 'audit chain', 'audit chains')} failed verification. Compare with the last published head and restore from a backup.`);
  return broken > 0 ? 1 : 0;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
