/**
 * Outgoing webhooks (H5), the module's public face. The composition root calls `webhookServices` once: it registers
 * the fan-out reaction on the job runner and returns the admins' service and the delivery worker, which the server
 * starts beside the runner (server.ts).
 */
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import type { Jobs } from '../../platform/jobs/index.js';
import { WebhookDeliveryWorker } from './delivery-worker.js';
import { registerFanOut } from './fan-out.js';
import { WebhookSender } from './sender.js';
import { WebhookAdminService } from './service.js';

export { webhookRoutes } from './routes.js';
export type { WebhookDeliveryReport } from './delivery-worker.js';
export { webhookSignature } from './signature.js';
export { webhookRetryDelaysMs, maxWebhookAttempts } from './retry-schedule.js';

export function webhookServices(database: DatabaseHandle, clock: Clock, config: Pick<Config, 'WEBHOOKS_ALLOW_PRIVATE_NETWORKS'>, jobs: Jobs) {
  registerFanOut(jobs);
  const allowPrivateNetworks = config.WEBHOOKS_ALLOW_PRIVATE_NETWORKS === 'true';
  return {
    admin: new WebhookAdminService(database.db, { allowPrivateNetworks }),
    delivery: new WebhookDeliveryWorker(database, clock, new WebhookSender({ allowPrivateNetworks })),
  };
}
