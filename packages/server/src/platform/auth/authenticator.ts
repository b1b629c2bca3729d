/**
 * Turns a request's credentials (session cookie or bearer API token) into an AuthContext, and signs people in
 * and out. Sessions: CSPRNG token in an httpOnly cookie, stored hashed, rotated at every login, with idle and
 * absolute time-outs; a CSRF token per session guards unsafe requests made with the cookie.
 */
import { AppError, normalisePhone, type Permission } from '@closeloop/core';
import type { Config } from '../config.js';
import type { Clock } from '../clock.js';
import type { Dialect, Executor } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { newId, newSecret } from '../ids.js';
import { appendAudit, sealAudit } from '../audit/chain.js';
import { resolveAuth, type AuthContext } from '../access/auth-context.js';
import { decoyHash, verifyPassword } from './passwords.js';
import { apiTokenPattern, secretHash } from './tokens.js';

export const sessionCookie = 'cl_session';

export interface SignIn {
  token: string;
  csrfToken: string;
  expiresAt: string;
  user: UserRow;
}

export class Authenticator {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  async signIn(login: string, password: string, meta: { ip: string | null; userAgent: string | null }): Promise<SignIn> {
    const trimmed = login.trim();
    const byEmail = trimmed.includes('@');
    const key = byEmail ? trimmed.toLowerCase() : normalisePhone(trimmed);
    const user = key
      ? await this.db.selectFrom('users').selectAll().where(byEmail ? 'email' : 'phone_normal', '=', key).executeTakeFirst()
      : undefined;
    if (!user) {
      await verifyPassword(await decoyHash(), password);
      throw new AppError('INVALID_CREDENTIALS');
    }
    const now = this.clock.now();
    if (user.locked_until && user.locked_until > now.toISOString()) {
      throw new AppError('ACCOUNT_LOCKED', { until: user.locked_until });
    }
    const ok = user.status === 'active' && (await verifyPassword(user.password_hash, password));
    if (!ok) {
      await this.recordFailure(user, now);
      throw new AppError('INVALID_CREDENTIALS');
    }
    const token = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + this.config.SESSION_ABSOLUTE_HOURS * 3600_000).toISOString();
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
      await tx
        .insertInto('sessions')
        .values({
          id: newId(), org_id: user.org_id, user_id: user.id, token_hash: secretHash(token), csrf_token: csrfToken,
          created_at: now.toISOString(), last_seen_at: now.toISOString(), expires_at: expiresAt,
          ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null, revoked_at: null,
        })
        .execute();
      await appendAudit(tx, this.dialect, this.clock, {
        orgId: user.org_id, actorId: user.id, actorKind: 'user', action: 'login', entityType: 'user', entityId: user.id,
        after: { ip: meta.ip },
      });
    });
    await sealAudit(this.db, this.dialect, user.org_id);
    return { token, csrfToken, expiresAt, user };
  }

  private async recordFailure(user: UserRow, now: Date): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      // Counted in the database, not from the row read before the password check: parallel guesses must each
      // count, or a burst of them would add up to a single failure and never lock the account.
      const { failed_logins: failures } = await tx
        .updateTable('users')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', user.id)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      const lock = failures >= this.config.LOGIN_MAX_FAILURES;
      const lockedUntil = lock ? new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000).toISOString() : null;
      if (lock) await tx.updateTable('users').set({ failed_logins: 0, locked_until: lockedUntil }).where('id', '=', user.id).execute();
      await appendAudit(tx, this.dialect, this.clock, {
        orgId: user.org_id, actorId: user.id, actorKind: 'user', action: lock ? 'login_locked' : 'login_failed',
        entityType: 'user', entityId: user.id, after: { failures, lockedUntil },
      });
    });
    await sealAudit(this.db, this.dialect, user.org_id);
  }

  async signOut(sessionId: string): Promise<void> {
    await this.db.updateTable('sessions').set({ revoked_at: this.clock.now().toISOString() }).where('id', '=', sessionId).execute();
  }

  /** The session behind a cookie, if it is live; touches last_seen_at at most once a minute. */
  async fromSession(token: string): Promise<{ auth: AuthContext; csrfToken: string; expiresAt: string } | null> {
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at', 'sessions.revoked_at'])
      .where('sessions.token_hash', '=', secretHash(token))
      .executeTakeFirst();
    if (!row || row.revoked_at || row.status !== 'active') return null;
    const idleLimit = new Date(now.getTime() - this.config.SESSION_IDLE_MINUTES * 60_000).toISOString();
    if (row.expires_at <= now.toISOString() || row.last_seen_at <= idleLimit) return null;
    if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
      await this.db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', row.session_id).execute();
    }
    const { session_id, csrf_token, expires_at, ...user } = row;
    const auth = await resolveAuth(this.db, user as UserRow, { kind: 'session', id: session_id });
    return { auth, csrfToken: csrf_token, expiresAt: expires_at };
  }

  /** A bearer API token, if it is well-formed, known, unexpired and unrevoked. */
  async fromApiToken(token: string): Promise<AuthContext | null> {
    if (!apiTokenPattern.test(token)) return null;
    const now = this.clock.now().toISOString();
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select(['api_tokens.id as token_id', 'api_tokens.permissions as token_permissions', 'api_tokens.expires_at as token_expires_at',
        'api_tokens.revoked_at as token_revoked_at', 'api_tokens.last_used_at as token_last_used_at'])
      .where('api_tokens.token_hash', '=', secretHash(token))
      .executeTakeFirst();
    if (!row || row.token_revoked_at || row.status !== 'active') return null;
    if (row.token_expires_at && row.token_expires_at <= now) return null;
    if (!row.token_last_used_at || Date.parse(now) - Date.parse(row.token_last_used_at) > 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
    }
    const { token_id, token_permissions, token_expires_at, token_revoked_at, token_last_used_at, ...user } = row;
    void token_expires_at; void token_revoked_at; void token_last_used_at;
    return resolveAuth(this.db, user as UserRow, { kind: 'token', id: token_id }, JSON.parse(token_permissions) as Permission[]);
  }

  /** Ends every session of a user at once (disabled, password reset, left the company). */
  async endAllSessions(tx: Executor, userId: string): Promise<void> {
    await tx.updateTable('sessions').set({ revoked_at: this.clock.now().toISOString() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
  }
}
