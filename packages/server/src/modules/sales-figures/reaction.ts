/**
 * Keeps the live sales figures (B5) from the documents' events: one row per company day and rep, moved by each
 * contract signed or voided and each receipt confirmed, refunded or voided — exactly once per event (`ctx.once` on
 * the event id; the upsert and the effect key commit with the reaction's checkpoint). Then open boards that may see
 * the rep hear `event: change {type: 'figures', id: <day>}` over the live stream and refetch.
 *
 * Each movement counts on the day it happens, like a ledger: a signing on its signed day, a void of a signed contract
 * on the void day (minus its total and one from the count), a confirmation on its confirmed day, a refund or void of
 * a confirmed receipt on the day it is reversed. The flash report counts the same way, so its days add up to these.
 *
 * Kept tiny on purpose (one upsert per rep moved, one effect key, one hint): the target is under a second from the
 * committed receipt to the changed figure; the unit of work rings the event bell at commit, so the runner is awake,
 * and the reaction is urgent: its commit comes before the pass's other reactions run.
 */
import { companyDate } from '@closeloop/core';
import { sql } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { DeliveredEvent, Jobs } from '../../platform/jobs/index.js';
import type { NotificationCenter, RecordChange } from '../../platform/notify/index.js';

export const salesFigureEvents = ['contract.signed', 'contract.voided', 'payment.confirmed', 'payment.refunded', 'payment.voided'] as const;
export const salesFiguresReaction = 'documents.sales-figures';

/** A change to one rep's figures on one company day; amounts in integer minor units. */
export interface FigureDelta {
  day: string;
  ownerId: string;
  teamId: string | null;
  regionId: string | null;
  industry: string | null;
  currency: string;
  signedMinor: number;
  signedCount: number;
  collectedMinor: number;
}

type Payload = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const whole = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);
const scopeOf = (p: Payload) => ({ ownerId: text(p.ownerId), teamId: text(p.teamId), regionId: text(p.regionId), industry: text(p.industry) });

/**
 * The figure changes an event makes. `voidDay` is the company day of a void when the payload does not say it
 * (the day of the event). An event that names no rep or day changes nothing.
 */
export function figureDeltas(event: Pick<DeliveredEvent, 'type' | 'payload'>, voidDay: () => string): FigureDelta[] {
  const p = event.payload;
  const currency = text(p.currency) ?? '';
  switch (event.type) {
    case 'contract.signed':
    case 'contract.voided': {
      const scope = scopeOf(p);
      const signedOn = text(p.signedOn);
      // A contract voided before it was signed never counted.
      if (!scope.ownerId || !signedOn) return [];
      const sign = event.type === 'contract.signed' ? 1 : -1;
      const day = event.type === 'contract.signed' ? signedOn : (text(p.voidedOn) ?? voidDay());
      return [{ ...scope, ownerId: scope.ownerId, day, currency, signedMinor: sign * whole(p.totalMinor), signedCount: sign, collectedMinor: 0 }];
    }
    case 'payment.confirmed':
    case 'payment.refunded':
    case 'payment.voided': {
      const day = event.type === 'payment.confirmed' ? text(p.confirmedOn) : text(p.reversedOn);
      if (!day || !Array.isArray(p.allocations)) return [];
      const sign = event.type === 'payment.confirmed' ? 1 : -1;
      return (p.allocations as Payload[]).flatMap((a) => {
        const scope = scopeOf(a);
        return scope.ownerId ? [{ ...scope, ownerId: scope.ownerId, day, currency, signedMinor: 0, signedCount: 0, collectedMinor: sign * whole(a.amountMinor) }] : [];
      });
    }
    default:
      return [];
  }
}

