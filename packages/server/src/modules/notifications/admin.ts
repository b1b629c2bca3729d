/**
 * What admins set up for notifications: the organisation's DingTalk and WeCom group robots (their webhook keys and
 * signing secrets are credentials, stored and used but never shown again in full), and a test notification to
 * check the channels end to end. Like API tokens, this needs an admin holding tokens.manage.
 */
import { AppError, type NotificationTemplate, type RobotCreate, type RobotKind, type RobotView } from '@closeloop/core';
import type { z } from 'zod';
import type { testNotificationRequest, testNotificationResult } from '@closeloop/core';
import { requirePermission, type AuthContext } from '../../platform/access/auth-context.js';
import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { newId } from '../../platform/ids.js';
import { maskedWebhook, robotKeyOf, type NotificationCenter } from '../../platform/notify/index.js';

type TestRequest = z.infer<typeof testNotificationRequest>;
type TestResult = z.infer<typeof testNotificationResult>;

interface RobotRow {
  id: string;
  kind: string;
  name: string;
  webhook_key: string;
  sign_secret: string | null;
  templates: string;
  created_at: string;
}

function requireNotificationAdmin(auth: AuthContext): void {
  requirePermission(auth, 'tokens.manage');
  if (auth.role !== 'admin') throw new AppError('FORBIDDEN');
}

export class NotificationAdminService {
  constructor(
    private readonly db: Executor,
    private readonly config: Pick<Config, 'DINGTALK_BASE_URL' | 'WECOM_BASE_URL'>,
    private readonly center: NotificationCenter,
  ) {}

  async listRobots(auth: AuthContext): Promise<{ items: RobotView[] }> {
    requireNotificationAdmin(auth);
    const rows = await this.db
      .selectFrom('notification_robots')
      .select(['id', 'kind', 'name', 'webhook_key', 'sign_secret', 'templates', 'created_at'])
      .where('org_id', '=', auth.orgId)
      .orderBy('name')
      .orderBy('id')
      .execute();
    return { items: rows.map((r) => this.toView(r)) };
  }

  async createRobot(write: Write, input: RobotCreate): Promise<RobotView> {
    requireNotificationAdmin(write.auth);
    const key = robotKeyOf(input.kind, input.webhookUrl, this.config);
    if (input.kind === 'wecom' && input.secret) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.secret': 'WeCom robots are not signed; leave the secret out' });
    }
    const row = {
      id: newId(), org_id: write.auth.orgId, kind: input.kind, name: input.name, webhook_key: key, sign_secret: input.secret ?? null,
      templates: JSON.stringify([...new Set(input.templates)]), created_by: write.auth.userId, created_at: write.now, updated_at: write.now,
    };
    await write.tx.insertInto('notification_robots').values(row).execute();
    const view = this.toView(row);
    await write.audit({ action: 'create', entityType: 'robot', entityId: row.id, after: view });
    return view;
  }

  /** Removes a robot; its messages still queued are cancelled when they fall due. */
  async removeRobot(write: Write, id: string): Promise<void> {
    requireNotificationAdmin(write.auth);
    const row = await write.tx
      .selectFrom('notification_robots')
      .select(['id', 'kind', 'name', 'webhook_key', 'sign_secret', 'templates', 'created_at'])
      .where('org_id', '=', write.auth.orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new AppError('NOT_FOUND', { entity: 'robot' });
    await write.tx.deleteFrom('notification_robots').where('id', '=', id).execute();
    await write.audit({ action: 'delete', entityType: 'robot', entityId: id, before: this.toView(row) });
  }

  /** Sends `system.test` to the named people of the organisation (or the admin), on every channel they receive it on. */
  async sendTest(write: Write, input: TestRequest): Promise<TestResult> {
    requireNotificationAdmin(write.auth);
    const recipients = [...new Set(input.userIds ?? [write.auth.userId])];
    const found = await write.tx
      .selectFrom('users')
      .select('id')
      .where('org_id', '=', write.auth.orgId)
      .where('status', '=', 'active')
      .where('id', 'in', recipients)
      .execute();
    if (found.length !== recipients.length) {
      throw new AppError('VALIDATION_FAILED', {}, { 'body.userIds': 'name active people of your organisation' });
    }
    const sender = await write.tx.selectFrom('users').select('name').where('id', '=', write.auth.userId).executeTakeFirstOrThrow();
    const notified = await this.center.notify(write.tx, { orgId: write.auth.orgId, recipients, template: 'system.test', params: { sentBy: sender.name } });
    await write.audit({ action: 'notification_test', entityType: 'notification', entityId: null, after: { recipients, notifications: notified.map((n) => n.id) } });
    return { notifications: notified };
  }

  private toView(row: RobotRow): RobotView {
    const kind = row.kind as RobotKind;
    return {
      id: row.id,
      kind,
      name: row.name,
      webhook: maskedWebhook(kind, row.webhook_key, this.config),
      signed: row.sign_secret !== null,
      templates: JSON.parse(row.templates) as NotificationTemplate[],
      createdAt: row.created_at,
    };
  }
}
