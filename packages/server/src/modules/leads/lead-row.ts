/** The one place a lead row is built from validated input: normal forms for duplicates and search text. */
import { normaliseCompany, normaliseEmail, normalisePhone, searchText, type LeadCreate } from '@closeloop/core';
import type { LeadRow } from '../../platform/db/schema.js';

export interface LeadRowMeta {
  id: string;
  orgId: string;
  ownerId: string;
  teamId: string | null;
  now: string;
}

/** A new lead row. Pure: the caller supplies id, owner, team and clock, so the import engine can reuse it. */
export function buildLeadRow(meta: LeadRowMeta, input: LeadCreate): LeadRow {
  const row: LeadRow = {
    id: meta.id,
    org_id: meta.orgId,
    name: input.name,
    company: input.company ?? null,
    company_normal: normaliseCompany(input.company),
    phone: input.phone ?? null,
    phone_normal: normalisePhone(input.phone),
    email: input.email ?? null,
    email_normal: normaliseEmail(input.email),
    source: input.source,
    stage: input.stage,
    industry: input.industry ?? null,
    region_id: input.regionId ?? null,
    city: input.city ?? null,
    customer_id: input.customerId ?? null,
    intent_tags: JSON.stringify(input.intentTags),
    first_contact_at: utcTime(input.firstContactAt),
    // A new lead counts as touched when it is entered, so the silence clock starts then.
    last_activity_at: meta.now,
    owner_id: meta.ownerId,
    team_id: meta.teamId,
    merged_into: null,
    search_text: '',
    next_action_kind: null,
    next_action_due_at: null,
    next_action_note: null,
    intent_level: null,
    cadence_days: null,
    status: 'active',
    version: 1,
    created_at: meta.now,
    updated_at: meta.now,
  };
  row.search_text = leadSearchText(row);
  return row;
}

export function leadSearchText(row: Pick<LeadRow, 'name' | 'company' | 'phone' | 'phone_normal' | 'email' | 'city'>): string {
  return searchText([row.name, row.company, row.phone, row.phone_normal, row.email, row.city]);
}

/** Timestamps are stored in UTC so they compare and sort as text on both engines. */
export function utcTime(value: string | null | undefined): string | null {
  return value ? new Date(value).toISOString() : null;
}
