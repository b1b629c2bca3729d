/** Wires stores → services with plain constructors. No container, no decorators: read it top to bottom. */
import type { AppDeps } from './app.js';
import { Authenticator } from './platform/auth/authenticator.js';
import { sqliteFile } from './platform/db/database.js';
import { UnitOfWork } from './platform/http/unit-of-work.js';
import { createJobs } from './platform/jobs/index.js';
import { registerRetention, retentionPolicyOf } from './platform/retention/index.js';
import { CustomerService } from './modules/customers/index.js';
import { LeadService } from './modules/leads/index.js';
import { ContactService } from './modules/contacts/index.js';
import { ActivityService } from './modules/activities/index.js';
import { jiebaSegmenter } from './platform/text/jieba-segmenter.js';
import { OpenAiTranscriber, SpeechService } from './modules/speech/index.js';
import { ApiTokenService, PeopleService, RegionService, TeamService } from './modules/people/index.js';
import { OrganisationService } from './modules/organisation/index.js';
import { PricePolicyService, ProductService } from './modules/catalog/index.js';
import { AuditService } from './modules/audit/index.js';
import { ExportService, ImportService } from './modules/transfer/index.js';
import { NotificationCenter } from './platform/notify/index.js';
import { notificationServices } from './modules/notifications/index.js';
import { webhookServices } from './modules/webhooks/index.js';
import { DashboardService } from './modules/dashboard/index.js';
import { SavedViewService } from './modules/saved-views/index.js';
import { StewardSettingsService } from './modules/steward-settings/index.js';
import { LeadHealthService, StewardFiguresService, scheduleWeeklyHealth } from './modules/lead-health/index.js';
import { TalkTrackService } from './modules/talk-tracks/index.js';
import { registerSilenceJobs, SilenceService, SilenceStore, type SweepDeps } from './modules/silence/index.js';
import { registerScreeningJobs, ScreeningService } from './modules/screening/index.js';
import { PurchaseOrderService, ReceiptService, ShipmentService } from './modules/documents/index.js';
import { ContractService, DocumentSettingsService, registerContractJobs } from './modules/documents/index.js';
import { registerSalesFigures, SalesFiguresService } from './modules/sales-figures/index.js';
import { FlashReportService, scheduleFlashReport } from './modules/flash-report/index.js';
import { CommissionService, registerCommissions } from './modules/commissions/index.js';

