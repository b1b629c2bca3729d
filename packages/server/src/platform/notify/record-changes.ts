/**
 * The reaction that turns committed CRM events into live "this record changed" hints for open browsers. It reads the
 * rows that decide visibility (one or two small queries) and announces them; each process's live push then tells
 * only the streams whose person may see the record. A hint is not an effect: a replay sends it again, harmlessly.
 */
import { webhookEventTypes } from '@closeloop/core';
import type { Executor } from '../db/database.js';
import type { Jobs } from '../jobs/index.js';
import type { OwnedRowFacts } from '../access/visibility.js';
import type { InboxSignals, RecordChange } from './signals.js';

const changeTypes: ReadonlySet<string> = new Set<RecordChange['type']>(['customer', 'lead', 'contact', 'activity', 'silence', 'screening']);

/** The published events of the record types an open list shows: one list of CRM events to keep, in core. */
export const recordChangeEvents: readonly string[] = webhookEventTypes.filter((type) => changeTypes.has(type.slice(0, type.indexOf('.'))));

const ownedColumns = ['org_id', 'owner_id', 'team_id', 'region_id', 'industry'] as const;
type OwnedRow = { org_id: string; owner_id: string; team_id: string | null; region_id: string | null; industry: string | null };
const factsOf = (row: OwnedRow): OwnedRowFacts => ({ orgId: row.org_id, ownerId: row.owner_id, teamId: row.team_id, regionId: row.region_id, industry: row.industry });

async function owned(tx: Executor, table: 'customers' | 'leads', orgId: string, id: string | null): Promise<OwnedRowFacts[]> {
  if (!id) return [];
  const row = await tx.selectFrom(table).select([...ownedColumns]).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  return row ? [factsOf(row)] : [];
}

/** Whose sight a change travels through, by the same rules as the list scopes (access/scope.ts). */
export async function changeOf(tx: Executor, orgId: string, eventType: string, id: string): Promise<RecordChange | null> {
  const type = eventType.slice(0, eventType.indexOf('.')) as RecordChange['type'];
  switch (type) {
    case 'customer':
    case 'lead':
      return { type, id, seenThrough: await owned(tx, type === 'lead' ? 'leads' : 'customers', orgId, id) };
    case 'contact': {
      const contact = await tx.selectFrom('contacts').select('customer_id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return contact ? { type, id, seenThrough: await owned(tx, 'customers', orgId, contact.customer_id) } : null;
    }
    case 'activity': {
      const activity = await tx.selectFrom('activities').select(['owner_id', 'lead_id', 'customer_id']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      if (!activity) return null;
      // Whoever logged it sees it, like activityScope: a row only its logger "owns".
      const logger: OwnedRowFacts = { orgId, ownerId: activity.owner_id, teamId: null, regionId: null, industry: null };
      return { type, id, seenThrough: [logger, ...(await owned(tx, 'leads', orgId, activity.lead_id)), ...(await owned(tx, 'customers', orgId, activity.customer_id))] };
    }
    case 'silence': {
      // A lead's silence alert and screening card are seen by whoever may see the lead.
      const alert = await tx.selectFrom('silence_alerts').select('lead_id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return alert ? { type, id, seenThrough: await owned(tx, 'leads', orgId, alert.lead_id) } : null;
    }
    case 'screening': {
      const card = await tx.selectFrom('screening_cards').select('lead_id').where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
      return card ? { type, id, seenThrough: await owned(tx, 'leads', orgId, card.lead_id) } : null;
    }
    default:
      return null;
  }
}

/**
 * `mayBeHeard`: whether any stream could hear the hint. When none can, the visibility reads are skipped: a list
 * opened later reads its records afresh, so a hint nobody heard is not owed to anyone.
 */
export function registerRecordChanges(jobs: Jobs, signals: InboxSignals, mayBeHeard: () => boolean): void {
  jobs.reactions.on(recordChangeEvents, 'live.record-changes', async (event, ctx) => {
    if (!mayBeHeard()) return;
    const change = await changeOf(ctx.tx, event.orgId, event.type, event.subject);
    if (change && change.seenThrough.length > 0) await signals.announce(ctx.tx, { kind: 'records', orgId: event.orgId, changes: [change] });
  });
}
