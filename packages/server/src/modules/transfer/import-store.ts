/**
 * The queries an import needs: the organisation's settings, people and regions to resolve names against, existing
 * records that an imported row would duplicate, and the batched inserts themselves.
 */
import { sql } from 'kysely';
import { normaliseEmail } from '@closeloop/core';
import type { Dialect, Executor } from '../../platform/db/database.js';
import type { CustomerRow, LeadRow } from '../../platform/db/schema.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import { ownedScope } from '../../platform/access/scope.js';

/** Keys in IN-lists per statement: well under the bound-parameter limits of both engines. */
const chunkSize = 500;

export type DuplicateKey = 'phone' | 'email' | 'name' | 'company';

/** An existing record a key points at; `visible` tells whether the importer may be shown its id. */
export interface ExistingMatch {
  id: string;
  visible: boolean;
}

export interface DuplicateProbe {
  key: DuplicateKey;
  values: readonly string[];
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

export class ImportStore {
  async orgSettings(db: Executor, orgId: string): Promise<{ timeZone: string; currency: string }> {
    const org = await db.selectFrom('orgs').select(['time_zone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
    return { timeZone: org.time_zone, currency: org.currency };
  }

  /** People of the organisation by normalised email. */
  async peopleByEmail(db: Executor, orgId: string, emails: readonly string[]): Promise<Map<string, { id: string; status: string }>> {
    const found = new Map<string, { id: string; status: string }>();
    for (const part of chunks(emails)) {
      const rows = await db.selectFrom('users').select(['id', 'email', 'status']).where('org_id', '=', orgId).where((eb) => eb(eb.fn('lower', ['email']), 'in', part)).execute();
      for (const row of rows) found.set(normaliseEmail(row.email)!, { id: row.id, status: row.status });
    }
    return found;
  }

  regions(db: Executor, orgId: string) {
    return db.selectFrom('regions').select(['id', 'name', 'code']).where('org_id', '=', orgId).execute();
  }

  /**
   * Active customers whose normalised phone, email or name equals one of the probed values, keyed `key:value`.
   * The whole organisation is searched (a record out of the caller's scope is still a duplicate); ids of
   * records the caller may not see are not revealed.
   */
  async existingCustomers(db: Executor, auth: AuthContext, probes: readonly DuplicateProbe[]): Promise<Map<string, ExistingMatch>> {
    const column = { phone: 'phone_normal', email: 'email_normal', name: 'name_normal', company: 'name_normal' } as const;
    const found = new Map<string, ExistingMatch>();
    for (const probe of probes) {
      for (const part of chunks(probe.values)) {
        const rows = await db
          .selectFrom('customers')
          .select((eb) => [
            'customers.id',
            `customers.${column[probe.key]}`,
            eb.case().when(ownedScope(auth, 'customers')(eb)).then(1).else(0).end().as('visible'),
          ])
          .where('customers.org_id', '=', auth.orgId)
          .where('customers.status', '=', 'active')
          .where(`customers.${column[probe.key]}`, 'in', part)
          .orderBy('customers.created_at')
          .execute();
        for (const row of rows) remember(found, probe.key, row[column[probe.key]], row.id, row.visible);
      }
    }
    return found;
  }

  /** As `existingCustomers`, for leads (phone, email, company). */
  async existingLeads(db: Executor, auth: AuthContext, probes: readonly DuplicateProbe[]): Promise<Map<string, ExistingMatch>> {
    const column = { phone: 'phone_normal', email: 'email_normal', name: 'company_normal', company: 'company_normal' } as const;
    const found = new Map<string, ExistingMatch>();
    for (const probe of probes) {
      for (const part of chunks(probe.values)) {
        const rows = await db
          .selectFrom('leads')
          .select((eb) => [
            'leads.id',
            `leads.${column[probe.key]}`,
            eb.case().when(ownedScope(auth, 'leads')(eb)).then(1).else(0).end().as('visible'),
          ])
          .where('leads.org_id', '=', auth.orgId)
          .where('leads.status', '=', 'active')
          .where(`leads.${column[probe.key]}`, 'in', part)
          .orderBy('leads.created_at')
          .execute();
        for (const row of rows) remember(found, probe.key, row[column[probe.key]], row.id, row.visible);
      }
    }
    return found;
  }

  /**
   * While and after a large import PostgreSQL's statistics still describe the table as it was: it then takes the
   * duplicate checks' IN-lists to match every row and scans the organisation's whole index for each (and lists and
   * exports suffer the same) until autovacuum catches up. Analysing takes a fraction of a second.
   */
  async refreshStatistics(db: Executor, dialect: Dialect, table: 'customers' | 'leads'): Promise<void> {
    if (dialect !== 'postgres') return;
    try {
      await sql`analyze ${sql.table(table)}`.execute(db);
    } catch {
      // Only the table owner may analyse; without that right autovacuum does it a little later. The import stands.
    }
  }

  async insertCustomers(tx: Executor, rows: readonly CustomerRow[]): Promise<void> {
    for (const part of chunks(rows)) await tx.insertInto('customers').values(part).execute();
  }

  async insertLeads(tx: Executor, rows: readonly LeadRow[]): Promise<void> {
    for (const part of chunks(rows)) await tx.insertInto('leads').values(part).execute();
  }
}

/** Keeps the oldest match per key, and prefers one the caller may see. */
function remember(found: Map<string, ExistingMatch>, key: DuplicateKey, value: string | null, id: string, visible: number | string): void {
  if (value === null) return;
  const slot = `${key}:${value}`;
  const isVisible = Number(visible) === 1;
  const current = found.get(slot);
  if (!current || (!current.visible && isVisible)) found.set(slot, { id, visible: isVisible });
}
