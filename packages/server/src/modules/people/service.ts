/**
 * People (H1): the organisation's users and the changes to them that touch access — role, data scope, whitelist,
 * team, status — each audited as a `permission_change` with before and after. Teams, regions and API tokens
 * have their own services beside this one.
 */
import {
  AppError, defaultScopeFor, normaliseEmail, normalisePhone, roleAllows, type DataScope, type Permission, type Role, type User,
} from '@closeloop/core';
import type { z } from 'zod';
import type { userCreate, userUpdate } from '@closeloop/core';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Authenticator } from '../../platform/auth/authenticator.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { appendAudit, sealAudit } from '../../platform/audit/chain.js';
import { isUniqueViolation, type Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { changedColumns, diff, requireVersion, staleVersion } from '../shared/records.js';
import { toUser } from './mappers.js';
import { lockDirectory } from './hierarchy.js';
import { PeopleStore } from './store.js';
import type { UserListQuery } from './contracts.js';

type UserCreate = z.infer<typeof userCreate>;
type UserUpdate = z.infer<typeof userUpdate>;
type Whitelist = User['whitelist'];

/** A password already hashed for storage; the type keeps plain passwords out of the write path. */
export type PasswordHash = string & { readonly __brand: 'PasswordHash' };

const accessFields = ['role', 'dataScope', 'whitelist', 'teamId'] as const;

export class PeopleService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly authenticator: Authenticator,
    private readonly store = new PeopleStore(),
  ) {}

  roleAllows(role: string, permission: Permission): boolean {
    return roleAllows(role as Role, permission);
  }

  async userRow(orgId: string, userId: string, db: Executor = this.database.db): Promise<UserRow> {
    const row = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'user' });
    return row;
  }

  /** The organisation a session belongs to, as the web needs it to format money and time. */
  async orgOf(orgId: string, db: Executor = this.database.db): Promise<{ id: string; name: string; timeZone: string; currency: string }> {
    const org = await db.selectFrom('orgs').select(['id', 'name', 'time_zone', 'currency']).where('id', '=', orgId).executeTakeFirstOrThrow();
    return { id: org.id, name: org.name, timeZone: org.time_zone, currency: org.currency };
  }

  async changeOwnPassword(auth: AuthContext, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.userRow(auth.orgId, auth.userId);
    if (!(await verifyPassword(user.password_hash, currentPassword))) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.currentPassword': 'this is not your current password' });
    }
    const passwordHash = await hashPassword(newPassword);
    await this.database.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: this.clock.now().toISOString() }).where('id', '=', user.id).execute();
      await tx
        .updateTable('sessions')
        .set({ revoked_at: this.clock.now().toISOString() })
        .where('user_id', '=', user.id)
        .where('revoked_at', 'is', null)
        .$if(auth.principal.kind === 'session', (q) => q.where('id', '!=', auth.principal.id))
        .execute();
      await appendAudit(tx, this.database.dialect, this.clock, {
        orgId: auth.orgId, actorId: auth.userId, actorKind: 'user', action: 'password_change', entityType: 'user', entityId: user.id,
      });
    });
    await sealAudit(this.database.db, this.database.dialect, auth.orgId);
  }

  /**
   * Hashes a password an admin sets for someone. Done before the write transaction opens: argon2 takes tens of
   * milliseconds and must not hold the database's write lock. The permission is checked first so nobody can
   * make the server hash for them.
   */
  async passwordHashFor(auth: AuthContext, password: string): Promise<PasswordHash> {
    requirePermission(auth, 'people.manage');
    return (await hashPassword(password)) as PasswordHash;
  }

  async list(auth: AuthContext, query: UserListQuery) {
    requirePermission(auth, 'people.read');
    const { rows, nextCursor } = await this.store.listUsers(this.database.db, auth, query, query);
    return { items: rows.map(toUser), nextCursor };
  }

  async get(auth: AuthContext, id: string): Promise<User> {
    requirePermission(auth, 'people.read');
    return toUser(await this.existing(this.database.db, auth, id));
  }

  async create(write: Write, input: UserCreate, passwordHash: PasswordHash): Promise<User> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    const dataScope = input.dataScope ?? defaultScopeFor[input.role];
    const whitelist = normaliseWhitelist(input.whitelist);
    await this.requireTeam(tx, auth.orgId, input.teamId ?? null);
    await this.requireWhitelist(tx, auth.orgId, dataScope, whitelist);
    const row: UserRow = {
      id: newId(),
      org_id: auth.orgId,
      name: input.name,
      email: normaliseEmail(input.email)!,
      phone: input.phone ?? null,
      phone_normal: normalisePhone(input.phone),
      role: input.role,
      team_id: input.teamId ?? null,
      data_scope: dataScope,
      whitelist_region_ids: JSON.stringify(whitelist.regionIds),
      whitelist_industries: JSON.stringify(whitelist.industries),
      locale: input.locale,
      password_hash: passwordHash,
      failed_logins: 0,
      locked_until: null,
      status: 'active',
      version: 1,
      created_at: write.now,
      updated_at: write.now,
    };
    await this.requireFreeLogin(tx, { email: row.email, phoneNormal: row.phone_normal });
    await loginMustBeFree(() => tx.insertInto('users').values(row).execute());
    const user = toUser(row);
    await write.audit({ action: 'create', entityType: 'user', entityId: row.id, after: user });
    await write.emit({ type: 'user.created', subject: row.id, payload: { role: row.role, teamId: row.team_id } });
    return user;
  }

  async update(write: Write, id: string, patch: UserUpdate): Promise<User> {
    requirePermission(write.auth, 'people.manage');
    const { tx, auth } = write;
    await lockDirectory(tx, this.database.dialect, auth.orgId);
    const current = await this.existing(tx, auth, id);
    requireVersion('user', current, patch.version);
    const next: UserRow = { ...current };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.phone !== undefined) {
      next.phone = patch.phone;
      next.phone_normal = normalisePhone(patch.phone);
    }
    if (patch.locale !== undefined) next.locale = patch.locale;
    if (patch.role !== undefined && patch.role !== current.role) {
      next.role = patch.role;
      // A new role brings its usual reach unless the same request sets one: a promoted rep sees their team.
      if (patch.dataScope === undefined) next.data_scope = defaultScopeFor[patch.role];
    }
    if (patch.dataScope !== undefined) next.data_scope = patch.dataScope;
    if (patch.whitelist !== undefined) {
      const whitelist = normaliseWhitelist(patch.whitelist);
      next.whitelist_region_ids = JSON.stringify(whitelist.regionIds);
      next.whitelist_industries = JSON.stringify(whitelist.industries);
    }
    if (patch.teamId !== undefined) {
      await this.requireTeam(tx, auth.orgId, patch.teamId);
      next.team_id = patch.teamId;
    }
    if (patch.status !== undefined) next.status = patch.status;
    await this.requireWhitelist(tx, auth.orgId, next.data_scope as DataScope, toUser(next).whitelist);
    if (next.phone_normal !== current.phone_normal) await this.requireFreeLogin(tx, { phoneNormal: next.phone_normal }, id);
    await this.requireAnotherAdmin(tx, current, next);

    const saved = await this.save(write, current, next);
    const before = toUser(current);
    const after = toUser(saved);
    const recordsMoved = saved.team_id !== current.team_id ? await this.store.moveOwnedRecords(tx, auth.orgId, id, saved.team_id) : undefined;
    // Disabling ends every session at once; the person's API tokens stay but cannot authenticate while disabled.
    if (saved.status === 'disabled' && current.status !== 'disabled') await this.authenticator.endAllSessions(tx, id);
    await this.auditChanges(write, before, after, recordsMoved);
    return after;
  }

  /** An admin sets a new password: the lock-out is cleared and every session of the person ends. */
  async resetPassword(write: Write, id: string, passwordHash: PasswordHash): Promise<void> {
    requirePermission(write.auth, 'people.manage');
    const user = await this.existing(write.tx, write.auth, id);
    await write.tx
      .updateTable('users')
      .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: write.now })
      .where('id', '=', user.id)
      .execute();
    await this.authenticator.endAllSessions(write.tx, user.id);
    await write.audit({
      action: 'password_reset', entityType: 'user', entityId: user.id,
      before: { failedLogins: user.failed_logins, lockedUntil: user.locked_until }, after: { failedLogins: 0, lockedUntil: null, sessionsEnded: true },
    });
    await write.emit({ type: 'user.password_reset', subject: user.id, payload: {} });
  }

  /** Lifts a lock-out after too many failed sign-ins without touching the password. */
  async unlock(write: Write, id: string): Promise<void> {
    requirePermission(write.auth, 'people.manage');
    const user = await this.existing(write.tx, write.auth, id);
    await write.tx.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: write.now }).where('id', '=', user.id).execute();
    await write.audit({
      action: 'unlock', entityType: 'user', entityId: user.id,
      before: { failedLogins: user.failed_logins, lockedUntil: user.locked_until }, after: { failedLogins: 0, lockedUntil: null },
    });
  }

  private async existing(db: Executor, auth: AuthContext, id: string): Promise<UserRow> {
    const row = await this.store.findUser(db, auth, id);
    if (!row) throw new AppError('NOT_FOUND', { entity: 'user' });
    return row;
  }

  private async save(write: Write, current: UserRow, next: UserRow): Promise<UserRow> {
    const saved: UserRow = { ...next, version: current.version + 1, updated_at: write.now };
    const id = saved.id;
    const changes = changedColumns(current, saved, ['password_hash', 'failed_logins', 'locked_until']);
    const result = await loginMustBeFree(() =>
      write.tx.updateTable('users').set(changes).where('id', '=', id).where('version', '=', current.version).executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) !== 1) throw staleVersion('user', current.version + 1, current.version);
    return saved;
  }

  /** One audit entry per kind of change, so access changes can be reviewed on their own. */
  private async auditChanges(write: Write, before: User, after: User, recordsMoved: { customers: number; leads: number } | undefined): Promise<void> {
    const changed = diff(before, after);
    const pick = (keys: readonly (keyof User)[], from: Partial<User>) =>
      Object.fromEntries(keys.filter((k) => k in from).map((k) => [k, from[k]])) as Partial<User>;
    const access = pick(accessFields, changed.after);
    if (Object.keys(access).length > 0) {
      await write.audit({
        action: 'permission_change', entityType: 'user', entityId: after.id,
        before: pick(accessFields, changed.before), after: recordsMoved ? { ...access, recordsMoved } : access,
      });
    }
    if ('status' in changed.after) {
      await write.audit({ action: after.status === 'disabled' ? 'disable' : 'enable', entityType: 'user', entityId: after.id, before: { status: before.status }, after: { status: after.status } });
    }
    const profileFields = (Object.keys(changed.after) as (keyof User)[]).filter((k) => !(accessFields as readonly string[]).includes(k) && k !== 'status');
    if (profileFields.length > 0) {
      await write.audit({ action: 'update', entityType: 'user', entityId: after.id, before: pick(profileFields, changed.before), after: pick(profileFields, changed.after) });
    }
    const changedKeys = Object.keys(changed.after);
    if (changedKeys.length > 0) await write.emit({ type: 'user.updated', subject: after.id, payload: { changed: changedKeys, status: after.status } });
  }

  private async requireTeam(db: Executor, orgId: string, teamId: string | null): Promise<void> {
    if (teamId === null) return;
    if (!(await this.store.findTeam(db, orgId, teamId))) throw new AppError('VALIDATION_FAILED', {}, { 'body.teamId': 'no such team' });
  }

  /** A whitelist scope that names nothing would show nothing but one's own records: almost surely a mistake (E2). */
  private async requireWhitelist(db: Executor, orgId: string, dataScope: DataScope, whitelist: Whitelist): Promise<void> {
    if (dataScope === 'whitelist' && whitelist.regionIds.length === 0 && whitelist.industries.length === 0) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.whitelist': 'a whitelist scope must list at least one region or industry' });
    }
    const known = await this.store.regionIdsOf(db, orgId, whitelist.regionIds);
    const unknown = whitelist.regionIds.filter((r) => !known.has(r));
    if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', {}, { 'body.whitelist.regionIds': `no such region: ${unknown.join(', ')}` });
  }

  private async requireFreeLogin(db: Executor, login: { email?: string; phoneNormal?: string | null }, exceptUserId?: string): Promise<void> {
    if (!login.email && !login.phoneNormal) return;
    const holder = await this.store.findLoginHolder(db, login, exceptUserId);
    if (!holder) return;
    if (login.email && holder.email === login.email) {
      throw new AppError('CONFLICT', { detail: `The email address ${login.email} is already used by another account. Each person signs in with their own email.` });
    }
    throw new AppError('CONFLICT', { detail: 'This phone number is already used by another account. Each person signs in with their own phone number.' });
  }

  /** The organisation always keeps an active admin, or nobody could manage people any more. */
  private async requireAnotherAdmin(db: Executor, current: UserRow, next: UserRow): Promise<void> {
    const wasAdmin = current.role === 'admin' && current.status === 'active';
    const staysAdmin = next.role === 'admin' && next.status === 'active';
    if (!wasAdmin || staysAdmin) return;
    if ((await this.store.countActiveAdmins(db, current.org_id, current.id)) === 0) {
      throw new AppError('CONFLICT', { detail: 'This is the last active admin of the organisation. Make someone else an admin first.' });
    }
  }
}

function normaliseWhitelist(whitelist: Whitelist | undefined): Whitelist {
  return { regionIds: [...new Set(whitelist?.regionIds ?? [])], industries: [...new Set(whitelist?.industries ?? [])] };
}

/** Email and phone are unique across the installation; a concurrent clash is still a clear 409. */
async function loginMustBeFree<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', { detail: 'This email address or phone number is already used by another account.' });
    }
    throw error;
  }
}
