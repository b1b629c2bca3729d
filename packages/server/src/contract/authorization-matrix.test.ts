/**
 * The authorisation matrix (H1, E2): for every route in the OpenAPI document, every caller (each role and data
 * scope, tokens narrowed to fewer permissions, nobody) and every relation of the record to the caller (own, same
 * team, other team, other region, whitelist match, other organisation), what must be allowed and what refused.
 *
 * - allowed: the success status, with a valid body, so allowed writes really happen;
 * - forbidden: 403 FORBIDDEN, the permission is missing (whatever the id, so it tells nothing about the record);
 * - hidden: 404 NOT_FOUND, the record is out of scope or in another organisation (never 403: existence must not leak);
 * - unauthenticated: 401 without credentials.
 * Every refusal re-reads the whole database and proves nothing changed. A route missing from the table fails the
 * suite, so a new route has to be classified here before it ships.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema, type Permission } from '@closeloop/core';
import { createWorld, password, type Person, type TestWorld } from '../test-support/fixture.js';
import { dialects } from '../test-support/databases.js';
import { operationsOf } from './openapi-doc.js';
import { newId } from '../platform/ids.js';
import { injectEventStream } from '../test-support/event-stream.js';
import { recordingUpload } from '../test-support/speech-stub.js';
import { ContractFactory, type MatrixContractState } from './contract-world.js';
import {
  RecordFactory, callerModel, callers, crmRelations, csvUpload, databaseFingerprint, marker, narrowedTokens, orgOf, orgRelations, parseCsv,
  PaidDocumentFactory, people, seedRelations, tokenRelations, type Caller, type CallerModel, type CrmRelation, type OrgRelation, type Seed, type TokenRelation,
} from './access-world.js';

type Outcome = 'allowed' | 'forbidden' | 'hidden' | 'unauthenticated';
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type CrmKind = 'customers' | 'leads' | 'contacts' | 'activities';

/** Who sees each CRM record, by the scope rules: own; team tree; whitelist = region subtree AND industry; all. */
const crmSeenBy: Record<CrmRelation, readonly Person[]> = {
  east1: ['admin', 'ops', 'managerEast', 'repEast1'],
  east1b: ['admin', 'ops', 'managerEast', 'repEast1b'],
  east2: ['admin', 'ops', 'managerEast', 'repEast2'],
  north: ['admin', 'ops', 'managerNorth', 'repNorth'],
  eastManufacturing: ['admin', 'ops', 'managerNorth', 'repNorth', 'whitelisted'],
  whitelistedOwn: ['admin', 'ops', 'managerNorth', 'whitelisted'],
  otherOrg: ['otherOrgAdmin', 'otherOrgRep'],
};

const tokenOwner: Record<Exclude<TokenRelation, 'callersOwn'>, Person> = { colleague: 'repEast1b', otherOrg: 'otherOrgRep' };

/**
 * A rep's weekly lead-health report: the rep reads it; so do the managers of the rep's team tree and the whole-company
 * readers — these only with reports.read (a token narrowed to crm.read reads its own person's report alone).
 */
const repReports = { east1: 'repEast1', east2: 'repEast2', north: 'repNorth', otherOrg: 'otherOrgRep' } as const satisfies Record<string, Person>;
type RepRelation = keyof typeof repReports;
const repReportSeenBy: Record<RepRelation, readonly Person[]> = {
  east1: ['admin', 'ops', 'managerEast', 'repEast1'],
  east2: ['admin', 'ops', 'managerEast', 'repEast2'],
  north: ['admin', 'ops', 'managerNorth', 'repNorth'],
  otherOrg: ['otherOrgAdmin', 'otherOrgRep'],
};

interface Built {
  method: Method;
  url: string;
  body?: unknown;
  upload?: { payload: Buffer; contentType: string };
  /** an event stream: only its status (and a refusal's body) is read */
  stream?: true;
  /** the ids that put the request in its relation; replaced by an unknown id to compare answers */
  targets?: string[];
}

interface CaseContext {
  world: TestWorld;
  seed: Seed;
  factory: RecordFactory;
  caller: CallerModel;
  relation: string;
  /** a label no other record has, for names, emails and SKUs */
  unique(label: string): string;
}

interface RouteRule {
  /** what the caller must hold; checked before the record is looked at */
  may(caller: CallerModel): boolean;
  /** what the relation dimension varies; `personal`: a thing only its owner reaches (the caller's own, a colleague's, another org's) */
  over: 'none' | 'crm' | 'org' | 'token' | 'personal' | 'reps';
  ok: number;
  public?: true;
  /**
   * How a hidden record named in the body (not the path) is refused, when not with 404: as a field error, exactly
   * like an id that does not exist (the test below proves the two answers are identical).
   */
  hiddenReference?: { status: number; code: string };
  request(ctx: CaseContext): Promise<Built> | Built;
  /** more to check on an allowed answer */
  check?(body: unknown): void;
}

const fieldError = { status: 400, code: 'VALIDATION_FAILED' };
const has = (...needed: Permission[]) => (c: CallerModel) => needed.every((p) => c.permissions.has(p));
/** Any signed-in caller: the auth hook has already turned everyone else away. */
const signedIn = () => true;
const adminWith = (p: Permission) => (c: CallerModel) => c.permissions.has(p) && c.role === 'admin';

const crmId = (ctx: CaseContext, kind: CrmKind) => ctx.seed[kind][ctx.relation as CrmRelation];
const orgRelation = (ctx: CaseContext) => ctx.relation as OrgRelation;

/** A dead letter of a timer whose handler now succeeds, so an allowed retry resolves it. */
async function deadTimer(ctx: CaseContext): Promise<string> {
  const { timers } = ctx.world.app.services.jobs;
  if (!timers.get('matrix.noop')) timers.on('matrix.noop', async () => undefined);
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('dead_letters').values({
    id, org_id: orgRelation(ctx) === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId, source: 'timer', handler: 'matrix.noop', event_id: null,
    event_type: null, subject: 'matrix', payload: '{}', due_at: now, attempts: 8, last_error: 'Error: down', failed_at: now, resolved_at: null, resolved_by: null,
  }).execute();
  return id;
}

/** A notification in the relation's organisation: the caller's own when they work there, a colleague's otherwise. */
async function inboxNotification(ctx: CaseContext): Promise<string> {
  const mainOrg = orgRelation(ctx) === 'mainOrg';
  const callerThere = ctx.caller.person !== null && (ctx.caller.org === 'main') === mainOrg;
  const recipient = callerThere ? ctx.caller.person! : mainOrg ? 'repEast1' : 'otherOrgRep';
  const [notified] = await ctx.world.app.services.notifier.notify(ctx.world.database.db, {
    orgId: mainOrg ? ctx.world.orgId : ctx.world.otherOrgId, recipients: [ctx.world.ids[recipient]], template: 'system.test', params: { sentBy: '矩阵' },
  });
  return notified!.id;
}

/** A silence alert on the relation's seeded lead (each a silence of its own). */
async function silenceAlertOf(ctx: CaseContext): Promise<string> {
  const leadId = crmId(ctx, 'leads');
  const lead = await ctx.world.database.db.selectFrom('leads').select(['org_id', 'owner_id', 'team_id', 'stage', 'last_activity_at']).where('id', '=', leadId).executeTakeFirstOrThrow();
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  const snapshot = { stage: lead.stage, lastActivityAt: lead.last_activity_at, lastActivities: [], nextAction: null, suggestion: null };
  await ctx.world.database.db.insertInto('silence_alerts').values({
    id, org_id: lead.org_id, lead_id: leadId, owner_id: lead.owner_id, team_id: lead.team_id, stage: lead.stage, silent_since: `${lead.last_activity_at}#${id}`,
    threshold_hours: 72, raised_at: now, snapshot: JSON.stringify(snapshot), suggested_track_id: null, status: 'resolved', resolved_at: now,
    resolved_by: 'archived', notified_at: now,
  }).execute();
  return id;
}

