/**
 * Teams (H1): a tree under which managers see their people's records. A team's parent and leader decide who sees
 * whose records, so changing either is audited as a `permission_change`.
 */
import { AppError } from '@closeloop/core';
import type { z } from 'zod';
import type { team, teamCreate, teamUpdate } from '@closeloop/core';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import type { TeamRow } from '../../platform/db/schema.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { diff, requireRegion, requireVersion, staleVersion } from '../shared/records.js';
import { toTeam } from './mappers.js';
import { lockDirectory, requireNoCycle } from './hierarchy.js';
import { PeopleStore } from './store.js';

type Team = z.infer<typeof team>;
type TeamCreate = z.infer<typeof teamCreate>;
type TeamUpdate = z.infer<typeof teamUpdate>;

export class TeamService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly store = new PeopleStore(),
  ) {}

  /** Every team of the organisation, flat, each with its parent: the client builds the tree. */
  async list(auth: AuthContext): Promise<{ items: Team[] }> {
    requirePermission(auth, 'people.read');
    return { items: (await this.store.listTeams(this.database.db, auth)).map(toTeam) };
  }

  async create(write: Write, input: TeamCreate): Promise<Team> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    const row: TeamRow = {
      id: newId(),
      org_id: auth.orgId,
      name: input.name,
      parent_id: input.parentId ?? null,
      region_id: input.regionId ?? null,
      leader_id: input.leaderId ?? null,
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    await this.requireParent(tx, auth.orgId, row.parent_id);
    await requireRegion(tx, auth.orgId, row.region_id, 'body.regionId');
    await this.requireLeader(tx, auth.orgId, row.leader_id);
    await tx.insertInto('teams').values(row).execute();
    const created = toTeam(row);
    await write.audit({ action: 'create', entityType: 'team', entityId: row.id, after: created });
    await write.emit({ type: 'team.created', subject: row.id, payload: { parentId: row.parent_id, leaderId: row.leader_id } });
    return created;
  }

  async update(write: Write, id: string, patch: TeamUpdate): Promise<Team> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    await lockDirectory(tx, this.database.dialect, auth.orgId);
    const current = await this.store.findTeam(tx, auth.orgId, id);
    if (!current) throw new AppError('NOT_FOUND', { entity: 'team' });
    requireVersion('team', current, patch.version);
    const next: TeamRow = { ...current };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.parentId !== undefined && patch.parentId !== current.parent_id) {
      await this.requireParent(tx, auth.orgId, patch.parentId);
      await requireNoCycle(tx, this.store, auth.orgId, 'teams', id, patch.parentId);
      next.parent_id = patch.parentId;
    }
    if (patch.regionId !== undefined) {
      await requireRegion(tx, auth.orgId, patch.regionId, 'body.regionId');
      next.region_id = patch.regionId;
    }
    if (patch.leaderId !== undefined && patch.leaderId !== current.leader_id) {
      await this.requireLeader(tx, auth.orgId, patch.leaderId);
      next.leader_id = patch.leaderId;
    }
    const saved: TeamRow = { ...next, version: current.version + 1, updated_at: write.now };
    const { id: _id, org_id: _org, created_at: _created, ...changes } = saved;
    const result = await tx.updateTable('teams').set(changes).where('id', '=', id).where('version', '=', current.version).executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw staleVersion('team', current.version + 1, current.version);
    const after = toTeam(saved);
    const changed = diff(toTeam(current), after);
    const reachChanged = 'parentId' in changed.after || 'leaderId' in changed.after;
    await write.audit({ action: reachChanged ? 'permission_change' : 'update', entityType: 'team', entityId: id, before: changed.before, after: changed.after });
    await write.emit({ type: 'team.updated', subject: id, payload: { changed: Object.keys(changed.after) } });
    return after;
  }

  private async requireParent(db: Executor, orgId: string, parentId: string | null): Promise<void> {
    if (parentId === null) return;
    if (!(await this.store.findTeam(db, orgId, parentId))) throw new AppError('VALIDATION_FAILED', {}, { 'body.parentId': 'no such team' });
  }

  /** A leader is an active person of the organisation; leading a team gives them its records (team scope). */
  private async requireLeader(db: Executor, orgId: string, leaderId: string | null): Promise<void> {
    if (leaderId === null) return;
    const leader = await this.store.findUserIn(db, orgId, leaderId);
    if (!leader || leader.status !== 'active') {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.leaderId': 'not an active person of your organisation' });
    }
  }
}
