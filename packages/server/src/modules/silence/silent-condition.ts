/** "This lead is silent now" as SQL, from the per-stage cutoffs of core's silenceCutoffs: one rule for the board and the sweep. */
import { openLeadStages, type OpenLeadStage } from '@closeloop/core';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../platform/db/schema.js';

export function silentLeadCondition(cutoffs: Record<OpenLeadStage, string>) {
  return (eb: ExpressionBuilder<Database, 'leads'>): Expression<SqlBool> =>
    eb.or(openLeadStages.map((stage) => eb.and([eb('leads.stage', '=', stage), eb('leads.last_activity_at', '<=', cutoffs[stage])])));
}
