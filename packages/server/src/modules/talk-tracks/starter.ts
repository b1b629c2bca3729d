/**
 * Puts the starter library into a company: every new organisation gets it at creation, and admins can add back what
 * is missing. A script the company already has under the same starter key and language is left alone, edited or
 * archived as it may be: the company's choices win over the library.
 */
import { locales } from '@closeloop/core';
import type { Insertable } from 'kysely';
import type { Executor } from '../../platform/db/database.js';
import type { TalkTrackTable } from '../../platform/db/schema.js';
import { newId } from '../../platform/ids.js';
import { starterLibrary } from './starter-library.js';
import { TalkTrackStore } from './store.js';

const store = new TalkTrackStore();

/** Adds the starter scripts the organisation lacks; says which were added (`locale:key`) and how many were there. */
export async function addStarterLibrary(tx: Executor, orgId: string, now: string): Promise<{ added: string[]; present: number }> {
  const have = await store.starterKeys(tx, orgId);
  const rows: Array<Insertable<TalkTrackTable>> = [];
  for (const script of starterLibrary) {
    for (const locale of locales) {
      if (have.has(`${locale}:${script.key}`)) continue;
      rows.push({
        id: newId(), org_id: orgId, title: script.text[locale].title, body: script.text[locale].body, locale,
        industries: JSON.stringify(script.rules.industries ?? []),
        budget_bands: JSON.stringify(script.rules.budgetBands ?? []),
        decision_chains: JSON.stringify(script.rules.decisionChains ?? []),
        stages: JSON.stringify(script.rules.stages ?? []),
        status: 'active', version: 1, starter_key: script.key, created_at: now, updated_at: now,
      });
    }
  }
  if (rows.length === 0) return { added: [], present: have.size };
  // A restore running at the same moment may have added some: the unique starter index keeps each once.
  const added = await tx
    .insertInto('talk_tracks')
    .values(rows)
    .onConflict((oc) => oc.columns(['org_id', 'locale', 'starter_key']).doNothing())
    .returning(['locale', 'starter_key'])
    .execute();
  return { added: added.map((r) => `${r.locale}:${r.starter_key}`), present: have.size };
}