/** A published weekly report of the relation's rep, for a week of its own (one report per rep and week). */
let reportWeeks = 0;
async function repReportOf(ctx: CaseContext): Promise<string> {
  const repId = ctx.world.ids[repReports[ctx.relation as RepRelation]];
  const rep = await ctx.world.database.db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', repId).executeTakeFirstOrThrow();
  const id = newId();
  const week = new Date(Date.UTC(2020, 0, 3) + (reportWeeks += 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  await ctx.world.database.db.insertInto('lead_health_reports').values({
    id, org_id: rep.org_id, rep_id: repId, team_id: rep.team_id, week, generated_at: ctx.world.clock.now().toISOString(), stages: '[]',
  }).execute();
  return id;
}

/** A group robot of the relation's organisation. */
async function robotOf(ctx: CaseContext): Promise<string> {
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('notification_robots').values({
    id, org_id: orgRelation(ctx) === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId, kind: 'wecom', name: ctx.unique('群机器人'),
    webhook_key: '693a91f6-7a1c-4bc4-97a0-0ec2f1fa5aaa', sign_secret: null, templates: '[]', created_by: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

/** A saved view of the relation's owner: the caller (or a colleague, or someone of the other organisation). */
async function savedViewOf(ctx: CaseContext): Promise<string> {
  const relation = ctx.relation as TokenRelation;
  const owner = relation === 'callersOwn' ? (ctx.caller.person ?? 'repEast1') : tokenOwner[relation];
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('saved_views').values({
    id, org_id: orgOf(owner) === 'main' ? ctx.world.orgId : ctx.world.otherOrgId, user_id: ctx.world.ids[owner], list: 'leads', name: ctx.unique('视图'),
    query: '{"stage":"new"}', created_at: now, updated_at: now,
  }).execute();
  return id;
}

/**
 * A webhook of the relation's organisation. Its address is a loopback one, which this world's server refuses to post
 * to (WEBHOOKS_ALLOW_PRIVATE_NETWORKS is off): an allowed test ping or redelivery is answered without any traffic.
 */
async function webhookOf(ctx: CaseContext): Promise<string> {
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('webhooks').values({
    id, org_id: orgRelation(ctx) === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId, url: 'http://127.0.0.1:9/matrix', description: ctx.unique('Webhook'),
    event_types: '"*"', active: 1, secret: `whsec_${newId()}`, version: 1, created_by: null, created_at: now, updated_at: now, deleted_at: null,
  }).execute();
  return id;
}

/** A failed delivery of a webhook of the relation's organisation. */
async function webhookDeliveryOf(ctx: CaseContext): Promise<{ webhookId: string; deliveryId: string }> {
  const webhookId = await webhookOf(ctx);
  const deliveryId = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('webhook_deliveries').values({
    id: deliveryId, org_id: orgRelation(ctx) === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId, webhook_id: webhookId, event_id: newId(),
    event_type: 'lead.created', payload: '{"type":"lead.created","data":{}}', status: 'failed', attempts: 8, round_attempts: 8, next_attempt_at: null,
    last_status_code: 503, last_error: 'the receiver answered HTTP 503', last_response_ms: 12, delivered_at: null, claim: null, lease_until: null,
    created_at: now, updated_at: now,
  }).execute();
  return { webhookId, deliveryId };
}

function onWebhook(method: Method, suffix: string, body?: (ctx: CaseContext) => unknown): RouteRule['request'] {
  return async (ctx) => {
    const id = await webhookOf(ctx);
    return { method, url: `/api/v1/admin/webhooks/${id}${suffix}`, body: body?.(ctx), targets: [id] };
  };
}

function onWebhookDelivery(method: Method, suffix: string): RouteRule['request'] {
  return async (ctx) => {
    const { webhookId, deliveryId } = await webhookDeliveryOf(ctx);
    return { method, url: `/api/v1/admin/webhooks/${webhookId}/deliveries/${deliveryId}${suffix}`, targets: [webhookId, deliveryId] };
  };
}

/** A talk track of an organisation (archived when a restore is to be tried on it). */
async function talkTrackOf(ctx: CaseContext, org: OrgRelation, status: 'active' | 'archived' = 'active'): Promise<string> {
  const id = newId();
  const now = ctx.world.clock.now().toISOString();
  await ctx.world.database.db.insertInto('talk_tracks').values({
    id, org_id: org === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId, title: ctx.unique('话术'), body: '您好……', locale: 'zh-CN',
    industries: '[]', budget_bands: '[]', decision_chains: '[]', stages: '[]', status, version: 1, starter_key: null, created_at: now, updated_at: now,
  }).execute();
  return id;
}

function onTalkTrack(suffix: string, body: (ctx: CaseContext) => unknown, status: 'active' | 'archived' = 'active'): RouteRule['request'] {
  return async (ctx) => {
    const id = await talkTrackOf(ctx, orgRelation(ctx), status);
    return { method: suffix ? 'POST' : 'PATCH', url: `/api/v1/talk-tracks/${id}${suffix}`, body: body(ctx), targets: [id] };
  };
}

/** A change to the caller's organisation's steward settings, with the version there now (so it is not refused as stale). */
let reminderMinutes = 30;
async function stewardSettingsChange(ctx: CaseContext): Promise<{ version: number; screeningReminderMinutes: number }> {
  const orgId = ctx.caller.org === 'other' ? ctx.world.otherOrgId : ctx.world.orgId;
  const row = await ctx.world.database.db.selectFrom('steward_settings').select('version').where('org_id', '=', orgId).executeTakeFirst();
  reminderMinutes = reminderMinutes >= 600 ? 31 : reminderMinutes + 1;
  return { version: row?.version ?? 0, screeningReminderMinutes: reminderMinutes };
}

function onRecord(kind: CrmKind, method: Method, suffix: string, body?: (ctx: CaseContext, id: string) => Promise<unknown> | unknown): RouteRule['request'] {
  return async (ctx) => {
    const id = crmId(ctx, kind);
    return { method, url: `/api/v1/${kind}/${id}${suffix}`, body: body ? await body(ctx, id) : undefined, targets: [id] };
  };
}

const versionOf = (table: Parameters<RecordFactory['versionOf']>[0]) => async (ctx: CaseContext, id: string) => ({ version: await ctx.factory.versionOf(table, id) });

/** Merges a fresh record of the relation into a fresh survivor of the same relation. */
function mergeInto(kind: 'customers' | 'leads'): RouteRule['request'] {
  return async (ctx) => {
    const relation = ctx.relation as CrmRelation;
    const make = (r: CrmRelation) => (kind === 'customers' ? ctx.factory.customer(r) : ctx.factory.lead(r));
    const survivor = await make(relation);
    const source = await make(relation);
    return { method: 'POST', url: `/api/v1/${kind}/${survivor}/merge`, body: { sourceIds: [source] }, targets: [survivor, source] };
  };
}

/** List, read, edit, archive and restore: the routes every CRM record kind has. */
function crmRoutes(kind: CrmKind, patch: Record<string, unknown>): Record<string, RouteRule> {
  const base = `/api/v1/${kind}`;
  return {
    [`GET ${base}`]: { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: base }) },
    [`GET ${base}/{id}`]: { may: has('crm.read'), over: 'crm', ok: 200, request: onRecord(kind, 'GET', '') },
    [`PATCH ${base}/{id}`]: {
      may: has('crm.write'), over: 'crm', ok: 200,
      request: onRecord(kind, 'PATCH', '', async (ctx, id) => ({ ...patch, version: await ctx.factory.versionOf(kind, id) })),
    },
    [`POST ${base}/{id}/archive`]: { may: has('crm.write'), over: 'crm', ok: 200, request: onRecord(kind, 'POST', '/archive', versionOf(kind)) },
    [`POST ${base}/{id}/restore`]: { may: has('crm.write'), over: 'crm', ok: 200, request: onRecord(kind, 'POST', '/restore', versionOf(kind)) },
  };
}

function exportRoute(kind: 'customers' | 'leads' | 'contacts' | 'activities' | 'products'): Record<string, RouteRule> {
  return {
    [`GET /api/v1/exports/${kind}`]: {
      may: has('crm.export', kind === 'products' ? 'catalog.read' : 'crm.read'), over: 'none', ok: 200,
      request: () => ({ method: 'GET', url: `/api/v1/exports/${kind}?format=csv` }),
    },
  };
}

/** Read, rename, archive and restore a product or a price policy of either organisation. */
function catalogRecordRoutes(path: 'products' | 'price-policies', pick: (seed: Seed) => Record<OrgRelation, string>): Record<string, RouteRule> {
  const table = path === 'products' ? 'products' : 'price_policies';
  const base = `/api/v1/${path}`;
  const onRow = (method: Method, suffix: string, body?: (ctx: CaseContext, version: number) => unknown): RouteRule['request'] => async (ctx) => {
    const id = pick(ctx.seed)[orgRelation(ctx)];
    return { method, url: `${base}/${id}${suffix}`, body: body?.(ctx, await ctx.factory.versionOf(table, id)), targets: [id] };
  };
  return {
    [`GET ${base}/{id}`]: { may: has('catalog.read'), over: 'org', ok: 200, request: onRow('GET', '') },
    [`PATCH ${base}/{id}`]: { may: has('catalog.write'), over: 'org', ok: 200, request: onRow('PATCH', '', (ctx, version) => ({ version, name: ctx.unique('改名') })) },
    [`POST ${base}/{id}/archive`]: { may: has('catalog.write'), over: 'org', ok: 200, request: onRow('POST', '/archive', (_ctx, version) => ({ version })) },
    [`POST ${base}/{id}/restore`]: { may: has('catalog.write'), over: 'org', ok: 200, request: onRow('POST', '/restore', (_ctx, version) => ({ version })) },
  };
}


// ——— receipts, purchase orders and shipping notes (payments engineer's block; see modules/documents/receipts.test.ts,
// shipments-orders.test.ts). Each lives with the relation's seeded customer, so it is seen exactly as that customer is;
// finance (payments.manage) writes receipts, everyone with documents.write places orders and ships within scope. ———

type PaidDocumentKind = 'receipts' | 'purchase-orders' | 'shipments';

/** A fresh document of the relation's customer in the state the action needs, so every allowed case succeeds. */
function onPaidDocument(
  kind: PaidDocumentKind, method: Method, suffix: string, make: (documents: PaidDocumentFactory, customerId: string) => Promise<string>, body?: (ctx: CaseContext) => unknown,
): RouteRule['request'] {
  return async (ctx) => {
    const id = await make(new PaidDocumentFactory(ctx.world), crmId(ctx, 'customers'));
    return { method, url: `/api/v1/${kind}/${id}${suffix}`, body: body?.(ctx), targets: [id] };
  };
}

const paidDocumentRoutes: Record<string, RouteRule> = {
  'GET /api/v1/receipts': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/receipts' }) },
  'POST /api/v1/receipts': {
    may: has('payments.manage'), over: 'crm', ok: 201, hiddenReference: fieldError,
    request: async (ctx) => {
      const customerId = crmId(ctx, 'customers');
      const contractId = await new PaidDocumentFactory(ctx.world).signedContract(customerId);
      return {
        method: 'POST', url: '/api/v1/receipts', targets: [customerId, contractId],
        body: { customerId, amountMinor: 50_000, receivedOn: '2026-11-02', bankReference: ctx.unique('回单'), allocations: [{ contractId, amountMinor: 50_000 }] },
      };
    },
  },
  'GET /api/v1/receipts/{id}': { may: has('crm.read'), over: 'crm', ok: 200, request: onPaidDocument('receipts', 'GET', '', (d, c) => d.receipt(c, 'registered')) },
  'PATCH /api/v1/receipts/{id}': {
    may: has('payments.manage'), over: 'crm', ok: 200, request: onPaidDocument('receipts', 'PATCH', '', (d, c) => d.receipt(c, 'registered'), (ctx) => ({ version: 1, note: ctx.unique('备注') })),
  },
  'POST /api/v1/receipts/{id}/confirm': {
    may: has('payments.manage'), over: 'crm', ok: 200, request: onPaidDocument('receipts', 'POST', '/confirm', (d, c) => d.receipt(c, 'registered'), () => ({})),
    check: (body) => expect(body).toMatchObject({ status: 'confirmed' }),
  },
  'POST /api/v1/receipts/{id}/refund': {
    may: has('payments.manage'), over: 'crm', ok: 200, request: onPaidDocument('receipts', 'POST', '/refund', (d, c) => d.receipt(c, 'confirmed'), () => ({ reason: '原路退回' })),
    check: (body) => expect(body).toMatchObject({ status: 'refunded' }),
  },
  'POST /api/v1/receipts/{id}/void': {
    may: has('payments.manage'), over: 'crm', ok: 200, request: onPaidDocument('receipts', 'POST', '/void', (d, c) => d.receipt(c, 'registered'), () => ({ reason: '录入错误' })),
  },
  'GET /api/v1/purchase-orders': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/purchase-orders' }) },
  'POST /api/v1/purchase-orders': {
    may: has('documents.write'), over: 'crm', ok: 201, hiddenReference: fieldError,
    request: async (ctx) => {
      const contractId = await new PaidDocumentFactory(ctx.world).signedContract(crmId(ctx, 'customers'));
      return { method: 'POST', url: '/api/v1/purchase-orders', body: { contractId, amountMinor: 100_000 }, targets: [contractId] };
    },
  },
  'GET /api/v1/purchase-orders/{id}': { may: has('crm.read'), over: 'crm', ok: 200, request: onPaidDocument('purchase-orders', 'GET', '', (d, c) => d.purchaseOrder(c, 'placed')) },
  'POST /api/v1/purchase-orders/{id}/confirm': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('purchase-orders', 'POST', '/confirm', (d, c) => d.purchaseOrder(c, 'placed'), () => ({})),
  },
  'POST /api/v1/purchase-orders/{id}/fulfil': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('purchase-orders', 'POST', '/fulfil', (d, c) => d.purchaseOrder(c, 'confirmed'), () => ({})),
  },
  'POST /api/v1/purchase-orders/{id}/cancel': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('purchase-orders', 'POST', '/cancel', (d, c) => d.purchaseOrder(c, 'placed'), () => ({ reason: '客户改单' })),
  },
  'GET /api/v1/shipments': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/shipments' }) },
  'POST /api/v1/shipments': {
    may: has('documents.write'), over: 'crm', ok: 201, hiddenReference: fieldError,
    request: async (ctx) => {
      const contractId = await new PaidDocumentFactory(ctx.world).signedContract(crmId(ctx, 'customers'));
      return { method: 'POST', url: '/api/v1/shipments', body: { contractId, plannedOn: '2026-11-05' }, targets: [contractId] };
    },
  },
  'GET /api/v1/shipments/{id}': { may: has('crm.read'), over: 'crm', ok: 200, request: onPaidDocument('shipments', 'GET', '', (d, c) => d.shipment(c, 'planned')) },
  'POST /api/v1/shipments/{id}/ship': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('shipments', 'POST', '/ship', (d, c) => d.shipment(c, 'planned'), () => ({ trackingNo: 'SF1' })),
  },
  'POST /api/v1/shipments/{id}/deliver': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('shipments', 'POST', '/deliver', (d, c) => d.shipment(c, 'shipped'), () => ({})),
  },
  'POST /api/v1/shipments/{id}/cancel': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onPaidDocument('shipments', 'POST', '/cancel', (d, c) => d.shipment(c, 'planned'), () => ({})),
  },
};

