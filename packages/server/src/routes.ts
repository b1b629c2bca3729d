/** Mounts every feature's routes under /api/v1, each in its own plugin scope. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from './app.js';
import type { Services } from './composition-root.js';
import type { UnitOfWork } from './platform/http/unit-of-work.js';
import { healthRoutes } from './modules/health/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { customerRoutes } from './modules/customers/index.js';
import { leadRoutes } from './modules/leads/index.js';
import { contactRoutes } from './modules/contacts/index.js';
import { activityRoutes } from './modules/activities/index.js';
import { speechRoutes } from './modules/speech/index.js';
import { catalogRoutes } from './modules/catalog/index.js';
import { peopleRoutes } from './modules/people/index.js';
import { organisationRoutes } from './modules/organisation/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { transferRoutes } from './modules/transfer/index.js';
import { deadLetterRoutes } from './platform/jobs/index.js';
import { notificationRoutes } from './modules/notifications/index.js';
import { webhookRoutes } from './modules/webhooks/index.js';
import { dashboardRoutes } from './modules/dashboard/index.js';
import { savedViewRoutes } from './modules/saved-views/index.js';
import { stewardSettingsRoutes } from './modules/steward-settings/index.js';
import { leadHealthRoutes } from './modules/lead-health/index.js';
import { talkTrackRoutes } from './modules/talk-tracks/index.js';
import { silenceRoutes } from './modules/silence/index.js';
import { screeningRoutes } from './modules/screening/index.js';
import { orderRoutes, receiptRoutes, shipmentRoutes } from './modules/documents/index.js';
import { salesFiguresRoutes } from './modules/sales-figures/index.js';
import { flashReportRoutes } from './modules/flash-report/index.js';
import { contractRoutes, documentSettingsRoutes } from './modules/documents/index.js';
import { commissionRoutes } from './modules/commissions/index.js';

export type TypedApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface RouteDeps {
  services: Services;
  uow: UnitOfWork;
  deps: AppDeps;
}

const features: Array<(app: TypedApp, deps: RouteDeps) => void | Promise<void>> = [
  healthRoutes,
  authRoutes,
  customerRoutes,
  leadRoutes,
  contactRoutes,
  activityRoutes,
  catalogRoutes,
  peopleRoutes,
  speechRoutes,
  organisationRoutes,
  auditRoutes,
  transferRoutes,
  deadLetterRoutes,
  notificationRoutes,
  webhookRoutes,
  dashboardRoutes,
  savedViewRoutes,
  stewardSettingsRoutes,
  leadHealthRoutes,
  talkTrackRoutes,
  silenceRoutes,
  screeningRoutes,
  documentSettingsRoutes,
  contractRoutes,
  receiptRoutes,
  orderRoutes,
  shipmentRoutes,
  salesFiguresRoutes,
  flashReportRoutes,
  commissionRoutes,
];

export async function registerRoutes(app: TypedApp, services: Services, deps: AppDeps): Promise<void> {
  const routeDeps: RouteDeps = { services, uow: services.uow, deps };
  await app.register(
    async (api) => {
      for (const feature of features) await feature(api as TypedApp, routeDeps);
    },
    { prefix: '/api/v1' },
  );
}
