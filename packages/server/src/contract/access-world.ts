/**
 * The world the authorisation matrix runs in: the fixture's people, records placed in known relations to each of
 * them, the callers a request can come from (a person's token, a narrowed token, nobody), and a fingerprint of the
 * whole database that proves a refused request wrote nothing.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import {
  customerCreate, leadCreate, rolePermissions, searchText, type Industry, type Permission, type Role,
} from '@closeloop/core';
import type { Person, TestWorld } from '../test-support/fixture.js';
import { secretHash } from '../platform/auth/tokens.js';
import { newId, newSecret } from '../platform/ids.js';
import { buildCustomerRow } from '../modules/customers/index.js';
import { buildLeadRow } from '../modules/leads/index.js';

export const people: readonly Person[] = [
  'admin', 'ops', 'managerEast', 'managerNorth', 'repEast1', 'repEast1b', 'repEast2', 'repNorth', 'whitelisted', 'otherOrgAdmin', 'otherOrgRep',
];

const roleOf: Record<Person, Role> = {
  admin: 'admin', ops: 'ops', managerEast: 'manager', managerNorth: 'manager', repEast1: 'rep', repEast1b: 'rep', repEast2: 'rep',
  repNorth: 'rep', whitelisted: 'rep', otherOrgAdmin: 'admin', otherOrgRep: 'rep',
};

/** Tokens narrowed to reading CRM records: every write must be refused although the person could write. */
export const narrowedTokens = { adminReadOnly: 'admin', repReadOnly: 'repEast1' } as const satisfies Record<string, Person>;
const narrowedPermissions: Permission[] = ['crm.read'];

export type Caller = Person | keyof typeof narrowedTokens | 'anonymous';
export const callers: readonly Caller[] = [...people, ...(Object.keys(narrowedTokens) as Array<keyof typeof narrowedTokens>), 'anonymous'];

/** What the matrix knows about a caller: who they act as and what they hold. */
export interface CallerModel {
  name: Caller;
  person: Person | null;
  role: Role | null;
  org: 'main' | 'other' | null;
  permissions: ReadonlySet<Permission>;
}

export function callerModel(name: Caller): CallerModel {
  if (name === 'anonymous') return { name, person: null, role: null, org: null, permissions: new Set() };
  const person: Person = name in narrowedTokens ? narrowedTokens[name as keyof typeof narrowedTokens] : (name as Person);
  const rolePerms = [...rolePermissions[roleOf[person]]];
  const permissions = new Set(name in narrowedTokens ? rolePerms.filter((p) => narrowedPermissions.includes(p)) : rolePerms);
  return { name, person, role: roleOf[person], org: orgOf(person), permissions };
}

export function orgOf(person: Person): 'main' | 'other' {
  return person.startsWith('otherOrg') ? 'other' : 'main';
}

/**
 * Where each CRM record sits: who owns it (and so which team it belongs to), its region and industry. Together the
 * placements exercise every data scope: own, team hierarchy, whitelist (region subtree AND industry), other org.
 */
export const crmRelations = ['east1', 'east1b', 'east2', 'north', 'eastManufacturing', 'whitelistedOwn', 'otherOrg'] as const;
export type CrmRelation = (typeof crmRelations)[number];

export const placements: Record<CrmRelation, { owner: Person; region: keyof TestWorld['regions'] | null; industry: Industry }> = {
  east1: { owner: 'repEast1', region: 'shanghai', industry: 'retail' },
  east1b: { owner: 'repEast1b', region: 'shanghai', industry: 'retail' },
  east2: { owner: 'repEast2', region: 'hangzhou', industry: 'retail' },
  // Manufacturing but outside the east region: the whitelist needs both axes to match.
  north: { owner: 'repNorth', region: 'beijing', industry: 'manufacturing' },
  eastManufacturing: { owner: 'repNorth', region: 'hangzhou', industry: 'manufacturing' },
  whitelistedOwn: { owner: 'whitelisted', region: 'beijing', industry: 'retail' },
  otherOrg: { owner: 'otherOrgRep', region: null, industry: 'manufacturing' },
};