// ——— contracts and their approvals (see modules/documents/contracts.test.ts): seen as their customer is; drafted and
// moved on with documents.write; a pending step is decided by an approver of its role (the case's step has the
// caller's role, so an approver who sees the contract may decide it); settings read by all, replaced by admins. ———

/** A fresh contract of the relation's customer in the state the action needs. */
async function contractOf(ctx: CaseContext, state: MatrixContractState) {
  const role = ctx.caller.role === 'ops' || ctx.caller.role === 'admin' ? ctx.caller.role : 'manager';
  const product = ctx.seed.products[ctx.relation === 'otherOrg' ? 'otherOrg' : 'mainOrg'];
  return new ContractFactory(ctx.world).contract(crmId(ctx, 'customers'), product, state, role);
}

function onContract(state: MatrixContractState, method: Method, suffix: string, body?: (ctx: CaseContext) => unknown): RouteRule['request'] {
  return async (ctx) => {
    const c = await contractOf(ctx, state);
    return { method, url: `/api/v1/contracts/${c.id}${suffix}`, body: body?.(ctx), targets: [c.id] };
  };
}

function onApprovalStep(decision: 'approve' | 'reject', body: object): RouteRule['request'] {
  return async (ctx) => {
    const c = await contractOf(ctx, 'in_approval');
    return { method: 'POST', url: `/api/v1/contracts/${c.id}/approvals/${c.approvalId}/${decision}`, body, targets: [c.id] };
  };
}

let paymentTermsDays = 30;
const contractRoutes: Record<string, RouteRule> = {
  'GET /api/v1/contracts': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/contracts' }) },
  'POST /api/v1/contracts': {
    may: has('documents.write'), over: 'crm', ok: 201, hiddenReference: fieldError,
    request: (ctx) => {
      const customerId = crmId(ctx, 'customers');
      const productId = ctx.seed.products[ctx.relation === 'otherOrg' ? 'otherOrg' : 'mainOrg'];
      return { method: 'POST', url: '/api/v1/contracts', body: { customerId, title: ctx.unique('合同'), lines: [{ productId, quantity: 1, unitPriceMinor: 1_000_000 }] }, targets: [customerId] };
    },
  },
  'GET /api/v1/contracts/{id}': { may: has('crm.read'), over: 'crm', ok: 200, request: onContract('draft', 'GET', '') },
  'PATCH /api/v1/contracts/{id}': { may: has('documents.write'), over: 'crm', ok: 200, request: onContract('draft', 'PATCH', '', (ctx) => ({ version: 1, title: ctx.unique('改名') })) },
  'POST /api/v1/contracts/{id}/submit': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onContract('draft', 'POST', '/submit', () => ({ version: 1 })),
    check: (body) => expect(body).toMatchObject({ status: 'in_approval' }),
  },
  'POST /api/v1/contracts/{id}/approvals/{approvalId}/approve': {
    may: has('documents.approve'), over: 'crm', ok: 200, request: onApprovalStep('approve', { comment: '同意' }),
    check: (body) => expect(body).toMatchObject({ status: 'signed' }),
  },
  'POST /api/v1/contracts/{id}/approvals/{approvalId}/reject': {
    may: has('documents.approve'), over: 'crm', ok: 200, request: onApprovalStep('reject', { comment: '请修改' }),
    check: (body) => expect(body).toMatchObject({ status: 'rejected' }),
  },
  'POST /api/v1/contracts/{id}/revise': { may: has('documents.write'), over: 'crm', ok: 200, request: onContract('rejected', 'POST', '/revise', () => ({ version: 1 })) },
  'POST /api/v1/contracts/{id}/void': { may: has('documents.write'), over: 'crm', ok: 200, request: onContract('draft', 'POST', '/void', () => ({ version: 1, reason: '客户取消' })) },
  'POST /api/v1/contracts/{id}/complete': {
    may: has('documents.write'), over: 'crm', ok: 200, request: onContract('paid', 'POST', '/complete', () => ({ version: 1 })),
    check: (body) => expect(body).toMatchObject({ status: 'completed' }),
  },
  'GET /api/v1/contracts/{id}/life': { may: has('crm.read'), over: 'crm', ok: 200, request: onContract('draft', 'GET', '/life') },
  'GET /api/v1/approvals': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/approvals' }) },
  'GET /api/v1/documents/by-trace/{code}': {
    may: has('crm.read'), over: 'crm', ok: 200,
    request: async (ctx) => {
      const c = await contractOf(ctx, 'draft');
      return { method: 'GET', url: `/api/v1/documents/by-trace/${c.traceCode}`, targets: [c.traceCode] };
    },
  },
  'GET /api/v1/document-settings': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/document-settings' }) },
  'PUT /api/v1/document-settings': {
    may: has('documents.manage'), over: 'none', ok: 200,
    request: async (ctx) => {
      const orgId = ctx.caller.org === 'other' ? ctx.world.otherOrgId : ctx.world.orgId;
      const row = await ctx.world.database.db.selectFrom('document_settings').select('version').where('org_id', '=', orgId).executeTakeFirst();
      paymentTermsDays = paymentTermsDays >= 300 ? 31 : paymentTermsDays + 1;
      return { method: 'PUT', url: '/api/v1/document-settings', body: { version: row?.version ?? 0, settings: { defaultPaymentTermsDays: paymentTermsDays } } };
    },
  },
};

// ——— commissions (C1–C3): plans, assignments, quotas, splits, periods and recalculations with commissions.manage, within the
// caller's organisation; statements by reach (own; team tree or company with reports.read); the simulator for every reader
// (see modules/commissions/commissions.test.ts) ———
let commissionSerial = 0;
const commissionOrg = (ctx: CaseContext) => (orgRelation(ctx) === 'mainOrg' ? ctx.world.orgId : ctx.world.otherOrgId);
const commissionPerson = (ctx: CaseContext) => (orgRelation(ctx) === 'mainOrg' ? ctx.world.ids.repEast1 : ctx.world.ids.otherOrgRep);
const emptyHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const matrixPlan = (key: string) => `id: ${key}\nversion: 1\nname: Matrix\ncurrency: CNY\nperiod: month\neffective: { from: 2026-01-01 }\ncomponents:\n  - { id: base, type: table, bands: [ { rate: 2% } ] }\n`;

/** A stored plan in the relation's organisation; returns its key. */
async function commissionPlanOf(ctx: CaseContext): Promise<string> {
  const key = `matrix-plan-${(commissionSerial += 1)}`;
  const plan = planSchema.parse({ id: key, version: 1, name: 'Matrix', currency: 'CNY', period: 'month', effective: { from: '2026-01-01' }, components: [{ id: 'base', type: 'table', bands: [{ rate: '2%' }] }] });
  await ctx.world.database.db.insertInto('commission_plans').values({
    id: newId(), org_id: commissionOrg(ctx), plan_key: key, version: 1, name: 'Matrix', currency: 'CNY', period: 'month', effective_from: '2026-01-01', effective_to: null,
    document: JSON.stringify(plan), source: matrixPlan(key), created_by: null, created_at: ctx.world.clock.now().toISOString(),
  }).execute();
  return key;
}

async function commissionAssignmentOf(ctx: CaseContext): Promise<string> {
  const id = newId();
  await ctx.world.database.db.insertInto('commission_assignments').values({
    id, org_id: commissionOrg(ctx), plan_key: await commissionPlanOf(ctx), person_id: commissionPerson(ctx), team_id: null, from_on: '2026-01-01', to_on: null,
    created_by: null, created_at: ctx.world.clock.now().toISOString(),
  }).execute();
  return id;
}

/** A proposal over an empty period, so an allowed accept finds nothing changed since. */
async function commissionProposalOf(ctx: CaseContext): Promise<string> {
  const id = newId();
  await ctx.world.database.db.insertInto('commission_recalculations').values({
    id, org_id: commissionOrg(ctx), period: '2099-01', status: 'proposed', reason: 'matrix', diff: JSON.stringify({ people: [], totalDeltaMinor: 0, issues: [] }),
    result: JSON.stringify({ periodStatus: 'open', storedHash: emptyHash, resultHash: emptyHash, lineCount: 0, totalMinor: 0 }),
    created_by: null, created_at: ctx.world.clock.now().toISOString(), decided_by: null, decided_at: null,
  }).execute();
  return id;
}

async function commissionContractOf(ctx: CaseContext): Promise<string> {
  return new PaidDocumentFactory(ctx.world).signedContract(ctx.seed.customers[orgRelation(ctx) === 'mainOrg' ? 'east1' : 'otherOrg']);
}

