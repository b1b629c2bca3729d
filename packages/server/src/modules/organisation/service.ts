/**
 * The organisation's settings (H3). Changing its time zone moves its schedules' next runs at once, in the same
 * transaction: the Friday 16:00 report follows the company to Berlin without a restart. Like regions, the
 * settings carry no version (admins change them rarely); the last write wins and every change is audited.
 */
import { canonicalTimeZone, type Organisation, type organisationUpdate } from '@closeloop/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import type { OrgTable } from '../../platform/db/schema.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import type { Schedules } from '../../platform/jobs/schedules.js';
import { diff } from '../shared/records.js';

type OrganisationUpdate = z.infer<typeof organisationUpdate>;
type OrgRow = Selectable<OrgTable>;

export class OrganisationService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly schedules: Schedules,
  ) {}

  async get(auth: AuthContext): Promise<Organisation> {
    requirePermission(auth, 'people.read');
    return toOrganisation(await this.row(this.database.db, auth.orgId));
  }

  /** Admins (people.manage): rename the organisation or move it to another time zone. */
  async update(write: Write, patch: OrganisationUpdate): Promise<Organisation> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    const current = await this.row(tx, auth.orgId);
    const next: OrgRow = { ...current };
    if (patch.name !== undefined) next.name = patch.name;
    // The schema admitted it, so it has a canonical name.
    if (patch.timeZone !== undefined) next.time_zone = canonicalTimeZone(patch.timeZone) ?? patch.timeZone;
    const after = toOrganisation(next);
    const changed = diff(toOrganisation(current), after);
    if (Object.keys(changed.after).length === 0) return after;
    await tx.updateTable('orgs').set({ name: next.name, time_zone: next.time_zone }).where('id', '=', auth.orgId).execute();
    if (next.time_zone !== current.time_zone) await this.schedules.rezone(tx, this.database.dialect, auth.orgId, next.time_zone);
    await write.audit({ action: 'update', entityType: 'organisation', entityId: auth.orgId, before: changed.before, after: changed.after });
    await write.emit({ type: 'organisation.updated', subject: auth.orgId, payload: { changed: Object.keys(changed.after) } });
    return after;
  }

  private row(db: Executor, orgId: string): Promise<OrgRow> {
    return db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  }
}

function toOrganisation(row: OrgRow): Organisation {
  return { id: row.id, name: row.name, timeZone: row.time_zone, currency: row.currency, createdAt: row.created_at };
}