/** Rows that are simply of one organisation or the other (catalog, directory). */
export const orgRelations = ['mainOrg', 'otherOrg'] as const;
export type OrgRelation = (typeof orgRelations)[number];

/** Whose API token a revoke names. */
export const tokenRelations = ['callersOwn', 'colleague', 'otherOrg'] as const;
export type TokenRelation = (typeof tokenRelations)[number];

export const marker = '矩阵';

/** Makes rows straight in the database, so each case can have fresh records without a request of its own. */
export class RecordFactory {
  private counter = 0;

  constructor(private readonly world: TestWorld) {}

  private get db() {
    return this.world.database.db;
  }

  private get now() {
    return this.world.clock.now().toISOString();
  }

  private next(label: string): string {
    this.counter += 1;
    return `${marker} ${label} ${this.counter}`;
  }

  orgIdOf(person: Person): string {
    return orgOf(person) === 'main' ? this.world.orgId : this.world.otherOrgId;
  }

  private async teamOf(person: Person): Promise<string | null> {
    const row = await this.db.selectFrom('users').select('team_id').where('id', '=', this.world.ids[person]).executeTakeFirstOrThrow();
    return row.team_id;
  }

  /** The relation's region, unless the owner works for the other organisation (regions belong to one). */
  private regionFor(relation: CrmRelation, owner: Person): { regionId?: string } {
    const region = placements[relation].region;
    return region && orgOf(owner) === 'main' ? { regionId: this.world.regions[region] } : {};
  }

  async customer(relation: CrmRelation, owner: Person = placements[relation].owner): Promise<string> {
    const input = customerCreate.parse({ name: this.next(`客户 ${relation}`), industry: placements[relation].industry, ...this.regionFor(relation, owner) });
    const row = buildCustomerRow({ id: newId(), orgId: this.orgIdOf(owner), ownerId: this.world.ids[owner], teamId: await this.teamOf(owner), now: this.now }, input);
    await this.db.insertInto('customers').values(row).execute();
    return row.id;
  }

  async lead(relation: CrmRelation, owner: Person = placements[relation].owner): Promise<string> {
    const input = leadCreate.parse({
      name: this.next(`线索 ${relation}`), company: this.next(`公司 ${relation}`), industry: placements[relation].industry, ...this.regionFor(relation, owner),
    });
    const row = buildLeadRow({ id: newId(), orgId: this.orgIdOf(owner), ownerId: this.world.ids[owner], teamId: await this.teamOf(owner), now: this.now }, input);
    await this.db.insertInto('leads').values(row).execute();
    return row.id;
  }