const manageCommissions = has('commissions.manage');
const commissionRoutes: Record<string, RouteRule> = {
  'GET /api/v1/commission/plans': { may: manageCommissions, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/plans' }) },
  'POST /api/v1/commission/plans': {
    may: manageCommissions, over: 'none', ok: 201,
    request: () => ({ method: 'POST', url: '/api/v1/commission/plans', body: { source: matrixPlan(`matrix-new-${(commissionSerial += 1)}`) } }),
  },
  'GET /api/v1/commission/plans/{planKey}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const key = await commissionPlanOf(ctx); return { method: 'GET', url: `/api/v1/commission/plans/${key}`, targets: [key] }; },
  },
  'GET /api/v1/commission/plans/{planKey}/versions/{version}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const key = await commissionPlanOf(ctx); return { method: 'GET', url: `/api/v1/commission/plans/${key}/versions/1`, targets: [key] }; },
  },
  'GET /api/v1/commission/assignments': { may: manageCommissions, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/assignments' }) },
  'POST /api/v1/commission/assignments': {
    may: manageCommissions, over: 'org', ok: 201, hiddenReference: fieldError,
    request: async (ctx) => {
      const key = await commissionPlanOf(ctx);
      const personId = commissionPerson(ctx);
      return { method: 'POST', url: '/api/v1/commission/assignments', body: { planKey: key, personId, fromOn: '2026-11-01' }, targets: [key, personId] };
    },
  },
  'PATCH /api/v1/commission/assignments/{id}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionAssignmentOf(ctx); return { method: 'PATCH', url: `/api/v1/commission/assignments/${id}`, body: { toOn: '2026-12-31' }, targets: [id] }; },
  },
  'DELETE /api/v1/commission/assignments/{id}': {
    may: manageCommissions, over: 'org', ok: 204,
    request: async (ctx) => { const id = await commissionAssignmentOf(ctx); return { method: 'DELETE', url: `/api/v1/commission/assignments/${id}`, targets: [id] }; },
  },
  'GET /api/v1/commission/quotas': { may: manageCommissions, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/quotas' }) },
  'PUT /api/v1/commission/quotas/{period}/{personId}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: (ctx) => { const personId = commissionPerson(ctx); return { method: 'PUT', url: `/api/v1/commission/quotas/2026-11/${personId}`, body: { amountMinor: 1_000_000 }, targets: [personId] }; },
  },
  'DELETE /api/v1/commission/quotas/{period}/{personId}': {
    may: manageCommissions, over: 'org', ok: 204,
    request: async (ctx) => {
      const personId = commissionPerson(ctx);
      await ctx.world.database.db.insertInto('commission_quotas').values({ org_id: commissionOrg(ctx), person_id: personId, period: '2026-10', amount_minor: 100 })
        .onConflict((oc) => oc.columns(['org_id', 'person_id', 'period']).doNothing()).execute();
      return { method: 'DELETE', url: `/api/v1/commission/quotas/2026-10/${personId}`, targets: [personId] };
    },
  },
  'GET /api/v1/commission/splits/{contractId}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionContractOf(ctx); return { method: 'GET', url: `/api/v1/commission/splits/${id}`, targets: [id] }; },
  },
  'PUT /api/v1/commission/splits/{contractId}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await commissionContractOf(ctx);
      return { method: 'PUT', url: `/api/v1/commission/splits/${id}`, body: { splits: [{ personId: commissionPerson(ctx), share: '1' }] }, targets: [id] };
    },
  },
  'GET /api/v1/commission/periods': { may: manageCommissions, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/periods' }) },
  'POST /api/v1/commission/periods/{period}/lock': {
    may: manageCommissions, over: 'none', ok: 200,
    request: () => {
      const n = (commissionSerial += 1);
      return { method: 'POST', url: `/api/v1/commission/periods/${2200 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}/lock`, body: {} };
    },
  },
  'GET /api/v1/commission/recalculations': { may: manageCommissions, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/recalculations' }) },
  'POST /api/v1/commission/recalculations': {
    may: manageCommissions, over: 'none', ok: 201, request: () => ({ method: 'POST', url: '/api/v1/commission/recalculations', body: { period: '2098-01', reason: 'matrix' } }),
  },
  'GET /api/v1/commission/recalculations/{id}': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionProposalOf(ctx); return { method: 'GET', url: `/api/v1/commission/recalculations/${id}`, targets: [id] }; },
  },
  'GET /api/v1/commission/recalculations/{id}/xlsx': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionProposalOf(ctx); return { method: 'GET', url: `/api/v1/commission/recalculations/${id}/xlsx`, targets: [id] }; },
  },
  'POST /api/v1/commission/recalculations/{id}/accept': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionProposalOf(ctx); return { method: 'POST', url: `/api/v1/commission/recalculations/${id}/accept`, body: {}, targets: [id] }; },
    check: (body) => expect(body).toMatchObject({ status: 'accepted' }),
  },
  'POST /api/v1/commission/recalculations/{id}/discard': {
    may: manageCommissions, over: 'org', ok: 200,
    request: async (ctx) => { const id = await commissionProposalOf(ctx); return { method: 'POST', url: `/api/v1/commission/recalculations/${id}/discard`, body: {}, targets: [id] }; },
  },
  'GET /api/v1/commission/statements': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/statements?period=2026-11' }) },
  'GET /api/v1/commission/statements/xlsx': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/commission/statements/xlsx?period=2026-11' }) },
  'GET /api/v1/commission/statements/{period}/{personId}': {
    may: has('crm.read'), over: 'reps', ok: 200,
    request: (ctx) => { const id = ctx.world.ids[repReports[ctx.relation as RepRelation]]; return { method: 'GET', url: `/api/v1/commission/statements/2026-11/${id}`, targets: [id] }; },
  },
  'GET /api/v1/commission/statements/{period}/{personId}/xlsx': {
    may: has('crm.read'), over: 'reps', ok: 200,
    request: (ctx) => { const id = ctx.world.ids[repReports[ctx.relation as RepRelation]]; return { method: 'GET', url: `/api/v1/commission/statements/2026-11/${id}/xlsx`, targets: [id] }; },
  },
  'POST /api/v1/commission/simulate': {
    may: has('crm.read'), over: 'none', ok: 200,
    request: () => ({ method: 'POST', url: '/api/v1/commission/simulate', body: { plan: matrixPlan('try'), transactions: 'id,date,amount,credits\nP1,2027-01-10,100,ana=100%\n' } }),
  },
};