export function composeServices(deps: AppDeps) {
  const { database, clock, config } = deps;
  const db = database.db;
  const authenticator = new Authenticator(db, database.dialect, clock, config);
  // Features register their reactions, timers and schedules on `jobs` (platform/jobs/index.ts).
  const jobs = createJobs(database, clock);
  // Writes ring the event bell, so the runner delivers their events at once rather than at its next poll.
  const uow = new UnitOfWork(database, clock, jobs.bell);
  registerRetention(jobs, retentionPolicyOf(config));
  const leads = new LeadService(db);
  const stewardSettings = new StewardSettingsService(db);
  // Features tell people things with `notifier.notify(tx, …)` (platform/notify/index.ts).
  const notifier = new NotificationCenter(database, clock, config);
  notifier.relayRecordChanges(jobs);
  // The weekly lead-health report (A6), Friday 16:00 in each company's time zone.
  const leadHealth = new LeadHealthService(db, clock, stewardSettings, notifier);
  scheduleWeeklyHealth(jobs, leadHealth);
  const talkTracks = new TalkTrackService(db, leads, stewardSettings);
  // Silence alerts (A5): swept every minute per company, followed up on every lead event; each suggests a script.
  const silenceDeps: SweepDeps = {
    store: new SilenceStore(database.dialect), clock, notifier,
    suggest: (tx, orgId, leadId, locale, limit) => talkTracks.suggestFor(tx, orgId, leadId, locale, limit),
  };
  registerSilenceJobs(jobs, stewardSettings, silenceDeps);
  // Screening cards (A2): opened by a lead's first activity, reminded once.
  const screening = new ScreeningService(db, leads, stewardSettings, jobs, notifier);
  registerScreeningJobs(jobs, screening);
  // Contracts (B1, B2): checked at submit, approved along the company's chain; a waiting step escalates by timer.
  const documentSettings = new DocumentSettingsService(db);
  const contracts = new ContractService(db, documentSettings, jobs, notifier);
  registerContractJobs(jobs, contracts);
  // Live sales figures (B5): kept from the documents' events, pushed to open boards; the flash report every morning.
  registerSalesFigures(jobs, notifier);
  const flashReports = new FlashReportService(db, clock, notifier);
  scheduleFlashReport(jobs, flashReports, database.dialect);
  // Commissions (C1–C3): payments, refunds and voids become commission transactions; only the people they touch are
  // recalculated, and open statements in reach of them are told to refresh.
  registerCommissions(jobs, notifier);
  return {
    database,
    clock,
    uow,
    jobs,
    authenticator,
    people: new PeopleService(database, clock, authenticator),
    teams: new TeamService(database),
    regions: new RegionService(database),
    // Its time-zone change moves the organisation's schedules (platform/jobs/schedules.ts).
    organisation: new OrganisationService(database, jobs.schedules),
    apiTokens: new ApiTokenService(db, clock),
    products: new ProductService(db),
    pricePolicies: new PricePolicyService(db),
    audit: new AuditService(db, clock, config),
    customers: new CustomerService(db),
    leads,
    contacts: new ContactService(db),
    // Activity capture (A4): summaries segment Chinese with jieba, loaded on the first one.
    activities: new ActivityService(db, clock, leads, stewardSettings, () =>
      jiebaSegmenter((reason) => process.emitWarning(`jieba could not load (${reason}); summaries use the plain segmenter`))),
    // Speech-to-text for capture: the OpenAI-compatible service in SPEECH_TO_TEXT_URL, or none (browser dictation only).
    speech: new SpeechService(
      config.SPEECH_TO_TEXT_URL
        ? new OpenAiTranscriber({ url: config.SPEECH_TO_TEXT_URL, apiKey: config.SPEECH_TO_TEXT_API_KEY, model: config.SPEECH_TO_TEXT_MODEL, timeoutMs: config.SPEECH_TO_TEXT_TIMEOUT_MS })
        : null,
      config.SPEECH_TO_TEXT_MAX_BYTES,
    ),
    imports: new ImportService(database, clock, uow),
    exports: new ExportService(db, clock, uow),
    notifier,
    notifications: notificationServices(db, config, notifier),
    dashboard: new DashboardService(db, clock, stewardSettings),
    savedViews: new SavedViewService(db),
    // The lead steward's rules per company (A2–A6); its modules read them through `forOrg`.
    stewardSettings,
    // Scripts for a lead (A3); jobs ask `talkTracks.suggestFor` for a lead's best script.
    talkTracks,
    silence: new SilenceService(db, clock, silenceDeps.store, stewardSettings, silenceDeps.suggest),
    screening,
    leadHealth,
    // The lead steward's figures (A7): follow-up and activity rates per rep, team and company, counted live.
    stewardFigures: new StewardFiguresService(db, database.dialect, clock),
    // Outgoing webhooks: a reaction queues deliveries, a worker sends them (modules/webhooks/index.ts).
    webhooks: webhookServices(database, clock, config, jobs),
    // B5: signed, collected and receivables over company days (GET /figures/sales), and the daily flash report.
    salesFigures: new SalesFiguresService(db, clock),
    flashReports,
    documentSettings,
    contracts,
    // Payment receipts (B3): confirming one pays its contracts and emits payment.confirmed for commissions and figures.
    // They read the company's currency, time zone and trace-code prefixes through the document settings.
    receipts: new ReceiptService(db, database.dialect, (tx, orgId) => documentSettings.company(tx, orgId)),
    purchaseOrders: new PurchaseOrderService(db, database.dialect, (tx, orgId) => documentSettings.company(tx, orgId)),
    shipments: new ShipmentService(db, database.dialect, (tx, orgId) => documentSettings.company(tx, orgId)),
    // Plans, assignments, quotas, splits, recalculations, locks, statements and the simulator (modules/commissions).
    // A big period's recalculation computes in a worker thread with its own connection (not to an in-memory database).
    commissions: new CommissionService(db, sqliteFile(database.url) === ':memory:' ? {} : { worker: { connection: { url: database.url, options: database.options } } }),
  };
}

export type Services = ReturnType<typeof composeServices>;
