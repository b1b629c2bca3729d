/**
 * API tokens (H5) for integrations: `clk_<prefix>_<secret>`, stored only as a SHA-256, the secret shown once.
 *
 * Who may do what:
 * - anyone signed in may create tokens for themselves, carrying at most the permissions they hold now (a token
 *   acts as its person, narrowed further by its own list, and a disabled person's tokens stop working);
 * - a request made with an API token may mint another only if it carries `tokens.manage`, so a leaked narrow
 *   token cannot be used to outlive its own revocation;
 * - people list and revoke their own tokens; `tokens.manage` (admins) lists and revokes every token of the org.
 */
import { randomInt } from 'node:crypto';
import { AppError } from '@closeloop/core';
import type { z } from 'zod';
import type { apiToken, apiTokenCreate } from '@closeloop/core';
import type { Executor } from '../../platform/db/database.js';
import type { Clock } from '../../platform/clock.js';
import { can, type AuthContext } from '../../platform/access/auth-context.js';
import { secretHash } from '../../platform/auth/tokens.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId, newSecret } from '../../platform/ids.js';
import { toApiToken, type ApiTokenRow } from './mappers.js';
import { PeopleStore } from './store.js';
import type { ApiTokenListQuery } from './contracts.js';

type ApiToken = z.infer<typeof apiToken>;
type ApiTokenCreate = z.infer<typeof apiTokenCreate>;

const prefixAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class ApiTokenService {
  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    private readonly store = new PeopleStore(),
  ) {}

  async create(write: Write, input: ApiTokenCreate): Promise<ApiToken & { secret: string }> {
    const { auth } = write;
    if (auth.principal.kind === 'token' && !can(auth, 'tokens.manage')) throw new AppError('FORBIDDEN');
    const wanted = [...new Set(input.permissions)];
    const beyond = wanted.filter((p) => !can(auth, p));
    if (beyond.length > 0) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.permissions': `a token cannot carry permissions you do not hold: ${beyond.join(', ')}` });
    }
    // Stored in UTC ISO form so expiry compares as text, like every other timestamp.
    const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
    if (expiresAt !== null && expiresAt <= write.now) throw new AppError('VALIDATION_FAILED', {}, { 'body.expiresAt': 'must be in the future' });
    const prefix = Array.from({ length: 8 }, () => prefixAlphabet[randomInt(prefixAlphabet.length)]).join('');
    const secret = `clk_${prefix}_${newSecret()}`;
    const row: ApiTokenRow = {
      id: newId(),
      org_id: auth.orgId,
      user_id: auth.userId,
      name: input.name,
      prefix,
      token_hash: secretHash(secret),
      permissions: JSON.stringify(wanted),
      created_at: write.now,
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    };
    await write.tx.insertInto('api_tokens').values(row).execute();
    const token = toApiToken(row);
    await write.audit({ action: 'create', entityType: 'api_token', entityId: row.id, after: token });
    await write.emit({ type: 'api_token.created', subject: row.id, payload: { userId: row.user_id, permissions: wanted } });
    return { ...token, secret };
  }

  async list(auth: AuthContext, query: ApiTokenListQuery) {
    const everyone = can(auth, 'tokens.manage');
    if (!everyone && query.userId !== undefined && query.userId !== auth.userId) throw new AppError('FORBIDDEN');
    const filters = {
      userId: everyone ? query.userId : auth.userId,
      liveAt: query.status === 'active' ? this.clock.now().toISOString() : undefined,
    };
    const { rows, nextCursor } = await this.store.listTokens(this.db, auth, filters, { ...query, sort: 'createdAt:desc' });
    return { items: rows.map(toApiToken), nextCursor };
  }

  /** Revoking is final and repeatable: a second revoke answers with the token as it is. */
  async revoke(write: Write, id: string): Promise<ApiToken> {
    const { auth } = write;
    const row = await this.store.findToken(write.tx, auth, id);
    // Someone else's token is as invisible as a missing one unless the caller manages the organisation's tokens.
    if (!row || (row.user_id !== auth.userId && !can(auth, 'tokens.manage'))) throw new AppError('NOT_FOUND', { entity: 'api_token' });
    if (row.revoked_at !== null) return toApiToken(row);
    await write.tx.updateTable('api_tokens').set({ revoked_at: write.now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    const revoked = toApiToken({ ...row, revoked_at: write.now });
    await write.audit({ action: 'revoke', entityType: 'api_token', entityId: id, before: { revokedAt: null }, after: { revokedAt: write.now, userId: row.user_id, prefix: row.prefix } });
    await write.emit({ type: 'api_token.revoked', subject: id, payload: { userId: row.user_id } });
    return revoked;
  }
}
