/**
 * The document flow's company settings (B1, B2, B5): trace-code prefixes, the approval chain, rebate tiers, payment
 * terms, the flash report's time. Everyone signed in reads them (a contract form shows the chain and the tiers);
 * admins (documents.manage) replace them. An organisation without a row runs on the defaults; the first save creates
 * the row at version 1. Every change is versioned and audited.
 */
import { defaultDocumentSettings, documentSettingsSchema, type DocumentSettings, type documentSettingsUpdate } from '@closeloop/core';
import type { z } from 'zod';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { diff, requireVersion } from '../shared/records.js';

type DocumentSettingsUpdate = z.infer<typeof documentSettingsUpdate>;

export interface VersionedDocumentSettings {
  settings: DocumentSettings;
  /** 0 while the organisation still runs on the defaults. */
  version: number;
  updatedAt: string | null;
}

/** What a document needs to know about its company: the one currency, the time zone of its days, the settings. */
export interface DocumentCompany {
  currency: string;
  timeZone: string;
  settings: DocumentSettings;
}

export class DocumentSettingsService {
  constructor(private readonly db: Executor) {}

  async get(auth: AuthContext): Promise<VersionedDocumentSettings> {
    requirePermission(auth, 'crm.read');
    return this.read(this.db, auth.orgId);
  }

  /** The settings in force for an organisation, for services and jobs (no caller to check). */
  async forOrg(db: Executor, orgId: string): Promise<DocumentSettings> {
    return (await this.read(db, orgId)).settings;
  }

  /** The company's currency, time zone and settings, read in the caller's transaction. */
  async company(db: Executor, orgId: string): Promise<DocumentCompany> {
    const org = await db.selectFrom('orgs').select(['currency', 'time_zone']).where('id', '=', orgId).executeTakeFirstOrThrow();
    return { currency: org.currency, timeZone: org.time_zone, settings: await this.forOrg(db, orgId) };
  }

  /** Admins replace the whole document; what it leaves out takes the default. */
  async replace(write: Write, input: DocumentSettingsUpdate): Promise<VersionedDocumentSettings> {
    requirePermission(write.auth, 'documents.manage');
    const { tx, auth } = write;
    const current = await this.read(tx, auth.orgId);
    requireVersion('document_settings', current, input.version);
    const settings = documentSettingsSchema.parse(input.settings);
    const changed = diff(current.settings, settings);
    if (Object.keys(changed.after).length === 0) return current;
    const next = { settings, version: current.version + 1, updatedAt: write.now };
    const row = { settings: JSON.stringify(settings), version: next.version, updated_by: auth.userId, updated_at: write.now };
    const written = current.version === 0
      ? Number((await tx.insertInto('document_settings').values({ org_id: auth.orgId, ...row }).onConflict((oc) => oc.column('org_id').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0)
      : Number((await tx.updateTable('document_settings').set(row).where('org_id', '=', auth.orgId).where('version', '=', current.version).executeTakeFirst()).numUpdatedRows);
    // A concurrent save got in between (the company's first one too): the same answer as a stale version.
    if (written !== 1) requireVersion('document_settings', { version: current.version + 1 }, input.version);
    await write.audit({ action: 'update', entityType: 'document_settings', entityId: auth.orgId, before: changed.before, after: changed.after });
    await write.emit({ type: 'documents.settings_updated', subject: auth.orgId, payload: { changed: Object.keys(changed.after) } });
    return next;
  }

  private async read(db: Executor, orgId: string): Promise<VersionedDocumentSettings> {
    const row = await db.selectFrom('document_settings').select(['settings', 'version', 'updated_at']).where('org_id', '=', orgId).executeTakeFirst();
    if (!row) return { settings: defaultDocumentSettings, version: 0, updatedAt: null };
    // Parsing fills fields added by later releases with their defaults.
    return { settings: documentSettingsSchema.parse(JSON.parse(row.settings)), version: row.version, updatedAt: row.updated_at };
  }
}