  async contact(relation: CrmRelation, customerId: string): Promise<string> {
    const id = newId();
    const name = this.next(`联系人 ${relation}`);
    await this.db.insertInto('contacts').values({
      id, org_id: this.orgIdOf(placements[relation].owner), customer_id: customerId, name, title: null, phone: null, phone_normal: null,
      email: null, is_decision_maker: 0, search_text: searchText([name]), status: 'active', version: 1, created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  async activity(relation: CrmRelation, leadId: string): Promise<string> {
    const id = newId();
    const owner = placements[relation].owner;
    await this.db.insertInto('activities').values({
      id, org_id: this.orgIdOf(owner), kind: 'call', lead_id: leadId, customer_id: null, occurred_at: this.now, duration_minutes: 10,
      text: this.next(`跟进 ${relation}`), owner_id: this.world.ids[owner], status: 'active', version: 1, created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  private orgId(relation: OrgRelation): string {
    return relation === 'mainOrg' ? this.world.orgId : this.world.otherOrgId;
  }

  async product(relation: OrgRelation): Promise<string> {
    const id = newId();
    const name = this.next('产品');
    await this.db.insertInto('products').values({
      id, org_id: this.orgId(relation), sku: `MX-${this.counter}`, name, category: null, unit: '套', currency: 'CNY',
      list_price_minor: 1_000_000, floor_price_minor: 800_000, search_text: searchText([name]), status: 'active', version: 1,
      created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  async pricePolicy(relation: OrgRelation, productId: string): Promise<string> {
    const id = newId();
    const name = this.next('价格政策');
    await this.db.insertInto('price_policies').values({
      id, org_id: this.orgId(relation), name, product_id: productId, valid_from: '2026-01-01', valid_to: null, floor_price_minor: null,
      currency: null, discount_bands: JSON.stringify([{ minQuantity: 1, maxDiscountBp: 500 }]), search_text: searchText([name]),
      status: 'active', version: 1, created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  /** A rep of the organisation; the password is the fixture's, copied to avoid hashing per case. */
  async user(relation: OrgRelation): Promise<string> {
    const id = newId();
    const { password_hash } = await this.db.selectFrom('users').select('password_hash').where('id', '=', this.world.ids.admin).executeTakeFirstOrThrow();
    await this.db.insertInto('users').values({
      id, org_id: this.orgId(relation), name: this.next('同事'), email: `matrix-${this.counter}@test.closeloop.cn`, phone: null, phone_normal: null,
      role: 'rep', team_id: null, data_scope: 'own', password_hash, locked_until: null, created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  async team(relation: OrgRelation): Promise<string> {
    const id = newId();
    await this.db.insertInto('teams').values({
      id, org_id: this.orgId(relation), name: this.next('小组'), parent_id: null, region_id: null, leader_id: null, created_at: this.now, updated_at: this.now,
    }).execute();
    return id;
  }

  async region(relation: OrgRelation): Promise<string> {
    const id = newId();
    await this.db.insertInto('regions').values({
      id, org_id: this.orgId(relation), name: this.next('区域'), parent_id: null, code: null, created_at: this.now,
    }).execute();
    return id;
  }

  /** An API token of a person, as fixture.ts makes them; returns its id and the secret to send. */
  token(person: Person, permissions: readonly Permission[], life: { expiresAt?: string; revokedAt?: string } = {}): Promise<{ id: string; secret: string }> {
    return this.tokenOf(this.world.ids[person], this.orgIdOf(person), permissions, life);
  }

  async tokenOf(userId: string, orgId: string, permissions: readonly Permission[], life: { expiresAt?: string; revokedAt?: string } = {}): Promise<{ id: string; secret: string }> {
    const id = newId();
    const prefix = newSecret().replace(/[^A-Za-z0-9]/g, 'x').slice(0, 8);
    const secret = `clk_${prefix}_${newSecret()}`;
    await this.db.insertInto('api_tokens').values({
      id, org_id: orgId, user_id: userId, name: this.next('令牌'), prefix, token_hash: secretHash(secret), permissions: JSON.stringify(permissions),
      created_at: this.now, expires_at: life.expiresAt ?? null, last_used_at: null, revoked_at: life.revokedAt ?? null,
    }).execute();
    return { id, secret };
  }

  async versionOf(table: 'customers' | 'leads' | 'contacts' | 'activities' | 'products' | 'price_policies' | 'users' | 'teams', id: string): Promise<number> {
    const row = await this.db.selectFrom(table).select('version').where('id', '=', id).executeTakeFirstOrThrow();
    return row.version;
  }
}

/** The fixed records every list, search and export is checked against: one of each kind per relation. */
export interface Seed {
  customers: Record<CrmRelation, string>;
  leads: Record<CrmRelation, string>;
  contacts: Record<CrmRelation, string>;
  activities: Record<CrmRelation, string>;
  products: Record<OrgRelation, string>;
  pricePolicies: Record<OrgRelation, string>;
}

export async function seedRelations(factory: RecordFactory): Promise<Seed> {
  const seed = { customers: {}, leads: {}, contacts: {}, activities: {}, products: {}, pricePolicies: {} } as Seed;
  for (const relation of crmRelations) {
    seed.customers[relation] = await factory.customer(relation);
    seed.leads[relation] = await factory.lead(relation);
    seed.contacts[relation] = await factory.contact(relation, seed.customers[relation]);
    seed.activities[relation] = await factory.activity(relation, seed.leads[relation]);
  }
  for (const relation of orgRelations) {
    seed.products[relation] = await factory.product(relation);
    seed.pricePolicies[relation] = await factory.pricePolicy(relation, seed.products[relation]);
  }
  return seed;
}

// Append-only logs are compared by count (their rows never change); everything else row by row.
const appendOnly = new Set(['audit_log', 'events', 'idempotency_keys']);
// Touched by every authenticated request, by design.
const volatileColumns: Record<string, readonly string[]> = { api_tokens: ['last_used_at'], sessions: ['last_seen_at'] };

/**
 * Every table of the database, each reduced to a short digest; compare two with toEqual to see which table changed.
 * All tables are read in one query, made once per world (the schema does not change under a test): on SQLite each
 * table's rows are serialised and ordered inside the database and come back as one string; on PostgreSQL a table is
 * its row count and newest row version (so any write shows, even one that restores a value). The authorisation
 * matrix takes one before and one after every route's refusals: reading every row as an object took most of its time.
 */
export async function databaseFingerprint(world: TestWorld): Promise<Record<string, string>> {
  const db = world.database.db;
  let query = fingerprintQueries.get(world);
  if (!query) fingerprintQueries.set(world, (query = await fingerprintQuery(world)));
  const rows = (await query.execute(db)).rows;
  return Object.fromEntries(rows.map(({ name, n, rows: text }) => [
    name, appendOnly.has(name) ? `${n} rows` : `${n} rows ${createHash('sha256').update(text ?? '').digest('hex').slice(0, 16)}`,
  ] as const).sort(([a], [b]) => a.localeCompare(b)));
}

type FingerprintRow = { name: string; n: number | string; rows: string | null };
const fingerprintQueries = new WeakMap<TestWorld, ReturnType<typeof sql<FingerprintRow>>>();

/** One select per table (its name, row count and its rows as text in order, volatile columns left out), all in one union. */
async function fingerprintQuery(world: TestWorld) {
  const db = world.database.db;
  const sqlite = world.database.dialect === 'sqlite';
  const tables = sqlite
    ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(db)
    : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%' order by table_name`.execute(db);
  const parts = await Promise.all(tables.rows.map(async ({ name }) => {
    const table = sql.table(name);
    if (appendOnly.has(name)) return sql`select ${name} as name, count(*) as n, null as rows from ${table}`;
    const volatile = volatileColumns[name] ?? [];
    if (!sqlite && volatile.length === 0) {
      // Every insert or update leaves a row version with a newer transaction id, and a delete lowers the count: the
      // rows themselves need not be read.
      return sql`select ${name} as name, count(*) as n, coalesce(max(xmin::text::bigint), 0) || '' as rows from ${table}`;
    }
    if (!sqlite) {
      const row = sql`(to_jsonb(x) - ${sql.lit(`{${volatile.join(',')}}`)}::text[])::text`;
      return sql`select ${name} as name, count(*) as n, string_agg(r, E'\n' order by r) as rows from (select ${row} as r from ${table} x) s`;
    }
    const columns = (await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db)).rows.map((c) => c.name).filter((c) => !volatile.includes(c));
    const row = sql`json_array(${sql.join(columns.map((c) => sql.ref(c)))})`;
    return sql`select ${name} as name, count(*) as n, group_concat(r, char(10) order by r) as rows from (select ${row} as r from ${table})`;
  }));
  return sql<FingerprintRow>`${sql.join(parts.map((part) => sql`select * from (${part}) as ${sql.ref(`f_${parts.indexOf(part)}`)}`), sql` union all `)}`;
}

/** Parses CSV as exports write it (RFC 4180 quoting, optional BOM). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** A multipart/form-data upload of one CSV file, as a browser sends it. */
export function csvUpload(csv: string, fields: Record<string, string> = {}): { payload: Buffer; contentType: string } {
  const boundary = '----closeloop-matrix-boundary';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="rows.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`);
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join(''), 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

// ——— receipts, purchase orders and shipping notes (payments engineer's block; see modules/documents/receipts.test.ts) ———

let paidDocumentSerial = 0;

/**
 * Documents after signing, placed in a CRM relation: each belongs to the relation's seeded customer and so carries its
 * owner, team, region and industry, exactly as the services copy them. Trace codes use the year 2099 so they never meet
 * the codes the services hand out. Amounts in minor units (fen).
 */
export class PaidDocumentFactory {
  constructor(private readonly world: TestWorld) {}

  private get db() {
    return this.world.database.db;
  }

  private get now() {
    return this.world.clock.now().toISOString();
  }

  private code(prefix: string): string {
    return `${prefix}-2099-${String((paidDocumentSerial += 1)).padStart(6, '0')}`;
  }

  private async scopeOf(customerId: string) {
    const c = await this.db.selectFrom('customers').select(['org_id', 'owner_id', 'team_id', 'region_id', 'industry']).where('id', '=', customerId).executeTakeFirstOrThrow();
    return { org_id: c.org_id, customer_id: customerId, owner_id: c.owner_id, team_id: c.team_id, region_id: c.region_id, industry: c.industry, currency: 'CNY', note: null, version: 1 };
  }

  /** A signed contract of the customer for 10,000.00 CNY (partially paid when `paidMinor` is given). */
  async signedContract(customerId: string, paidMinor = 0): Promise<string> {
    const id = newId();
    const scope = await this.scopeOf(customerId);
    await this.db.insertInto('contracts').values({
      ...scope, id, trace_code: this.code('HT'), status: paidMinor > 0 ? 'partially_paid' : 'signed', created_by: scope.owner_id, created_at: this.now, updated_at: this.now,
      title: `${marker} 合同`, total_minor: 1_000_000, paid_minor: paidMinor, rebate_bp: 0, payment_terms_days: 30, shipment_before_payment: 1, submitted_at: this.now,
      signed_at: this.now, signed_on: '2026-11-02', due_on: '2026-12-02', checks: null,
    }).execute();
    return id;
  }

  /** A receipt of 1,000.00 CNY on a fresh contract of the customer, registered or confirmed (its contract paid by it). */
  async receipt(customerId: string, status: 'registered' | 'confirmed'): Promise<string> {
    const contractId = await this.signedContract(customerId, status === 'confirmed' ? 100_000 : 0);
    const scope = await this.scopeOf(customerId);
    const id = newId();
    const confirmed = status === 'confirmed';
    await this.db.insertInto('receipts').values({
      ...scope, id, trace_code: this.code('HK'), status, created_by: scope.owner_id, created_at: this.now, updated_at: this.now, amount_minor: 100_000,
      received_on: '2026-11-02', bank_reference: null, payer_name: null, confirmed_by: confirmed ? scope.owner_id : null, confirmed_at: confirmed ? this.now : null,
      confirmed_on: confirmed ? '2026-11-02' : null, reversed_at: null, reversed_on: null,
    }).execute();
    await this.db.insertInto('receipt_allocations').values({ id: newId(), org_id: scope.org_id, receipt_id: id, contract_id: contractId, amount_minor: 100_000, created_at: this.now }).execute();
    return id;
  }

  /** A purchase order of 1,000.00 CNY on a fresh contract of the customer. */
  async purchaseOrder(customerId: string, status: 'placed' | 'confirmed'): Promise<string> {
    const contractId = await this.signedContract(customerId);
    const scope = await this.scopeOf(customerId);
    const id = newId();
    await this.db.insertInto('purchase_orders').values({
      ...scope, id, trace_code: this.code('DD'), status, created_by: scope.owner_id, created_at: this.now, updated_at: this.now, contract_id: contractId,
      amount_minor: 100_000, ordered_on: '2026-11-02', customer_reference: null,
    }).execute();
    return id;
  }

  /** A shipping note of a fresh contract of the customer (shipping before payment allowed). */
  async shipment(customerId: string, status: 'planned' | 'shipped'): Promise<string> {
    const contractId = await this.signedContract(customerId);
    const scope = await this.scopeOf(customerId);
    const id = newId();
    const shipped = status === 'shipped';
    await this.db.insertInto('shipments').values({
      ...scope, id, trace_code: this.code('FH'), status, created_by: scope.owner_id, created_at: this.now, updated_at: this.now, contract_id: contractId, order_id: null,
      planned_on: '2026-11-05', carrier: null, tracking_no: null, shipped_at: shipped ? this.now : null, shipped_on: shipped ? '2026-11-02' : null, delivered_at: null,
    }).execute();
    return id;
  }
}