const matrix: Record<string, RouteRule> = {
  'GET /api/v1/health': { public: true, may: () => true, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/health' }) },

  // ——— auth ———
  'POST /api/v1/auth/login': {
    public: true, may: () => true, over: 'none', ok: 200,
    request: () => ({ method: 'POST', url: '/api/v1/auth/login', body: { login: 'repeast2@test.closeloop.cn', password } }),
  },
  'POST /api/v1/auth/logout': { may: signedIn, over: 'none', ok: 204, request: () => ({ method: 'POST', url: '/api/v1/auth/logout' }) },
  // A token has no session to describe; the session test below shows the route answering a signed-in browser.
  'GET /api/v1/auth/me': { may: () => false, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/auth/me' }) },
  // Only a signed-in person changes their password; API tokens are refused (the session path is tested below).
  'POST /api/v1/auth/password': {
    may: () => false, over: 'none', ok: 204,
    request: () => ({ method: 'POST', url: '/api/v1/auth/password', body: { currentPassword: password, newPassword: password } }),
  },

  // ——— customers ———
  ...crmRoutes('customers', { city: '苏州' }),
  'POST /api/v1/customers': {
    may: has('crm.write'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/customers', body: { name: ctx.unique('新客户'), industry: 'retail' } }),
  },
  'GET /api/v1/customers/{id}/duplicates': { may: has('crm.read'), over: 'crm', ok: 200, request: onRecord('customers', 'GET', '/duplicates') },
  'POST /api/v1/customers/{id}/merge': { may: has('crm.merge'), over: 'crm', ok: 200, request: mergeInto('customers') },

  // ——— leads ———
  ...crmRoutes('leads', { city: '苏州', stage: 'contacted' }),
  // A new lead may be linked to a customer only if the caller sees that customer.
  'POST /api/v1/leads': {
    may: has('crm.write'), over: 'crm', ok: 201, hiddenReference: fieldError,
    request: (ctx) => {
      const customerId = crmId(ctx, 'customers');
      return { method: 'POST', url: '/api/v1/leads', body: { name: ctx.unique('新线索'), customerId }, targets: [customerId] };
    },
  },
  'GET /api/v1/leads/{id}/duplicates': { may: has('crm.read'), over: 'crm', ok: 200, request: onRecord('leads', 'GET', '/duplicates') },
  'POST /api/v1/leads/{id}/merge': { may: has('crm.merge'), over: 'crm', ok: 200, request: mergeInto('leads') },

  // ——— contacts: visible through their customer ———
  ...crmRoutes('contacts', { title: '采购经理' }),
  'POST /api/v1/contacts': {
    may: has('crm.write'), over: 'crm', ok: 201,
    request: (ctx) => {
      const customerId = crmId(ctx, 'customers');
      return { method: 'POST', url: '/api/v1/contacts', body: { customerId, name: ctx.unique('新联系人') }, targets: [customerId] };
    },
  },

  // ——— activities: visible to their author and through their lead or customer ———
  ...crmRoutes('activities', { text: '补充：客户预算约30万。' }),
  'POST /api/v1/activities': {
    may: has('crm.write'), over: 'crm', ok: 201,
    request: (ctx) => {
      const leadId = crmId(ctx, 'leads');
      const nextAction = { kind: 'call_back', dueAt: new Date(ctx.world.clock.now().getTime() + 86_400_000).toISOString() };
      return { method: 'POST', url: '/api/v1/activities', body: { kind: 'call', leadId, text: ctx.unique('电话跟进'), nextAction }, targets: [leadId] };
    },
  },
  'POST /api/v1/activities/summary': {
    may: has('crm.write'), over: 'none', ok: 200,
    request: () => ({ method: 'POST', url: '/api/v1/activities/summary', body: { text: '客户预算约30万，我们会在下周三前发送方案。' } }),
  },

  // ——— speech-to-text: not set up in this world, so a caller who may use it is told 503 (NOT_CONFIGURED) ———
  'GET /api/v1/speech': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/speech' }) },
  'POST /api/v1/speech/transcriptions': {
    may: has('crm.write'), over: 'none', ok: 503,
    request: () => ({ method: 'POST', url: '/api/v1/speech/transcriptions', upload: recordingUpload() }),
    check: (body) => expect(body).toMatchObject({ error: { code: 'NOT_CONFIGURED' } }),
  },

  // ——— catalog: the organisation is the only boundary ———
  'GET /api/v1/products': { may: has('catalog.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/products' }) },
  'POST /api/v1/products': {
    may: has('catalog.write'), over: 'none', ok: 201,
    request: (ctx) => ({
      method: 'POST', url: '/api/v1/products',
      body: { sku: ctx.unique('NEW').replace(/\W+/g, '-').replace(/^-/, ''), name: ctx.unique('新产品'), listPrice: { minor: 100_000, currency: 'CNY' }, floorPrice: { minor: 90_000, currency: 'CNY' } },
    }),
  },
  ...catalogRecordRoutes('products', (seed) => seed.products),
  'GET /api/v1/products/{id}/price': {
    may: has('catalog.read'), over: 'org', ok: 200,
    request: (ctx) => {
      const id = ctx.seed.products[orgRelation(ctx)];
      return { method: 'GET', url: `/api/v1/products/${id}/price?on=2026-11-02`, targets: [id] };
    },
  },
  'GET /api/v1/price-policies': { may: has('catalog.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/price-policies' }) },
  'POST /api/v1/price-policies': {
    may: has('catalog.write'), over: 'org', ok: 201, hiddenReference: fieldError,
    request: (ctx) => {
      const productId = ctx.seed.products[orgRelation(ctx)];
      return { method: 'POST', url: '/api/v1/price-policies', body: { name: ctx.unique('新政策'), productId, validFrom: '2026-01-01' }, targets: [productId] };
    },
  },
  ...catalogRecordRoutes('price-policies', (seed) => seed.pricePolicies),

  // ——— people: the directory is readable by everyone in the organisation, managed by admins ———
  'GET /api/v1/users': { may: has('people.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/users' }) },
  'POST /api/v1/users': {
    may: has('people.manage'), over: 'none', ok: 201,
    request: (ctx) => ({
      method: 'POST', url: '/api/v1/users',
      body: { name: ctx.unique('新同事'), email: `${ctx.unique('new').replace(/\W+/g, '-').replace(/^-/, '')}@test.closeloop.cn`, role: 'rep', password: 'a-long-passphrase' },
    }),
  },
  'GET /api/v1/users/{id}': {
    may: has('people.read'), over: 'org', ok: 200,
    request: (ctx) => {
      const id = ctx.world.ids[orgRelation(ctx) === 'mainOrg' ? 'repEast1b' : 'otherOrgRep'];
      return { method: 'GET', url: `/api/v1/users/${id}`, targets: [id] };
    },
  },
  'PATCH /api/v1/users/{id}': {
    may: has('people.manage'), over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await ctx.factory.user(orgRelation(ctx));
      return { method: 'PATCH', url: `/api/v1/users/${id}`, body: { version: 1, name: ctx.unique('改名') }, targets: [id] };
    },
  },
  'POST /api/v1/users/{id}/password-reset': {
    may: has('people.manage'), over: 'org', ok: 204,
    request: async (ctx) => {
      const id = await ctx.factory.user(orgRelation(ctx));
      return { method: 'POST', url: `/api/v1/users/${id}/password-reset`, body: { newPassword: 'temporary-passphrase-2026' }, targets: [id] };
    },
  },
  'POST /api/v1/users/{id}/unlock': {
    may: has('people.manage'), over: 'org', ok: 204,
    request: async (ctx) => {
      const id = await ctx.factory.user(orgRelation(ctx));
      return { method: 'POST', url: `/api/v1/users/${id}/unlock`, targets: [id] };
    },
  },
  'GET /api/v1/teams': { may: has('people.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/teams' }) },
  'POST /api/v1/teams': {
    may: has('people.manage'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/teams', body: { name: ctx.unique('新小组') } }),
  },
  'PATCH /api/v1/teams/{id}': {
    may: has('people.manage'), over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await ctx.factory.team(orgRelation(ctx));
      return { method: 'PATCH', url: `/api/v1/teams/${id}`, body: { version: 1, name: ctx.unique('改名小组') }, targets: [id] };
    },
  },
  'GET /api/v1/regions': { may: has('people.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/regions' }) },
  'POST /api/v1/regions': {
    may: has('people.manage'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/regions', body: { name: ctx.unique('新区域') } }),
  },
  'PATCH /api/v1/regions/{id}': {
    may: has('people.manage'), over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await ctx.factory.region(orgRelation(ctx));
      return { method: 'PATCH', url: `/api/v1/regions/${id}`, body: { name: ctx.unique('改名区域') }, targets: [id] };
    },
  },
  // Always the caller's own organisation: there is no id to name another.
  'GET /api/v1/organisation': { may: has('people.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/organisation' }) },
  'PATCH /api/v1/organisation': {
    may: has('people.manage'), over: 'none', ok: 200,
    request: (ctx) => ({ method: 'PATCH', url: '/api/v1/organisation', body: { name: ctx.unique('改名公司') } }),
  },
  'GET /api/v1/api-tokens': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/api-tokens' }) },
  // Through a token only tokens.manage may mint more (a signed-in browser always may: see the session test).
  'POST /api/v1/api-tokens': {
    may: has('tokens.manage'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/api-tokens', body: { name: ctx.unique('集成'), permissions: ['crm.read'] } }),
  },
  'POST /api/v1/api-tokens/{id}/revoke': {
    may: signedIn, over: 'token', ok: 200,
    request: async (ctx) => {
      const relation = ctx.relation as TokenRelation;
      const owner = relation === 'callersOwn' ? (ctx.caller.person ?? 'repEast1') : tokenOwner[relation];
      const { id } = await ctx.factory.token(owner, ['crm.read']);
      return { method: 'POST', url: `/api/v1/api-tokens/${id}/revoke`, targets: [id] };
    },
  },

  // ——— audit ———
  'GET /api/v1/audit': { may: has('audit.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/audit' }) },
  'GET /api/v1/audit/verify': { may: adminWith('audit.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/audit/verify' }) },
  'GET /api/v1/audit/head': { may: adminWith('audit.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/audit/head' }) },

  // ——— background work ———
  'GET /api/v1/admin/dead-letters': { may: adminWith('audit.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/admin/dead-letters' }) },
  'POST /api/v1/admin/dead-letters/{id}/retry': {
    may: adminWith('audit.read'), over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await deadTimer(ctx);
      return { method: 'POST', url: `/api/v1/admin/dead-letters/${id}/retry`, targets: [id] };
    },
    check: (body) => expect(body).toMatchObject({ status: 'resolved' }),
  },

  // ——— notifications: an inbox is its recipient's alone; robots and test messages are set up by admins ———
  'GET /api/v1/notifications': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/notifications' }) },
  'GET /api/v1/notifications/unread-count': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/notifications/unread-count' }) },
  'POST /api/v1/notifications/{id}/read': {
    may: signedIn, over: 'org', ok: 200,
    request: async (ctx) => {
      const id = await inboxNotification(ctx);
      return { method: 'POST', url: `/api/v1/notifications/${id}/read`, targets: [id] };
    },
    check: (body) => expect(body).toMatchObject({ readAt: expect.any(String) }),
  },
  'POST /api/v1/notifications/read-all': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }) },
  'GET /api/v1/notifications/stream': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/notifications/stream', stream: true }) },
  'GET /api/v1/notifications/preferences': { may: signedIn, over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/notifications/preferences' }) },
  'PUT /api/v1/notifications/preferences': {
    may: signedIn, over: 'none', ok: 200,
    request: () => ({ method: 'PUT', url: '/api/v1/notifications/preferences', body: { channels: { 'import.finished': [] }, quietHours: { start: '22:00', end: '08:00' } } }),
  },
  'GET /api/v1/admin/robots': { may: adminWith('tokens.manage'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/admin/robots' }) },
  'POST /api/v1/admin/robots': {
    may: adminWith('tokens.manage'), over: 'none', ok: 201,
    request: (ctx) => ({
      method: 'POST', url: '/api/v1/admin/robots',
      body: { kind: 'wecom', name: ctx.unique('销售群'), webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7a1c-4bc4-97a0-0ec2f1fa5aaa' },
    }),
    check: (body) => expect(JSON.stringify(body)).not.toContain('0ec2f1fa5aaa'),
  },
  'DELETE /api/v1/admin/robots/{id}': {
    may: adminWith('tokens.manage'), over: 'org', ok: 204,
    request: async (ctx) => {
      const id = await robotOf(ctx);
      return { method: 'DELETE', url: `/api/v1/admin/robots/${id}`, targets: [id] };
    },
  },
  'POST /api/v1/admin/notifications/test': {
    may: adminWith('tokens.manage'), over: 'none', ok: 200, request: () => ({ method: 'POST', url: '/api/v1/admin/notifications/test', body: {} }),
  },

  // ——— webhooks: set up by admins, each organisation's to itself ———
  'GET /api/v1/admin/webhooks': { may: adminWith('tokens.manage'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/admin/webhooks' }) },
  'GET /api/v1/admin/webhooks/event-types': {
    may: adminWith('tokens.manage'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/admin/webhooks/event-types' }),
  },
  'POST /api/v1/admin/webhooks': {
    may: adminWith('tokens.manage'), over: 'none', ok: 201,
    request: async (ctx) => {
      // An organisation may have 20 webhooks: the ones earlier rows made are retired first (before the fingerprint).
      await ctx.world.database.db.updateTable('webhooks').set({ deleted_at: ctx.world.clock.now().toISOString() }).where('deleted_at', 'is', null).execute();
      return { method: 'POST', url: '/api/v1/admin/webhooks', body: { url: 'https://erp.example.cn/closeloop/events', eventTypes: ['lead.created'], description: ctx.unique('ERP') } };
    },
    check: (body) => expect(body).toMatchObject({ secret: expect.stringMatching(/^whsec_/), eventTypes: ['lead.created'] }),
  },
  'GET /api/v1/admin/webhooks/{id}': { may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhook('GET', '') },
  'PATCH /api/v1/admin/webhooks/{id}': {
    may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhook('PATCH', '', (ctx) => ({ version: 1, description: ctx.unique('改名') })),
  },
  'DELETE /api/v1/admin/webhooks/{id}': { may: adminWith('tokens.manage'), over: 'org', ok: 204, request: onWebhook('DELETE', '') },
  'POST /api/v1/admin/webhooks/{id}/rotate-secret': {
    may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhook('POST', '/rotate-secret'),
    check: (body) => expect(body).toMatchObject({ secret: expect.stringMatching(/^whsec_/), version: 2 }),
  },
  'POST /api/v1/admin/webhooks/{id}/test': {
    may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhook('POST', '/test'),
    check: (body) => expect(body).toMatchObject({ eventType: 'webhook.ping', status: 'failed', lastError: expect.stringContaining('refused') }),
  },
  'GET /api/v1/admin/webhooks/{id}/deliveries': { may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhook('GET', '/deliveries') },
  'GET /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}': { may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhookDelivery('GET', '') },
  'POST /api/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    may: adminWith('tokens.manage'), over: 'org', ok: 200, request: onWebhookDelivery('POST', '/redeliver'),
    check: (body) => expect(body).toMatchObject({ status: 'pending', attempts: 9, lastError: expect.stringContaining('refused') }),
  },

  // ——— saved views: each person's own, whatever their role ———
  'GET /api/v1/saved-views': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/saved-views?list=leads' }) },
  'POST /api/v1/saved-views': {
    may: has('crm.read'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/saved-views', body: { list: 'customers', name: ctx.unique('视图'), query: { industry: 'retail', sort: 'name:asc' } } }),
  },
  'DELETE /api/v1/saved-views/{id}': {
    may: has('crm.read'), over: 'personal', ok: 204,
    request: async (ctx) => {
      const id = await savedViewOf(ctx);
      return { method: 'DELETE', url: `/api/v1/saved-views/${id}`, targets: [id] };
    },
  },

  // ——— the lead steward: everyone reads the rules and the script library, admins change them (see talk-tracks.test.ts) ———
  'GET /api/v1/steward/settings': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/steward/settings' }) },
  'PATCH /api/v1/steward/settings': {
    may: has('steward.manage'), over: 'none', ok: 200,
    request: async (ctx) => ({ method: 'PATCH', url: '/api/v1/steward/settings', body: await stewardSettingsChange(ctx) }),
  },
  'GET /api/v1/talk-tracks': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/talk-tracks?locale=zh-CN' }) },
  'POST /api/v1/talk-tracks': {
    may: has('steward.manage'), over: 'none', ok: 201,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/talk-tracks', body: { title: ctx.unique('话术'), body: '您好……', locale: 'zh-CN', industries: ['retail'] } }),
  },
  'PATCH /api/v1/talk-tracks/{id}': { may: has('steward.manage'), over: 'org', ok: 200, request: onTalkTrack('', (ctx) => ({ version: 1, title: ctx.unique('改名') })) },
  'POST /api/v1/talk-tracks/{id}/archive': { may: has('steward.manage'), over: 'org', ok: 200, request: onTalkTrack('/archive', () => ({ version: 1 })) },
  'POST /api/v1/talk-tracks/{id}/restore': { may: has('steward.manage'), over: 'org', ok: 200, request: onTalkTrack('/restore', () => ({ version: 1 }), 'archived') },
  'POST /api/v1/talk-tracks/starter-library': {
    may: has('steward.manage'), over: 'none', ok: 200, request: () => ({ method: 'POST', url: '/api/v1/talk-tracks/starter-library' }),
  },
  // A mark names the lead in its body: the lead must be in the caller's scope, the script in the caller's organisation.
  'POST /api/v1/talk-tracks/{id}/feedback': {
    may: has('crm.write'), over: 'crm', ok: 200,
    request: async (ctx) => {
      const leadId = crmId(ctx, 'leads');
      const trackId = await talkTrackOf(ctx, ctx.relation === 'otherOrg' ? 'otherOrg' : 'mainOrg');
      return { method: 'POST', url: `/api/v1/talk-tracks/${trackId}/feedback`, body: { leadId, kind: 'helpful' }, targets: [leadId] };
    },
  },
  'GET /api/v1/leads/{id}/talk-tracks': { may: has('crm.read'), over: 'crm', ok: 200, request: onRecord('leads', 'GET', '/talk-tracks') },

  // ——— screening cards and silence alerts: seen and completed through their lead (see screening.test.ts, silence.test.ts) ———
  'GET /api/v1/leads/{id}/screening-card': { may: has('crm.read'), over: 'crm', ok: 200, request: onRecord('leads', 'GET', '/screening-card') },
  'PUT /api/v1/leads/{id}/screening-card': {
    may: has('crm.write'), over: 'crm', ok: 200,
    request: async (ctx) => {
      // A fresh lead each time: a completed card would answer the next caller's version 0 with 409.
      const id = await ctx.factory.lead(ctx.relation as CrmRelation);
      return { method: 'PUT', url: `/api/v1/leads/${id}/screening-card`, body: { version: 0, intentLevel: 'hot', intentTags: ['急需'] }, targets: [id] };
    },
  },
  'GET /api/v1/screening-cards': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/screening-cards?status=open' }) },
  'GET /api/v1/silence-alerts': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/silence-alerts?status=all' }) },
  'GET /api/v1/silence-alerts/{id}': {
    may: has('crm.read'), over: 'crm', ok: 200,
    request: async (ctx) => {
      const id = await silenceAlertOf(ctx);
      return { method: 'GET', url: `/api/v1/silence-alerts/${id}`, targets: [id] };
    },
  },

  // ——— import and export ———
  'POST /api/v1/imports/customers': {
    may: has('crm.import'), over: 'none', ok: 200,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/imports/customers', upload: csvUpload(`客户名称,行业\n${ctx.unique('导入客户')},零售\n`) }),
    check: (body) => expect(body).toMatchObject({ created: 1, failed: 0 }),
  },
  'POST /api/v1/imports/leads': {
    may: has('crm.import'), over: 'none', ok: 200,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/imports/leads', upload: csvUpload(`姓名\n${ctx.unique('导入线索')}\n`) }),
    check: (body) => expect(body).toMatchObject({ created: 1, failed: 0 }),
  },
  'GET /api/v1/imports/customers/template': {
    may: has('crm.import'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/imports/customers/template?format=csv' }),
  },
  'GET /api/v1/imports/leads/template': {
    may: has('crm.import'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/imports/leads/template?format=csv' }),
  },
  ...exportRoute('customers'),
  ...exportRoute('leads'),
  ...exportRoute('contacts'),
  ...exportRoute('activities'),
  ...exportRoute('products'),

  // ——— the team board: managers, ops and admins (not reps), counted within the caller's scope (see dashboard.test.ts) ———
  'GET /api/v1/dashboard/pipeline': {
    may: has('reports.read', 'crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/dashboard/pipeline' }),
  },

  // ——— weekly lead health and the steward figures: a rep their own, a manager their teams' reps, ops and admins all (see lead-health.test.ts) ———
  'GET /api/v1/lead-health/reports': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/lead-health/reports' }) },
  'GET /api/v1/lead-health/reports/export.xlsx': {
    may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/lead-health/reports/export.xlsx' }),
  },
  'GET /api/v1/lead-health/reports/{id}': {
    may: has('crm.read'), over: 'reps', ok: 200,
    request: async (ctx) => {
      const id = await repReportOf(ctx);
      return { method: 'GET', url: `/api/v1/lead-health/reports/${id}`, targets: [id] };
    },
  },
  'GET /api/v1/lead-health/current': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/lead-health/current' }) },
  'GET /api/v1/steward/figures': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/steward/figures?level=rep' }) },
  ...contractRoutes,
  // ——— live sales figures and the daily flash report (B5): figures for every reader of the documents (a rep their own, counted
  // within scope), the flash with reports.read, counted within the caller's scope (see sales-figures.test.ts, flash-report.test.ts) ———
  'GET /api/v1/figures/sales': { may: has('crm.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/figures/sales?from=2026-11-01&to=2026-11-02' }) },
  'GET /api/v1/flash-reports/{day}': { may: has('reports.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/flash-reports/2026-11-01' }) },
  'GET /api/v1/flash-reports/{day}/xlsx': { may: has('reports.read'), over: 'none', ok: 200, request: () => ({ method: 'GET', url: '/api/v1/flash-reports/2026-11-01/xlsx' }) },
  ...paidDocumentRoutes,
  ...commissionRoutes,
};

function relationsOf(over: RouteRule['over']): readonly string[] {
  switch (over) {
    case 'none':
      return ['-'];
    case 'crm':
      return crmRelations;
    case 'org':
      return orgRelations;
    case 'token':
    case 'personal':
      return tokenRelations;
    case 'reps':
      return Object.keys(repReports);
  }
}

function visible(over: RouteRule['over'], caller: CallerModel, relation: string): boolean {
  switch (over) {
    case 'none':
      return true;
    case 'crm':
      return caller.person !== null && crmSeenBy[relation as CrmRelation].includes(caller.person);
    case 'org':
      return (relation === 'mainOrg') === (caller.org === 'main');
    case 'token': {
      if (relation === 'callersOwn') return true;
      const owner = tokenOwner[relation as Exclude<TokenRelation, 'callersOwn'>];
      return owner === caller.person || (caller.permissions.has('tokens.manage') && orgOf(owner) === caller.org);
    }
    case 'personal':
      return relation === 'callersOwn' || tokenOwner[relation as Exclude<TokenRelation, 'callersOwn'>] === caller.person;
    case 'reps': {
      const rep = repReports[relation as RepRelation];
      return caller.person === rep || (caller.person !== null && caller.permissions.has('reports.read') && repReportSeenBy[relation as RepRelation].includes(caller.person));
    }
  }
}

function expectedOutcome(rule: RouteRule, caller: CallerModel, relation: string): Outcome {
  if (rule.public) return 'allowed';
  if (caller.person === null) return 'unauthenticated';
  if (!rule.may(caller)) return 'forbidden';
  return visible(rule.over, caller, relation) ? 'allowed' : 'hidden';
}

const refusals: Record<Exclude<Outcome, 'allowed'>, { status: number; code: string }> = {
  forbidden: { status: 403, code: 'FORBIDDEN' },
  hidden: { status: 404, code: 'NOT_FOUND' },
  unauthenticated: { status: 401, code: 'UNAUTHENTICATED' },
};

const refusalOf = (rule: RouteRule, outcome: Exclude<Outcome, 'allowed'>) =>
  outcome === 'hidden' && rule.hiddenReference ? rule.hiddenReference : refusals[outcome];

const errorCodeOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

describe.each(dialects)('authorisation matrix on %s', (dialect) => {
  let world: TestWorld;
  let factory: RecordFactory;
  let seed: Seed;
  const narrowedSecrets = {} as Record<keyof typeof narrowedTokens, string>;
  let serial = 0;
  const unique = (label: string) => `${marker} ${label} ${(serial += 1)}`;

  beforeAll(async () => {
    world = await createWorld(dialect, { config: { AUDIT_SIGNING_KEY: 'matrix-test-signing-key-0123456789' } });
    factory = new RecordFactory(world);
    seed = await seedRelations(factory);
    for (const [name, person] of Object.entries(narrowedTokens)) {
      narrowedSecrets[name as keyof typeof narrowedTokens] = (await factory.token(person, ['crm.read'])).secret;
    }
  });
  afterAll(() => world.close());

  const headersOf = (caller: Caller): Record<string, string> => {
    if (caller === 'anonymous') return {};
    if (caller in narrowedTokens) return { authorization: `Bearer ${narrowedSecrets[caller as keyof typeof narrowedTokens]}` };
    return world.as(caller as Person);
  };

  const send = (built: Built, headers: Record<string, string>) =>
    built.stream ? injectEventStream(world.app, built.url, headers) : world.app.inject({
      method: built.method,
      url: built.url,
      headers: { ...headers, ...(built.upload ? { 'content-type': built.upload.contentType } : {}) },
      ...(built.upload ? { payload: built.upload.payload } : built.body !== undefined ? { payload: built.body as object } : {}),
    });

  /**
   * Runs one route over every caller and relation; returns every mismatch, described. Every caller's refused cases go
   * first, all between two fingerprints of the whole database (requests are built before, as building may add rows);
   * then each caller's allowed cases, built when they run, as an allowed write may change what the next one needs.
   * Two fingerprints per route rather than two per caller: reading the whole database is most of the matrix's time.
   */
  async function runRoute(key: string, rule: RouteRule): Promise<string[]> {
    const failures: string[] = [];
    const names = rule.public ? (['anonymous'] as Caller[]) : callers;
    const refused: Array<{ name: Caller; relation: string; built: Built; expected: Exclude<Outcome, 'allowed'> }> = [];
    for (const name of names) {
      const caller = callerModel(name);
      for (const relation of relationsOf(rule.over)) {
        const expected = expectedOutcome(rule, caller, relation);
        if (expected === 'allowed') continue;
        refused.push({ name, relation, expected, built: await rule.request({ world, seed, factory, caller, relation, unique }) });
      }
    }
    if (refused.length > 0) {
      const before = await databaseFingerprint(world);
      for (const { name, relation, built, expected } of refused) {
        const res = await send(built, headersOf(name));
        const want = refusalOf(rule, expected);
        if (res.statusCode !== want.status || errorCodeOf(res.body) !== want.code) {
          failures.push(`${key} as ${name} on ${relation}: expected ${expected} (${want.status} ${want.code}), got ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
      const after = await databaseFingerprint(world);
      const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (changed.length > 0) failures.push(`${key}: refused (${refused.map((c) => `${c.name} on ${c.relation}`).join(', ')}), but changed ${changed.join(', ')}`);
    }
    for (const name of names) {
      const caller = callerModel(name);
      const allowed = [];
      for (const relation of relationsOf(rule.over)) {
        if (expectedOutcome(rule, caller, relation) === 'allowed') allowed.push({ relation, built: await rule.request({ world, seed, factory, caller, relation, unique }) });
      }
      for (const { relation, built } of allowed) {
        const res = await send(built, headersOf(name));
        const where = `${key} as ${name} on ${relation}`;
        if (res.statusCode !== rule.ok) failures.push(`${where}: expected ${rule.ok}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
        else if (rule.check) {
          try {
            rule.check(res.json());
          } catch (error) {
            failures.push(`${where}: ${(error as Error).message.slice(0, 300)}`);
          }
        }
      }
    }
    return failures;
  }

  it('fingerprints the database so that a changed, added or deleted row shows in its table, and a session seen again does not', async () => {
    const customer = seed.customers[crmRelations[0]!]!;
    const changedBy = async (write: () => Promise<unknown>) => {
      const before = await databaseFingerprint(world);
      await write();
      const after = await databaseFingerprint(world);
      return Object.keys(after).filter((table) => after[table] !== before[table]);
    };
    const db = world.database.db;
    expect(await changedBy(() => db.updateTable('sessions').set({ last_seen_at: '2031-01-01T00:00:00.000Z' }).execute())).toEqual([]);
    expect(await changedBy(() => db.updateTable('customers').set({ address: 'fingerprint check' }).where('id', '=', customer).execute())).toEqual(['customers']);
    const whole = await db.selectFrom('customers').selectAll().where('id', '=', customer).executeTakeFirstOrThrow();
    expect(await changedBy(() => db.insertInto('customers').values({ ...whole, id: 'fingerprint-check', name: 'fingerprint check' }).execute())).toEqual(['customers']);
    expect(await changedBy(() => db.deleteFrom('customers').where('id', '=', 'fingerprint-check').execute())).toEqual(['customers']);
  });

  it('has a row for every /api/v1 route in the OpenAPI document, and none for a route that is gone', async () => {
    const served = (await operationsOf(world)).filter((op) => op.path.startsWith('/api/v1/')).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(served.filter((key) => !(key in matrix)), 'routes nobody has classified in the authorisation matrix').toEqual([]);
    expect(Object.keys(matrix).filter((key) => !served.includes(key)), 'matrix rows for routes that are not served').toEqual([]);
  });

  describe('lists, search and exports show exactly the records in scope', () => {
    const visibleIds = (kind: CrmKind, person: Person) =>
      crmRelations.filter((r) => crmSeenBy[r].includes(person)).map((r) => seed[kind][r]).sort();

    it.each(['customers', 'leads', 'contacts', 'activities'] as const)('lists %s to each person within their scope only', async (kind) => {
      for (const person of people) {
        const res = await world.app.inject({ method: 'GET', url: `/api/v1/${kind}?limit=200&status=all`, headers: world.as(person) });
        expect(res.statusCode, `${kind} as ${person}`).toBe(200);
        const ids = (res.json().items as Array<{ id: string }>).map((i) => i.id).sort();
        expect(ids, `${kind} listed to ${person}`).toEqual(visibleIds(kind, person));
      }
    });

    it.each(['customers', 'leads', 'contacts'] as const)('finds only in-scope %s by search, and nothing out of scope by its exact name', async (kind) => {
      const names = Object.fromEntries(
        await Promise.all(crmRelations.map(async (r) => [r, (await world.database.db.selectFrom(kind).select('name').where('id', '=', seed[kind][r]).executeTakeFirstOrThrow()).name] as const)),
      ) as Record<CrmRelation, string>;
      for (const person of people) {
        const all = await world.app.inject({ method: 'GET', url: `/api/v1/${kind}?limit=200&q=${encodeURIComponent(marker)}`, headers: world.as(person) });
        expect((all.json().items as Array<{ id: string }>).map((i) => i.id).sort(), `${kind} search as ${person}`).toEqual(visibleIds(kind, person));
        for (const relation of crmRelations) {
          const exact = await world.app.inject({ method: 'GET', url: `/api/v1/${kind}?q=${encodeURIComponent(names[relation])}`, headers: world.as(person) });
          const found = (exact.json().items as Array<{ id: string }>).map((i) => i.id);
          expect(found, `${kind} "${names[relation]}" searched by ${person}`).toEqual(crmSeenBy[relation].includes(person) ? [seed[kind][relation]] : []);
        }
      }
    });

    it.each(['customers', 'leads', 'contacts', 'activities'] as const)('exports %s to each person within their scope only', async (kind) => {
      for (const person of people) {
        const res = await world.app.inject({ method: 'GET', url: `/api/v1/exports/${kind}?format=csv&status=all`, headers: { ...world.as(person), 'accept-language': 'en' } });
        expect(res.statusCode, `export ${kind} as ${person}`).toBe(200);
        const [header, ...rows] = parseCsv(res.body).filter((r) => r.some((cell) => cell !== ''));
        const idColumn = header!.indexOf('ID');
        expect(idColumn, 'the export has an ID column').toBeGreaterThanOrEqual(0);
        expect(rows.map((r) => r[idColumn]).sort(), `${kind} exported to ${person}`).toEqual(visibleIds(kind, person));
      }
    });

    it('keeps each organisation\'s catalog and directory to itself', async () => {
      const mainPeople = Object.entries(world.ids).filter(([p]) => !p.startsWith('otherOrg')).map(([, id]) => id);
      const otherPeople = [world.ids.otherOrgAdmin, world.ids.otherOrgRep];
      for (const [person, own, foreign] of [['repEast1', 'mainOrg', 'otherOrg'], ['otherOrgRep', 'otherOrg', 'mainOrg']] as const) {
        const headers = world.as(person);
        const products = (await world.app.inject({ method: 'GET', url: '/api/v1/products?limit=200', headers })).json().items.map((p: { id: string }) => p.id);
        expect(products).toEqual([seed.products[own]]);
        const policies = (await world.app.inject({ method: 'GET', url: '/api/v1/price-policies?limit=200', headers })).json().items.map((p: { id: string }) => p.id);
        expect(policies).toEqual([seed.pricePolicies[own]]);
        expect(policies).not.toContain(seed.pricePolicies[foreign]);
        const users = (await world.app.inject({ method: 'GET', url: '/api/v1/users?limit=200', headers })).json().items.map((u: { id: string }) => u.id).sort();
        expect(users).toEqual((own === 'mainOrg' ? mainPeople : otherPeople).sort());
        const teams = (await world.app.inject({ method: 'GET', url: '/api/v1/teams', headers })).json().items.map((t: { id: string }) => t.id);
        expect(teams.sort()).toEqual(own === 'mainOrg' ? Object.values(world.teams).sort() : []);
        const regions = (await world.app.inject({ method: 'GET', url: '/api/v1/regions', headers })).json().items.map((r: { id: string }) => r.id);
        expect(regions.sort()).toEqual(own === 'mainOrg' ? Object.values(world.regions).sort() : []);
        const exported = await world.app.inject({ method: 'GET', url: '/api/v1/exports/products?format=csv', headers: { ...headers, 'accept-language': 'en' } });
        const [header, ...rows] = parseCsv(exported.body).filter((r) => r.some((cell) => cell !== ''));
        expect(rows.map((r) => r[header!.indexOf('ID')])).toEqual([seed.products[own]]);
      }
    });

    it('shows a person only their own API tokens, and an admin only their organisation\'s', async () => {
      const ownerOf = async (person: Person) =>
        new Set(((await world.app.inject({ method: 'GET', url: '/api/v1/api-tokens?limit=200', headers: world.as(person) })).json().items as Array<{ userId: string }>).map((t) => t.userId));
      expect([...(await ownerOf('repEast1'))]).toEqual([world.ids.repEast1]);
      expect(await ownerOf('admin')).toEqual(new Set(people.filter((p) => !p.startsWith('otherOrg')).map((p) => world.ids[p])));
      expect(await ownerOf('otherOrgAdmin')).toEqual(new Set([world.ids.otherOrgAdmin, world.ids.otherOrgRep]));
      const peek = await world.app.inject({ method: 'GET', url: `/api/v1/api-tokens?userId=${world.ids.repEast1b}`, headers: world.as('repEast1') });
      expect(peek.statusCode).toBe(403);
    });
  });

  it.each(Object.keys(matrix))('%s answers every caller and relation as the matrix says', async (key) => {
    const failures = await runRoute(key, matrix[key]!);
    expect(failures).toEqual([]);
  }, 120_000);

  it('lists receipts, purchase orders and shipping notes to each person within their scope only', async () => {
    const documents = new PaidDocumentFactory(world);
    for (const relation of crmRelations) {
      await documents.receipt(seed.customers[relation], 'registered');
      await documents.purchaseOrder(seed.customers[relation], 'placed');
      await documents.shipment(seed.customers[relation], 'planned');
    }
    const mismatches: string[] = [];
    for (const person of people) {
      for (const kind of ['receipts', 'purchase-orders', 'shipments'] as const) {
        for (const relation of crmRelations) {
          const res = await world.app.inject({ method: 'GET', url: `/api/v1/${kind}?limit=200&customerId=${seed.customers[relation]}`, headers: world.as(person) });
          const items = res.json().items as Array<{ customerId: string }>;
          const seen = crmSeenBy[relation].includes(person);
          if (res.statusCode !== 200 || (items.length > 0) !== seen || items.some((i) => i.customerId !== seed.customers[relation])) {
            mismatches.push(`${kind} of ${relation} listed to ${person}: ${res.statusCode}, ${items.length} items, expected ${seen ? 'some' : 'none'}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('answers an out-of-scope id exactly as an id that does not exist', async () => {
    const mismatches: string[] = [];
    for (const [key, rule] of Object.entries(matrix)) {
      if (rule.over === 'none') continue;
      for (const name of ['repEast1', 'managerEast', 'whitelisted', 'admin', 'otherOrgAdmin'] as const) {
        const caller = callerModel(name);
        if (!rule.may(caller)) continue;
        for (const relation of relationsOf(rule.over).filter((r) => !visible(rule.over, caller, r))) {
          const built = await rule.request({ world, seed, factory, caller, relation, unique });
          const missing = JSON.parse(
            (built.targets ?? []).reduce((text, id, i) => text.split(id).join(`no-such-record-${i}`), JSON.stringify({ url: built.url, body: built.body })),
          ) as { url: string; body?: unknown };
          const hidden = await send(built, world.as(name));
          const absent = await send({ ...built, ...missing }, world.as(name));
          if (hidden.statusCode !== absent.statusCode || hidden.body !== absent.body) {
            mismatches.push(`${key} as ${name} on ${relation}: ${hidden.statusCode} ${hidden.body} vs unknown id ${absent.statusCode} ${absent.body}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('answers a hidden record named in a body or a filter exactly as an unknown one, and writes nothing', async () => {
    const otherRegion = await factory.region('otherOrg');
    const otherTeam = await factory.team('otherOrg');
    const colleague = await factory.user('mainOrg');
    const c = seed.customers;
    const l = seed.leads;
    const version = (table: Parameters<RecordFactory['versionOf']>[0], id: string) => () => factory.versionOf(table, id);
    const users = world.ids;
    // who asks, what, and the reference the caller must not be able to reach (out of scope, or in the other organisation)
    const probes: Array<{ who: Person; method: Method; url: (ref: string) => string; body?: (ref: string, v: number) => unknown; version?: () => Promise<number>; ref: string }> = [
      { who: 'repEast1', method: 'PATCH', url: () => `/api/v1/leads/${l.east1}`, version: version('leads', l.east1), body: (ref, v) => ({ version: v, customerId: ref }), ref: c.north },
      { who: 'managerEast', method: 'PATCH', url: () => `/api/v1/leads/${l.east2}`, version: version('leads', l.east2), body: (ref, v) => ({ version: v, customerId: ref }), ref: c.eastManufacturing },
      { who: 'repEast1', method: 'PATCH', url: () => `/api/v1/contacts/${seed.contacts.east1}`, version: version('contacts', seed.contacts.east1), body: (ref, v) => ({ version: v, customerId: ref }), ref: c.east1b },
      { who: 'whitelisted', method: 'POST', url: () => '/api/v1/contacts', body: (ref) => ({ customerId: ref, name: '王建国' }), ref: c.north },
      { who: 'repEast1', method: 'POST', url: () => '/api/v1/activities', body: (ref) => ({ kind: 'call', leadId: l.east1, customerId: ref }), ref: c.east2 },
      { who: 'whitelisted', method: 'POST', url: () => '/api/v1/activities', body: (ref) => ({ kind: 'visit', leadId: ref }), ref: l.east1 },
      { who: 'repEast1', method: 'PATCH', url: () => `/api/v1/customers/${c.east1}`, version: version('customers', c.east1), body: (ref, v) => ({ version: v, ownerId: ref }), ref: users.repEast1b },
      { who: 'managerEast', method: 'PATCH', url: () => `/api/v1/customers/${c.east2}`, version: version('customers', c.east2), body: (ref, v) => ({ version: v, ownerId: ref }), ref: users.repNorth },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/customers/${c.east1}`, version: version('customers', c.east1), body: (ref, v) => ({ version: v, ownerId: ref }), ref: users.otherOrgRep },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/customers/${c.east1}`, version: version('customers', c.east1), body: (ref, v) => ({ version: v, regionId: ref }), ref: otherRegion },
      { who: 'admin', method: 'POST', url: () => '/api/v1/leads', body: (ref) => ({ name: '李明', regionId: ref }), ref: otherRegion },
      { who: 'managerEast', method: 'POST', url: () => '/api/v1/leads', body: (ref) => ({ name: '李明', ownerId: ref }), ref: users.whitelisted },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/price-policies/${seed.pricePolicies.mainOrg}`, version: version('price_policies', seed.pricePolicies.mainOrg), body: (ref, v) => ({ version: v, productId: ref }), ref: seed.products.otherOrg },
      { who: 'admin', method: 'POST', url: () => '/api/v1/teams', body: (ref) => ({ name: '跨公司小组', parentId: ref }), ref: otherTeam },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/teams/${world.teams.east1}`, version: version('teams', world.teams.east1), body: (ref, v) => ({ version: v, leaderId: ref }), ref: users.otherOrgAdmin },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/teams/${world.teams.east1}`, version: version('teams', world.teams.east1), body: (ref, v) => ({ version: v, regionId: ref }), ref: otherRegion },
      { who: 'admin', method: 'POST', url: () => '/api/v1/regions', body: (ref) => ({ name: '跨公司区域', parentId: ref }), ref: otherRegion },
      { who: 'admin', method: 'POST', url: () => '/api/v1/users', body: (ref) => ({ name: '陈静', email: 'chen.jing@test.closeloop.cn', role: 'rep', teamId: ref, password: 'a-long-passphrase' }), ref: otherTeam },
      { who: 'admin', method: 'PATCH', url: () => `/api/v1/users/${colleague}`, version: version('users', colleague), body: (ref, v) => ({ version: v, teamId: ref }), ref: otherTeam },
      {
        who: 'admin', method: 'PATCH', url: () => `/api/v1/users/${colleague}`, version: version('users', colleague),
        body: (ref, v) => ({ version: v, dataScope: 'whitelist', whitelist: { regionIds: [ref], industries: ['retail'] } }), ref: otherRegion,
      },
      { who: 'repEast1', method: 'GET', url: (ref) => `/api/v1/contacts?customerId=${ref}`, ref: c.east1b },
      { who: 'repEast1', method: 'GET', url: (ref) => `/api/v1/leads?customerId=${ref}`, ref: c.east1b },
      { who: 'repEast1', method: 'GET', url: (ref) => `/api/v1/activities?leadId=${ref}`, ref: l.east1b },
      { who: 'whitelisted', method: 'GET', url: (ref) => `/api/v1/activities?customerId=${ref}`, ref: c.north },
      { who: 'managerEast', method: 'GET', url: (ref) => `/api/v1/exports/contacts?format=csv&customerId=${ref}`, ref: c.north },
      { who: 'ops', method: 'GET', url: (ref) => `/api/v1/audit?entityId=${ref}`, ref: c.otherOrg },
      { who: 'admin', method: 'GET', url: (ref) => `/api/v1/api-tokens?userId=${ref}`, ref: users.otherOrgRep },
      { who: 'admin', method: 'GET', url: (ref) => `/api/v1/users?teamId=${ref}`, ref: otherTeam },
    ];
    const mismatches: string[] = [];
    for (const probe of probes) {
      const ask = async (ref: string) => {
        const body = probe.body?.(ref, probe.version ? await probe.version() : 0);
        return world.app.inject({ method: probe.method, url: probe.url(ref), headers: world.as(probe.who), ...(body ? { payload: body as object } : {}) });
      };
      const where = `${probe.method} ${probe.url(probe.ref)} as ${probe.who}`;
      const before = await databaseFingerprint(world);
      const hidden = await ask(probe.ref);
      const changed = Object.entries(await databaseFingerprint(world)).filter(([table, digest]) => before[table] !== digest).map(([table]) => table);
      const unknown = await ask('no-such-record');
      if (probe.method !== 'GET' && hidden.statusCode < 400) mismatches.push(`${where}: accepted (${hidden.statusCode})`);
      if (probe.method !== 'GET' && changed.length > 0) mismatches.push(`${where}: changed ${changed.join(', ')}`);
      if (hidden.statusCode !== unknown.statusCode || hidden.body !== unknown.body.replaceAll('no-such-record', probe.ref)) {
        mismatches.push(`${where}: ${hidden.statusCode} ${hidden.body.slice(0, 200)} vs unknown ${unknown.statusCode} ${unknown.body.slice(0, 200)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses to merge a record the caller cannot see into one they can, and changes nothing', async () => {
    const mergers = people.filter((p) => callerModel(p).permissions.has('crm.merge'));
    expect(mergers.length).toBeGreaterThan(2);
    for (const person of mergers) {
      for (const kind of ['customers', 'leads'] as const) {
        for (const relation of crmRelations.filter((r) => !crmSeenBy[r].includes(person))) {
          const survivor = kind === 'customers' ? await factory.customer(relation, person) : await factory.lead(relation, person);
          const source = kind === 'customers' ? await factory.customer(relation) : await factory.lead(relation);
          const before = await databaseFingerprint(world);
          const res = await world.app.inject({ method: 'POST', url: `/api/v1/${kind}/${survivor}/merge`, headers: world.as(person), payload: { sourceIds: [source] } });
          expect(res.statusCode, `${person} merging a ${relation} ${kind}`).toBe(404);
          expect(res.json().error.code).toBe('NOT_FOUND');
          expect(await databaseFingerprint(world)).toEqual(before);
        }
      }
    }
  }, 120_000);

  it('lets an import hand records only to people within the importer\'s reach, and names no hidden duplicate', async () => {
    const northName = (await world.database.db.selectFrom('customers').select('name').where('id', '=', seed.customers.north).executeTakeFirstOrThrow()).name;
    const csv = [
      '客户名称,行业,负责人邮箱',
      `${marker} 导入 给北区,零售,repnorth@test.closeloop.cn`,
      `${marker} 导入 给别的公司,零售,otherorgrep@test.closeloop.cn`,
      `${marker} 导入 给自己组,零售,repeast2@test.closeloop.cn`,
      `${northName},制造业,`,
    ].join('\n');
    const upload = csvUpload(csv);
    const res = await world.app.inject({
      method: 'POST', url: '/api/v1/imports/customers', headers: { ...world.as('managerEast'), 'content-type': upload.contentType }, payload: upload.payload,
    });
    expect(res.statusCode).toBe(200);
    const summary = res.json() as { created: number; skipped: number; failed: number; errors: Array<{ row: number }>; duplicates: Array<{ row: number; existingId?: string }> };
    expect(summary.created).toBe(1);
    expect(summary.errors.map((e) => e.row).sort()).toEqual([2, 3]);
    expect(summary.duplicates).toHaveLength(1);
    expect(summary.duplicates[0]!.existingId).toBeUndefined();
    const owners = await world.database.db.selectFrom('customers').select('owner_id').where('name', 'like', `${marker} 导入 给%`).execute();
    expect(owners.map((o) => o.owner_id)).toEqual([world.ids.repEast2]);
  });

  it('refuses revoked, expired, malformed tokens and the tokens of a disabled person with 401, writing nothing', async () => {
    const now = world.clock.now().getTime();
    const disabled = await factory.user('mainOrg');
    const disabledToken = await factory.tokenOf(disabled, world.orgId, ['crm.read', 'crm.write']);
    await world.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled).execute();
    const secrets = {
      revoked: (await factory.token('repEast1', ['crm.read', 'crm.write'], { revokedAt: new Date(now - 60_000).toISOString() })).secret,
      expired: (await factory.token('repEast1', ['crm.read', 'crm.write'], { expiresAt: new Date(now - 1).toISOString() })).secret,
      disabledPerson: disabledToken.secret,
      unknown: `clk_abcdefgh_${'x'.repeat(43)}`,
      malformed: 'not-a-token',
    };
    const before = await databaseFingerprint(world);
    for (const [kind, secret] of Object.entries(secrets)) {
      const headers = { authorization: `Bearer ${secret}` };
      const read = await world.app.inject({ method: 'GET', url: `/api/v1/customers/${seed.customers.east1}`, headers });
      const write = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers, payload: { name: unique('过期令牌'), industry: 'retail' } });
      for (const res of [read, write]) {
        expect(res.statusCode, `${kind} token`).toBe(401);
        expect(res.json().error.code).toBe('UNAUTHENTICATED');
      }
    }
    expect(await databaseFingerprint(world)).toEqual(before);
  });

  it('requires the CSRF token on unsafe requests made with a session cookie', async () => {
    const login = await world.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: 'repeast1@test.closeloop.cn', password } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'cl_session')!;
    const csrfToken = login.json().csrfToken as string;
    const session = { cookie: `cl_session=${cookie.value}` };

    const me = await world.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(world.ids.repEast1);
    // A session reaches exactly as far as the person's token does.
    const listed = await world.app.inject({ method: 'GET', url: '/api/v1/customers?limit=200&status=all', headers: session });
    expect((listed.json().items as Array<{ id: string }>).map((c) => c.id)).toContain(seed.customers.east1);
    expect((listed.json().items as Array<{ id: string }>).map((c) => c.id)).not.toContain(seed.customers.east1b);

    const before = await databaseFingerprint(world);
    for (const headers of [session, { ...session, 'x-csrf-token': 'not-the-token' }]) {
      const create = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers, payload: { name: unique('会话客户'), industry: 'retail' } });
      expect(create.statusCode).toBe(403);
      expect(create.json().error.code).toBe('CSRF_MISMATCH');
      const version = await factory.versionOf('customers', seed.customers.east1);
      const patch = await world.app.inject({ method: 'PATCH', url: `/api/v1/customers/${seed.customers.east1}`, headers, payload: { version, city: '无锡' } });
      expect(patch.statusCode).toBe(403);
      expect(patch.json().error.code).toBe('CSRF_MISMATCH');
      const token = await world.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers, payload: { name: 'x', permissions: ['crm.read'] } });
      expect(token.json().error.code).toBe('CSRF_MISMATCH');
      const upload = csvUpload(`客户名称,行业\n${unique('会话导入')},零售\n`);
      const imported = await world.app.inject({ method: 'POST', url: '/api/v1/imports/customers', headers: { ...headers, 'content-type': upload.contentType }, payload: upload.payload });
      expect(imported.json().error.code).toBe('CSRF_MISMATCH');
    }
    expect(await databaseFingerprint(world)).toEqual(before);

    const withToken = { ...session, 'x-csrf-token': csrfToken };
    const create = await world.app.inject({ method: 'POST', url: '/api/v1/customers', headers: withToken, payload: { name: unique('会话客户'), industry: 'retail' } });
    expect(create.statusCode).toBe(201);
    // A browser session may mint a token for its person, carrying no more than the person holds.
    const minted = await world.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: withToken, payload: { name: unique('手机'), permissions: ['crm.read'] } });
    expect(minted.statusCode).toBe(201);
    const beyond = await world.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: withToken, payload: { name: unique('越权'), permissions: ['people.manage'] } });
    expect(beyond.statusCode).toBe(400);

    const logout = await world.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: withToken });
    expect(logout.statusCode).toBe(204);
    const after = await world.app.inject({ method: 'GET', url: '/api/v1/customers', headers: session });
    expect(after.statusCode).toBe(401);
  });

  it('never shows one organisation\'s audit entries to another', async () => {
    const actorsSeenBy = async (person: Person) =>
      new Set(((await world.app.inject({ method: 'GET', url: '/api/v1/audit?limit=200', headers: world.as(person) })).json().items as Array<{ actorId: string | null }>).map((e) => e.actorId));
    const otherOrgActors = [world.ids.otherOrgAdmin, world.ids.otherOrgRep];
    const seenByOps = await actorsSeenBy('ops');
    expect(seenByOps.size).toBeGreaterThan(1);
    for (const id of otherOrgActors) expect(seenByOps.has(id)).toBe(false);
    const seenByOther = await actorsSeenBy('otherOrgAdmin');
    expect(seenByOther.size).toBeGreaterThan(0);
    for (const id of seenByOther) expect([...otherOrgActors, null]).toContain(id);
  });
});
