/** People: users, and the changes to them that touch access. Teams, regions and tokens are added here too. */
import { AppError, roleAllows, type Permission, type Role } from '@closeloop/core';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import type { UserRow } from '../../platform/db/schema.js';
import type { Clock } from '../../platform/clock.js';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Authenticator } from '../../platform/auth/authenticator.js';
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js';
import { appendAudit } from '../../platform/audit/chain.js';

export class PeopleService {
  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly authenticator: Authenticator,
  ) {}

  roleAllows(role: string, permission: Permission): boolean {
    return roleAllows(role as Role, permission);
  }

  async userRow(orgId: string, userId: string, db: Executor = this.database.db): Promise<UserRow> {
    const row = await db.selectFrom('users').selectAll().where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'user' });
    return row;
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
  }
}
