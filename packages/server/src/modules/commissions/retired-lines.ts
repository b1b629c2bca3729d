/**
 * The line rows a period left behind when it moved to a new generation (a recalculation that rewrote it whole was
 * accepted: migration 202611281600). They are out of the view commission_lines at once; this deletes them in the
 * background a few people at a time, each batch in its own short transaction, so no request waits behind a million
 * deletes. Adjustment lines belong to no generation and stay. `commission_periods.retire_after` says where the sweep goes on ('' = from the first person; null = done).
 */
import type { Executor } from '../../platform/db/database.js';
import type { Jobs, JobContext } from '../../platform/jobs/index.js';
import { periodWriteTurn } from './calculation.js';

/** People per batch: ~500 lines each in a month of a million lines, so about 25,000 rows per transaction. */
export const retiredPeoplePerBatch = 50;

const sweepKind = 'commissions.retired-lines';
const continueKind = 'commissions.retired-lines-more';
const continueKey = 'commission-retired-lines:more';

/**
 * Deletes one batch of the organisation's retired rows: the next `people` people (by id) of the first period that has
 * some. Returns whether there may be more.
 */
export async function retireLineBatch(db: Executor, orgId: string, people = retiredPeoplePerBatch): Promise<{ more: boolean }> {
  const period = await db.selectFrom('commission_periods').select(['period', 'generation', 'retire_after'])
    .where('org_id', '=', orgId).where('retire_after', 'is not', null).orderBy('period').executeTakeFirst();
  if (!period) return { more: false };
  // Taken like a payment's writes: an accept that moves the period on goes alone, before or after this batch.
  await periodWriteTurn(db, orgId, period.period, 'shared');
  const generation = Number(period.generation);
  const next = await db.selectFrom('commission_line_rows').select('person_id').distinct()
    .where('org_id', '=', orgId).where('period', '=', period.period).where('person_id', '>', period.retire_after!)
    .orderBy('person_id').limit(people).execute();
  const ids = next.map((row) => row.person_id);
  if (ids.length > 0) {
    await db.deleteFrom('commission_line_rows')
      .where('org_id', '=', orgId).where('period', '=', period.period).where('person_id', 'in', ids).where('generation', '<', generation)
      .where('kind', '<>', 'adjustment').execute();
  }
  // Unless the period moved on meanwhile (which starts its sweep again from the first person).
  await db.updateTable('commission_periods').set({ retire_after: ids.length < people ? null : ids.at(-1)! })
    .where('org_id', '=', orgId).where('period', '=', period.period).where('generation', '=', generation).execute();
  return { more: true };
}

/** Every minute in every organisation, and at once again while a batch was done. */
export function registerRetiredLineSweep(jobs: Jobs): void {
  const sweep = async (orgId: string, ctx: JobContext): Promise<void> => {
    const { more } = await retireLineBatch(ctx.tx, orgId);
    if (more) await jobs.timers.arm(ctx.tx, { orgId, key: continueKey, kind: continueKind, dueAt: ctx.now });
  };
  jobs.timers.on(continueKind, (timer, ctx) => sweep(timer.orgId, ctx));
  jobs.schedules.every(sweepKind, '* * * * *', (run, ctx) => sweep(run.orgId, ctx));
}
