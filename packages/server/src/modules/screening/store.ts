/** Every query on screening cards. Cards are seen through their lead, exactly as leads are. */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';
import type { Executor } from '../../platform/db/database.js';
import type { Database, ScreeningCardTable } from '../../platform/db/schema.js';
import { pageOf } from '../../platform/http/pagination.js';

export type ScreeningCardRow = ScreeningCardTable;

/** The company's tags come from this many recently completed cards. */
const recentCards = 300;

export class ScreeningStore {
  find(db: Executor, orgId: string, leadId: string): Promise<ScreeningCardRow | undefined> {
    return db.selectFrom('screening_cards').selectAll().where('org_id', '=', orgId).where('lead_id', '=', leadId).executeTakeFirst();
  }

  /** Opens a card unless the lead has one already; returns whether this call opened it. */
  async open(db: Executor, row: ScreeningCardRow): Promise<boolean> {
    const result = await db.insertInto('screening_cards').values(row).onConflict((oc) => oc.column('lead_id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  /** Writes `next` if the card still has the version read; false when someone saved it meanwhile. */
  async save(db: Executor, current: ScreeningCardRow, next: ScreeningCardRow): Promise<boolean> {
    const { id: _id, org_id: _org, lead_id: _lead, created_at: _created, ...columns } = next;
    const result = await db.updateTable('screening_cards').set(columns).where('id', '=', current.id).where('version', '=', current.version).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async markReminded(db: Executor, id: string, now: string): Promise<boolean> {
    const result = await db
      .updateTable('screening_cards')
      .set({ reminded_at: now, updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .where('reminded_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** The intent tags on the company's most recently completed cards, newest first. */
  async recentTagLists(db: Executor, orgId: string): Promise<string[][]> {
    const rows = await db
      .selectFrom('screening_cards')
      .select('answers')
      .where('org_id', '=', orgId)
      .where('status', '=', 'completed')
      .orderBy('completed_at', 'desc')
      .limit(recentCards)
      .execute();
    return rows.map((r) => {
      const tags = (JSON.parse(r.answers) as { intentTags?: unknown }).intentTags;
      return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
    });
  }

  /** The lead's customer, if the caller may see it: what it knows prefills the card. */
  customerFacts(db: Executor, auth: AuthContext, customerId: string) {
    return db
      .selectFrom('customers')
      .select(['industry', 'size', 'budget_band', 'decision_chain'])
      .where('id', '=', customerId)
      .where(ownedScope(auth, 'customers'))
      .executeTakeFirst();
  }

  /** Whether an activity other than `activityId`, created before it, is on the lead: then that one was the first contact. */
  async earlierActivity(db: Executor, orgId: string, leadId: string, activityId: string): Promise<boolean> {
    const row = await db
      .selectFrom('activities as earlier')
      .innerJoin('activities as this', (join) => join.on('this.id', '=', activityId))
      .select('earlier.id')
      .where('earlier.org_id', '=', orgId)
      .where('earlier.lead_id', '=', leadId)
      .where('earlier.id', '<>', activityId)
      .whereRef('earlier.created_at', '<', 'this.created_at')
      .limit(1)
      .executeTakeFirst();
    return !!row;
  }

  list(db: Executor, auth: AuthContext, query: { status: 'open' | 'completed'; ownerId?: string | undefined; limit: number; cursor?: string | undefined }) {
    let q = db
      .selectFrom('screening_cards')
      .innerJoin('leads', 'leads.id', 'screening_cards.lead_id')
      .where('screening_cards.org_id', '=', auth.orgId)
      .where(ownedScope(auth, 'leads') as (eb: ExpressionBuilder<Database, 'screening_cards' | 'leads'>) => Expression<SqlBool>)
      .where('screening_cards.status', '=', query.status)
      .where('leads.status', '=', 'active')
      .select([
        'screening_cards.lead_id', 'screening_cards.owner_id', 'screening_cards.opened_at', 'screening_cards.remind_at',
        'screening_cards.status', 'screening_cards.completed_at', 'leads.name as lead_name', 'leads.company',
      ]);
    if (query.ownerId) q = q.where('leads.owner_id', '=', query.ownerId);
    // The oldest open card first (the most overdue); completed ones newest first.
    const sort = query.status === 'open' ? 'openedAt:asc' : 'openedAt:desc';
    return pageOf(q, { sort, limit: query.limit, cursor: query.cursor }, { openedAt: 'screening_cards.opened_at' }, 'screening_cards.lead_id');
  }
}