/** Adds the deltas to the figures: one upsert for every (day, rep) moved. */
export async function applyFigureDeltas(tx: Executor, orgId: string, deltas: readonly FigureDelta[]): Promise<void> {
  const merged = new Map<string, FigureDelta>();
  for (const d of deltas) {
    const key = `${d.day}\u0000${d.ownerId}`;
    const seen = merged.get(key);
    merged.set(key, seen ? { ...seen, signedMinor: seen.signedMinor + d.signedMinor, signedCount: seen.signedCount + d.signedCount, collectedMinor: seen.collectedMinor + d.collectedMinor } : d);
  }
  const rows = [...merged.values()];
  // Chunks keep each statement under SQLite's bound-parameter limit; each (day, rep) appears once in a statement.
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('sales_figures')
      .values(rows.slice(i, i + 500).map((d) => ({
        org_id: orgId, day: d.day, owner_id: d.ownerId, team_id: d.teamId, region_id: d.regionId, industry: d.industry, currency: d.currency,
        signed_minor: d.signedMinor, signed_count: d.signedCount, collected_minor: d.collectedMinor,
      })))
      .onConflict((oc) => oc.columns(['org_id', 'day', 'owner_id']).doUpdateSet({
        signed_minor: sql`sales_figures.signed_minor + excluded.signed_minor`,
        signed_count: sql`sales_figures.signed_count + excluded.signed_count`,
        collected_minor: sql`sales_figures.collected_minor + excluded.collected_minor`,
      }))
      .execute();
  }
}

/** The figure changes of one event; a void without its day asks the organisation's time zone. */
async function deltasOf(tx: Executor, event: DeliveredEvent): Promise<FigureDelta[]> {
  let timeZone: string | undefined;
  if (event.type === 'contract.voided' && !text(event.payload.voidedOn) && text(event.payload.signedOn)) {
    timeZone = (await tx.selectFrom('orgs').select('time_zone').where('id', '=', event.orgId).executeTakeFirstOrThrow()).time_zone;
  }
  return figureDeltas(event, () => companyDate(new Date(event.createdAt), timeZone ?? 'UTC'));
}

/** A hint per day an event moved, heard by the streams that may see one of the reps moved (the board re-reads through the API). */
function hintsOf(orgId: string, deltas: readonly FigureDelta[]): RecordChange[] {
  const days = new Map<string, FigureDelta[]>();
  for (const d of deltas) days.set(d.day, [...(days.get(d.day) ?? []), d]);
  return [...days].map(([day, moved]) => ({
    type: 'figures', id: day, seenThrough: moved.map((d) => ({ orgId, ownerId: d.ownerId, teamId: d.teamId, regionId: d.regionId, industry: d.industry })),
  }));
}

export function registerSalesFigures(jobs: Jobs, notifier: NotificationCenter): void {
  jobs.reactions.on(salesFigureEvents, salesFiguresReaction, async (event, ctx) => {
    const deltas = await deltasOf(ctx.tx, event);
    if (deltas.length === 0) return;
    const applied = await ctx.once(event.id, () => applyFigureDeltas(ctx.tx, event.orgId, deltas));
    if (applied) await notifier.announceChanges(ctx.tx, event.orgId, hintsOf(event.orgId, deltas));
  }, {
    // Urgent: open boards wait for this hint, so it commits before the pass's slower reactions (commissions, webhooks) run.
    urgent: true,
    // Behind a backlog: one effect-key insert, one upsert per organisation and one announcement for many events
    // (each event still hinted on its own, in order), instead of four statements each.
    batch: async (events, ctx) => {
      const moves = [];
      for (const event of events) {
        const deltas = await deltasOf(ctx.tx, event);
        if (deltas.length > 0) moves.push({ event, deltas });
      }
      const claimed = await ctx.claim(moves.map(({ event }) => ({ effectKey: event.id, orgId: event.orgId })));
      const byOrg = new Map<string, { deltas: FigureDelta[]; hints: RecordChange[] }>();
      for (const { event, deltas } of moves) {
        if (!claimed.has(event.id)) continue;
        const org = byOrg.get(event.orgId) ?? { deltas: [], hints: [] };
        org.deltas.push(...deltas);
        org.hints.push(...hintsOf(event.orgId, deltas));
        byOrg.set(event.orgId, org);
      }
      for (const [orgId, { deltas, hints }] of byOrg) {
        await applyFigureDeltas(ctx.tx, orgId, deltas);
        await notifier.announceChanges(ctx.tx, orgId, hints);
      }
    },
  });
}
