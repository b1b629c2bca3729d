/** Each person's own notification settings: channels per template and quiet hours (read in the company time zone). */
import {
  notificationTemplates, type NotificationPreferences, type NotificationPreferencesUpdate, type NotificationChannel,
} from '@closeloop/core';
import type { AuthContext } from '../../platform/access/auth-context.js';
import type { Executor } from '../../platform/db/database.js';
import type { Write } from '../../platform/http/unit-of-work.js';
import { channelsFor, parseChoices, quietHoursOf, templates } from '../../platform/notify/index.js';

export class PreferenceService {
  constructor(private readonly db: Executor) {}

  get(auth: AuthContext): Promise<NotificationPreferences> {
    return this.read(this.db, auth);
  }

  /** Replaces the caller's settings; a template left out of `channels` goes back to its defaults. */
  async replace(write: Write, input: NotificationPreferencesUpdate): Promise<NotificationPreferences> {
    const row = {
      org_id: write.auth.orgId,
      channels: JSON.stringify(input.channels),
      quiet_start: input.quietHours?.start ?? null,
      quiet_end: input.quietHours?.end ?? null,
      updated_at: write.now,
    };
    await write.tx
      .insertInto('notification_settings')
      .values({ user_id: write.auth.userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
    return this.read(write.tx, write.auth);
  }

  private async read(db: Executor, auth: Pick<AuthContext, 'orgId' | 'userId'>): Promise<NotificationPreferences> {
    const settings = await db
      .selectFrom('notification_settings')
      .select(['channels', 'quiet_start', 'quiet_end'])
      .where('org_id', '=', auth.orgId)
      .where('user_id', '=', auth.userId)
      .executeTakeFirst();
    const org = await db.selectFrom('orgs').select('time_zone').where('id', '=', auth.orgId).executeTakeFirstOrThrow();
    const choices = parseChoices(settings?.channels);
    return {
      templates: notificationTemplates.map((template) => ({
        template,
        channels: ['inApp', ...channelsFor(template, choices)] as NotificationChannel[],
        defaultChannels: ['inApp', ...templates[template].defaultChannels] as NotificationChannel[],
      })),
      quietHours: quietHoursOf(settings),
      timeZone: org.time_zone,
    };
  }
}
