import type { Config } from '../../platform/config.js';
import type { Executor } from '../../platform/db/database.js';
import type { NotificationCenter } from '../../platform/notify/index.js';
import { NotificationAdminService } from './admin.js';
import { InboxService } from './inbox.js';
import { PreferenceService } from './preferences.js';

export { notificationRoutes } from './routes.js';
export { InboxService, PreferenceService, NotificationAdminService };

/** The inbox, each person's settings and the admins' robot set-up, over the notification machinery. */
export function notificationServices(db: Executor, config: Config, center: NotificationCenter) {
  return {
    inbox: new InboxService(db, center),
    preferences: new PreferenceService(db),
    admin: new NotificationAdminService(db, config, center),
  };
}
