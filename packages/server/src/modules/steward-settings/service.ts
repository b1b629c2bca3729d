/**
 * The lead steward's company settings (A2–A6). Everyone signed in reads them (the capture form needs the next-action
 * list, the lead page the silence limits); admins change them. An organisation without a row has the defaults;
 * the first save creates the row at version 1. Every change is versioned and audited.
 */
import { defaultStewardSettings, stewardSettingsSchema, type StewardSettings, type stewardSettingsUpdate } from '@closeloop/core';
import type { z } from 'zod';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { diff, requireVersion } from '../shared/records.js';

type StewardSettingsUpdate = z.infer<typeof stewardSettingsUpdate>;
export interface VersionedStewardSettings {
  settings: StewardSettings;
  /** 0 while the organisation still runs on the defaults. */
  version: number;
  updatedAt: string | null;
}

export class StewardSettingsService {
  constructor(private readonly db: Executor) {}

  async get(auth: AuthContext): Promise<VersionedStewardSettings> {
    requirePermission(auth, 'crm.read');
    return this.read(this.db, auth.orgId);
  }

  /** The settings in force for an organisation, for jobs and other modules (no caller to check). */
  async forOrg(db: Executor, orgId: string): Promise<StewardSettings> {
    return (await this.read(db, orgId)).settings;
  }

  /** Admins replace whole sections; sections not sent stay as they are. */
  async update(write: Write, patch: StewardSettingsUpdate): Promise<VersionedStewardSettings> {
    requirePermission(write.auth, 'steward.manage');
    const { tx, auth } = write;
    const current = await this.read(tx, auth.orgId);
    requireVersion('steward_settings', current, patch.version);
    const { version: _version, ...sections } = patch;
    const settings = stewardSettingsSchema.parse({ ...current.settings, ...definedOnly(sections) });
    const changed = diff(current.settings, settings);
    if (Object.keys(changed.after).length === 0) return current;
    const next = { settings, version: current.version + 1, updatedAt: write.now };
    const row = { settings: JSON.stringify(settings), version: next.version, updated_by: auth.userId, updated_at: write.now };
    const written = current.version === 0
      ? Number((await tx.insertInto('steward_settings').values({ org_id: auth.orgId, ...row }).onConflict((oc) => oc.column('org_id').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0)
      : Number((await tx.updateTable('steward_settings').set(row).where('org_id', '=', auth.orgId).where('version', '=', current.version).executeTakeFirst()).numUpdatedRows);
    // A concurrent save got in between the read and this write (also the company's first): same answer as a stale version.
    if (written !== 1) requireVersion('steward_settings', { version: current.version + 1 }, patch.version);
    await write.audit({ action: 'update', entityType: 'steward_settings', entityId: auth.orgId, before: changed.before, after: changed.after });
    await write.emit({ type: 'steward.settings_updated', subject: auth.orgId, payload: { changed: Object.keys(changed.after) } });
    return next;
  }

  private async read(db: Executor, orgId: string): Promise<VersionedStewardSettings> {
    const row = await db.selectFrom('steward_settings').select(['settings', 'version', 'updated_at']).where('org_id', '=', orgId).executeTakeFirst();
    if (!row) return { settings: defaultStewardSettings, version: 0, updatedAt: null };
    // Parsing fills sections added by later releases with their defaults.
    return { settings: stewardSettingsSchema.parse(JSON.parse(row.settings)), version: row.version, updatedAt: row.updated_at };
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
