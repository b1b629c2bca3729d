/**
 * The demo company's document story (B1–B5): about 130 contracts over the last 60 company days, with their purchase
 * orders, shipping notes and payment receipts, so Contracts, Receipts, the sales figures and yesterday's flash report
 * open on real business instead of empty pages.
 *
 * Everything goes through the real services (ContractService, ReceiptService, PurchaseOrderService, ShipmentService,
 * CustomerService) as the demo people, inside units of work, with a manual clock stepped to each moment of the story.
 * So statuses move only through the state machines, every change has its transition, audit entry and event at the
 * time it happened, and the reactions (sales figures, commissions) build their figures from those events when the
 * server runs — nothing here writes a figure itself.
 *
 * The story is planned first (seeded random, in a fixed order, so the same clock gives the same story: the same trace
 * codes, amounts, statuses and days; only the row ids are fresh UUIDs), then played in time order. A step planned
 * after the seeding moment is left out, so the newest business is still in flight: drafts, approvals waiting,
 * contracts signed but unpaid. A few documents are placed on purpose for the flash report of yesterday: a line signed
 * under its floor price with the manager's override, contracts unpaid past their terms, a shipment made before payment
 * against the terms (an audited override), and a receipt carrying a bank reference another one already has.
 *
 * Amounts are integer minor units (fen) of the company currency, CNY.
 */
import {
  addCalendarDays, approvalStepsFor, contractCreate, contractUpdate, customerUpdate, defaultDocumentSettings, instantAt, isoDate,
  purchaseOrderCreate, receiptCreate, shipmentCreate, shipmentShip, wallClockAt, type ContractStatus, type ContractView, type DiscountBand,
} from '@closeloop/core';
import { resolveAuth, type AuthContext } from '../platform/access/auth-context.js';
import { ManualClock, type Clock } from '../platform/clock.js';
import { loadConfig } from '../platform/config.js';
import type { DatabaseHandle } from '../platform/db/database.js';
import { UnitOfWork, type Write } from '../platform/http/unit-of-work.js';
import { createJobs } from '../platform/jobs/index.js';
import { NotificationCenter } from '../platform/notify/index.js';
import { CustomerService } from '../modules/customers/index.js';
import { ContractService, DocumentSettingsService, PurchaseOrderService, ReceiptService, ShipmentService, registerContractJobs } from '../modules/documents/index.js';
import { demoOrgId, demoStaff, demoTeams, type DemoPerson } from './demo-company.js';
import { SeededRandom } from './random.js';

export interface DemoDocumentCounts {
  contracts: number;
  purchaseOrders: number;
  shipments: number;
  receipts: number;
  contractsByStatus: Record<string, number>;
}

const storySeed = 20261127;
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** How far back the story starts, in company days. */
export const storyDays = 60;
const timeZone = 'Asia/Shanghai';

// ——— the plan ———

interface Customer {
  id: string;
  name: string;
  ownerId: string;
  creditLimitMinor: number | null;
  version: number;
}

interface Product {
  id: string;
  sku: string;
  listMinor: number;
  floorMinor: number;
  bands: DiscountBand[] | null;
}

interface Line {
  productId: string;
  quantity: number;
  unitPriceMinor: number;
}

/** What the play keeps of a document as it goes: its id and version, for the next step. */
interface Doc {
  id: string;
  version: number;
}

interface Step {
  at: number;
  seq: number;
  run: () => Promise<void>;
}

interface ContractPlan {
  rep: DemoPerson;
  customer: Customer;
  total: number;
  /** What the planned receipts have paid so far (planning only). */
  paid: number;
  state: { doc?: Doc; view?: ContractView; orders: Doc[]; shipments: Doc[] };
}

const carriers = ['顺丰速运', '京东物流', '德邦快递', '中通快运', '跨越速运'] as const;
const banks = ['ICBC', 'CCB', 'BOC', 'ABC', 'CMB', 'SPDB'] as const;

/** Bundles the demo price book sells in: SKUs with quantities, and a title. */
const bundles: ReadonlyArray<(rng: SeededRandom) => { title: string; items: Array<[string, number]> }> = [
  (rng) => ({ title: 'MES 标准版上线项目', items: [['CL-MES-STD', 1], ['SVC-IMPL-ONSITE', rng.int(8, 25)], ['SVC-TRAIN', rng.int(1, 2)]] }),
  (rng) => ({ title: 'MES 企业版 + 质量追溯', items: [['CL-MES-ENT', 1], ['CL-MES-QA', 1], ['SVC-IMPL-ONSITE', rng.int(20, 40)]] }),
  (rng) => {
    const users = rng.int(20, 120);
    return { title: `CRM 专业版 ${users} 用户`, items: [['CL-CRM-PRO', users], ['CL-CRM-FIELD', rng.int(10, users)], ['SVC-IMPL-STD', rng.int(4, 12)]] };
  },
  (rng) => {
    const users = rng.int(30, 150);
    return { title: `CRM 企业版 ${users} 用户`, items: [['CL-CRM-ENT', users], ['SVC-TRAIN', 1]] };
  },
  (rng) => ({ title: '数据分析平台与 ERP 对接', items: [['CL-BI', 1], [rng.pick(['SVC-ERP-K3', 'SVC-ERP-U8']), 1], ['SVC-DEV', rng.int(5, 20)]] }),
  (rng) => ({ title: '车间物联网改造', items: [['HW-GW-100', rng.int(5, 30)], ['HW-SCAN-20', rng.int(10, 50)], ['SVC-IMPL-STD', rng.int(3, 8)]] }),
  (rng) => ({ title: '车间看板与移动终端', items: [['HW-TAB-10', rng.int(5, 20)], ['HW-SCREEN-55', rng.int(2, 8)], ['CL-MES-BOARD', 1]] }),
  (rng) => ({ title: '年度运维续约', items: [['SVC-SUPPORT', 1], ['HW-RFID-8', rng.int(2, 10)]] }),
  (rng) => ({ title: 'MES 看板与追溯模块扩展', items: [['CL-MES-BOARD', 1], ['CL-MES-QA', 1], ['SVC-IMPL-STD', rng.int(5, 12)]] }),
];

const rejectReasons = ['付款条件需要重新谈，请改为 30 天账期后再提交', '折扣依据不足，请补充竞品报价', '交付范围与报价单不一致，请核对后重提', '客户主体与签约主体不一致'];
const overrideComments: Record<string, string> = {
  credit_limit_exceeded: '老客户，历史回款记录良好，同意临时超出信用额度',
  below_floor_price: '战略客户首单，总监同意低于底价成交，后续扩容按标准价',
  discount_above_band: '战略客户首单，总监同意低于底价成交，后续扩容按标准价',
  rebate_above_tier: '渠道年度目标已谈妥，同意本单返利',
  rebate_without_tier: '渠道资质审核中，同意本单返利',
  tier_volume_short: '渠道年度目标已谈妥，同意本单返利',
};

/**
 * Seeds the story into the demo company that `seedDemo` just wrote. `clock` is the seeding moment: the story ends
 * just before it. Runs many small transactions (one per step, as the people would have); call it once, right after
 * the base demo seed.
 */
export async function seedDemoDocuments(database: DatabaseHandle, clock: Clock): Promise<DemoDocumentCounts> {
  const db = database.db;
  const nowMs = clock.now().getTime();
  const story = new ManualClock(new Date(nowMs));
  // The services as the composition root wires them, on the story's clock. No runner: the timers armed here (approval
  // escalations) and the events written are taken up by the server's own runner when it starts.
  const jobs = createJobs(database, story);
  // Notifications land in the inbox only: no email goes out for a story that happened before the server did.
  const notifier = new NotificationCenter(database, story, loadConfig({ LOG_LEVEL: 'silent' }));
  const documentSettings = new DocumentSettingsService(db);
  const company = (tx: Parameters<DocumentSettingsService['company']>[0], orgId: string) => documentSettings.company(tx, orgId);
  const contracts = new ContractService(db, documentSettings, jobs, notifier);
  // Arming a timer needs its kind registered; the handler itself runs only in the server's runner.
  registerContractJobs(jobs, contracts);
  const receipts = new ReceiptService(db, database.dialect, company);
  const orders = new PurchaseOrderService(db, database.dialect, company);
  const shipments = new ShipmentService(db, database.dialect, company);
  const customers = new CustomerService(db);
  const uow = new UnitOfWork(database, story);

  try {
    // ——— who and what ———
    const users = await db.selectFrom('users').selectAll().where('org_id', '=', demoOrgId).execute();
    const byLogin = new Map<string, AuthContext>();
    const byUserId = new Map<string, AuthContext>();
    for (const person of demoStaff) {
      const row = users.find((u) => u.email.startsWith(`${person.login}@`));
      if (!row) throw new Error(`demo documents: no user ${person.login}`);
      const auth = await resolveAuth(db, row, { kind: 'session', id: 'demo-seed' });
      byLogin.set(person.login, auth);
      byUserId.set(row.id, auth);
    }
    const as = (login: string) => byLogin.get(login)!;
    const idOf = (login: string) => as(login).userId;

    const productRows = await db.selectFrom('products').selectAll().where('org_id', '=', demoOrgId).where('status', '=', 'active').execute();
    const policyRows = await db.selectFrom('price_policies').selectAll().where('org_id', '=', demoOrgId).where('status', '=', 'active').execute();
    const products = new Map<string, Product>(productRows.map((p) => {
      const policy = policyRows.find((r) => r.product_id === p.id);
      return [p.sku, { id: p.id, sku: p.sku, listMinor: Number(p.list_price_minor), floorMinor: Number(p.floor_price_minor), bands: policy ? (JSON.parse(policy.discount_bands) as DiscountBand[]) : null }];
    }));

    // Reps with their own book (the whitelisted rep sees others' customers too; the story leaves that seat out).
    const reps = demoStaff.filter((p) => p.role === 'rep' && !p.scope);
    const customerRows = await db
      .selectFrom('customers')
      .select(['id', 'name', 'owner_id', 'credit_limit_minor', 'version'])
      .where('org_id', '=', demoOrgId)
      .where('status', '=', 'active')
      .where('owner_id', 'in', reps.map((r) => idOf(r.login)))
      .orderBy('id')
      .execute();
    const book = new Map<string, Customer[]>();
    for (const row of customerRows) {
      const list = book.get(row.owner_id) ?? [];
      list.push({ id: row.id, name: row.name, ownerId: row.owner_id, creditLimitMinor: row.credit_limit_minor === null ? null : Number(row.credit_limit_minor), version: row.version });
      book.set(row.owner_id, list);
    }
    const used = new Set<string>();
    // Each rep's customer with the lowest credit limit stays clean: the browser tests and the screenshots draft their
    // over-the-limit contract there and count on no open receivables.
    for (const list of book.values()) {
      const lowest = list.filter((c) => c.creditLimitMinor !== null).sort((a, b) => a.creditLimitMinor! - b.creditLimitMinor! || a.id.localeCompare(b.id))[0];
      if (lowest) used.add(lowest.id);
    }

    // ——— planning ———
    const rng = new SeededRandom(storySeed);
    const today = wallClockAt(new Date(nowMs), timeZone);
    // The story ends a little before the seeding moment; anything planned later has not happened yet.
    const limit = nowMs - 5 * minute;
    const steps: Step[] = [];
    let seq = 0;
    const at = (offset: number, h: number, m = 0) => instantAt({ ...addCalendarDays(today, offset), hour: h, minute: m }, timeZone).getTime();
    const dayOf = (ms: number) => isoDate(wallClockAt(new Date(ms), timeZone));
    /** Some minutes later, within office hours (09:00–19:00): past closing it moves to the next morning. */
    const later = (from: number, minMinutes: number, maxMinutes: number): number => {
      const next = from + rng.int(Math.max(1, minMinutes), Math.max(1, maxMinutes)) * minute;
      const wall = wallClockAt(new Date(next), timeZone);
      if (wall.hour >= 9 && wall.hour < 19) return next;
      const morning = wall.hour < 9 ? wall : addCalendarDays(wall, 1);
      return instantAt({ ...morning, hour: 9, minute: rng.int(0, 90) }, timeZone).getTime();
    };
    const step = (time: number, run: () => Promise<void>) => steps.push({ at: time, seq: seq++, run });

    const act = async <T>(auth: AuthContext, work: (write: Write) => Promise<T>): Promise<T> =>
      (await uow.run(auth, async (write) => ({ status: 200, body: await work(write) }))).body;

    const managerOf = (rep: DemoPerson): DemoPerson => {
      for (let teamId: string | null = rep.teamId; teamId; teamId = demoTeams.find((t) => t.id === teamId)?.parentId ?? null) {
        const leader = demoStaff.find((p) => p.leads?.includes(teamId!));
        if (leader) return leader;
      }
      return demoStaff.find((p) => p.login === 'admin')!;
    };

    const priceOf = (sku: string, quantity: number): Line => {
      const product = products.get(sku);
      if (!product) throw new Error(`demo documents: no product ${sku}`);
      // Within the discount band a price policy allows for the quantity (none below its first band), else up to 10%;
      // every floor in the price book is at least 79% of list, so these prices pass the floor check too.
      let maxBp = 1_000;
      if (product.bands) {
        const band = product.bands.filter((b) => b.minQuantity <= quantity).sort((a, b) => b.minQuantity - a.minQuantity)[0];
        maxBp = Math.min(maxBp, band?.maxDiscountBp ?? 0);
      }
      const discountBp = rng.pick([0, 300, 500, 800, 1_000].filter((bp) => bp <= maxBp));
      // Whole yuan, rounded up so the discount never exceeds the band.
      const unit = Math.max(product.floorMinor, Math.ceil((product.listMinor * (10_000 - discountBp)) / 10_000 / 100) * 100);
      return { productId: product.id, quantity, unitPriceMinor: unit };
    };
    const totalOf = (lines: readonly Line[]) => lines.reduce((sum, l) => sum + l.quantity * l.unitPriceMinor, 0);
    const stepsFor = (total: number) => approvalStepsFor(defaultDocumentSettings.approvalChain, total).length;

    /** A customer of the rep not in the story yet, whose credit limit the contract fits (or exceeds, when asked). */
    const customerFor = (rep: DemoPerson, total: number, overLimit = false): Customer => {
      const list = (book.get(idOf(rep.login)) ?? []).filter((c) => !used.has(c.id));
      const fits = list.filter((c) => (overLimit ? c.creditLimitMinor !== null && c.creditLimitMinor < total : c.creditLimitMinor === null || c.creditLimitMinor >= total));
      const pool = fits.length > 0 ? fits : list;
      if (pool.length === 0) throw new Error(`demo documents: ${rep.login} has no customer left`);
      const chosen = rng.pick(pool);
      used.add(chosen.id);
      return chosen;
    };

    // ——— the story's verbs: each plans its step(s) and returns when the last one happens ———

    const draft = (
      time: number, rep: DemoPerson, customer: Customer, title: string, lines: Line[],
      terms: { paymentTermsDays?: number; rebateBp?: number; shipmentBeforePayment?: boolean } = {},
    ): ContractPlan => {
      const plan: ContractPlan = { rep, customer, total: totalOf(lines), paid: 0, state: { orders: [], shipments: [] } };
      step(time, async () => {
        const view = await act(as(rep.login), (w) => contracts.create(w, contractCreate.parse({ customerId: customer.id, title, lines, ...terms })));
        plan.state.doc = { id: view.id, version: view.version };
        plan.state.view = view;
      });
      return plan;
    };
    const contractOf = (plan: ContractPlan): Doc => {
      if (!plan.state.doc) throw new Error('demo documents: a step ran before its contract was drafted');
      return plan.state.doc;
    };
    const keep = (plan: ContractPlan, view: ContractView) => {
      plan.state.doc = { id: view.id, version: view.version };
      plan.state.view = view;
    };
    const submit = (plan: ContractPlan, time: number): number => {
      step(time, async () => {
        const c = contractOf(plan);
        keep(plan, await act(as(plan.rep.login), (w) => contracts.submit(w, c.id, c.version)));
      });
      return time;
    };
    /** The pending step decided by whoever it waits for: the named approver, finance's contract desk, or an admin. */
    const decide = (plan: ContractPlan, time: number, decision: 'approve' | 'reject', comment?: string): number => {
      step(time, async () => {
        const view = plan.state.view!;
        const pending = view.approvals.find((a) => a.status === 'pending');
        if (!pending) throw new Error(`demo documents: ${view.traceCode} has no pending approval step`);
        const who = pending.approverId ? byUserId.get(pending.approverId)! : as(pending.role === 'ops' ? 'ops.contracts' : 'admin');
        if (decision === 'reject') {
          keep(plan, await act(who, (w) => contracts.reject(w, view.id, pending.id, comment ?? rejectReasons[0]!)));
          return;
        }
        const violations = view.checks?.violations ?? [];
        const override = violations.length > 0 && !view.checks?.overriddenBy;
        const note = override ? overrideComments[violations[0]!.code] ?? '同意' : comment;
        keep(plan, await act(who, (w) => contracts.approve(w, view.id, pending.id, { override, ...(note ? { comment: note } : {}) })));
      });
      return time;
    };
    /** Every approval step approved in turn; returns when the contract is signed. */
    const approveAll = (plan: ContractPlan, from: number, comment?: string): number => {
      let time = from;
      for (let i = 0; i < stepsFor(plan.total); i += 1) time = decide(plan, later(time, 40, 900), 'approve', i === 0 ? comment : undefined);
      return time;
    };
    const order = (plan: ContractPlan, time: number, reference: string): number => {
      step(time, async () => {
        const c = contractOf(plan);
        const placed = await act(as(plan.rep.login), (w) => orders.create(w, purchaseOrderCreate.parse({ contractId: c.id, customerReference: reference, orderedOn: dayOf(time) })));
        plan.state.orders.push({ id: placed.id, version: placed.version });
      });
      return time;
    };
    const orderAct = (plan: ContractPlan, time: number, action: 'confirm' | 'fulfil' | 'cancel', reason?: string): number => {
      step(time, async () => {
        const o = plan.state.orders.at(-1)!;
        const moved = await act(as(plan.rep.login), (w) => orders.act(w, o.id, action, { version: o.version, ...(reason ? { reason } : {}) }));
        o.version = moved.version;
      });
      return time;
    };
    const planShipment = (plan: ContractPlan, time: number, plannedOffsetDays: number): number => {
      const carrier = rng.pick(carriers);
      step(time, async () => {
        const c = contractOf(plan);
        const open = plan.state.orders.at(-1);
        const planned = await act(as(plan.rep.login), (w) => shipments.plan(w, shipmentCreate.parse({
          contractId: c.id, ...(open ? { orderId: open.id } : {}), plannedOn: isoDate(addCalendarDays(wallClockAt(new Date(time), timeZone), plannedOffsetDays)), carrier,
        })));
        plan.state.shipments.push({ id: planned.id, version: planned.version });
      });
      return time;
    };
    const ship = (plan: ContractPlan, time: number, override?: { by: DemoPerson; reason: string }): number => {
      const trackingNo = `${rng.pick(['SF', 'JD', 'DB', 'ZT'])}${String(rng.int(1e9, 9.99e9))}`;
      step(time, async () => {
        const s = plan.state.shipments.at(-1)!;
        const body = shipmentShip.parse({ version: s.version, trackingNo, ...(override ? { override: true, reason: override.reason } : {}) });
        const moved = await act(as(override ? override.by.login : plan.rep.login), (w) => shipments.ship(w, s.id, body));
        s.version = moved.version;
      });
      return time;
    };
    const deliver = (plan: ContractPlan, time: number): number => {
      step(time, async () => {
        const s = plan.state.shipments.at(-1)!;
        const moved = await act(as(plan.rep.login), (w) => shipments.deliver(w, s.id, { version: s.version }));
        s.version = moved.version;
      });
      return time;
    };
    /** Plan, ship and deliver one shipping note from `from`; returns when it is delivered. */
    const shipAll = (plan: ContractPlan, from: number): number => {
      const planned = planShipment(plan, later(from, 60, 2 * 24 * 60), rng.int(1, 3));
      const shipped = ship(plan, later(planned, 12 * 60, 3 * 24 * 60));
      return deliver(plan, later(shipped, 20 * 60, 4 * 24 * 60));
    };
    const bankReference = (time: number) => `${rng.pick(banks)}${dayOf(time).replaceAll('-', '')}${String(rng.int(100_000, 999_999))}`;
    /**
     * Finance registers money received on the customer's contracts and, unless `confirm` is null, confirms it later.
     * Returns when it is confirmed (or registered).
     */
    const receive = (
      parts: ReadonlyArray<readonly [ContractPlan, number]>, time: number,
      options: { confirmAfterMinutes?: [number, number] | null; reference?: string; into?: { doc?: Doc } } = {},
    ): number => {
      const customer = parts[0]![0].customer;
      const reference = options.reference ?? bankReference(time);
      const amount = parts.reduce((sum, [, minor]) => sum + minor, 0);
      // Only money that will be confirmed counts towards what the contract still owes in the plan.
      if (options.confirmAfterMinutes !== null) for (const [plan, minor] of parts) plan.paid += minor;
      const holder = options.into ?? {};
      step(time, async () => {
        const registered = await act(as('ops'), (w) => receipts.register(w, receiptCreate.parse({
          customerId: customer.id, amountMinor: amount, receivedOn: dayOf(time), bankReference: reference, payerName: customer.name,
          allocations: parts.map(([plan, minor]) => ({ contractId: contractOf(plan).id, amountMinor: minor })),
        })));
        holder.doc = { id: registered.id, version: registered.version };
      });
      if (options.confirmAfterMinutes === null) return time;
      const [low, high] = options.confirmAfterMinutes ?? [20, 300];
      const confirmed = later(time, low, high);
      step(confirmed, async () => {
        const r = holder.doc!;
        const done = await act(as('ops'), (w) => receipts.confirm(w, r.id, r.version));
        r.version = done.version;
      });
      return confirmed;
    };
    /** The contract as its person sees it now: payments move its version without the story's steps knowing. */
    const current = async (plan: ContractPlan, who: AuthContext) => contracts.get(who, contractOf(plan).id);
    const complete = (plan: ContractPlan, time: number): number => {
      step(time, async () => {
        const c = await current(plan, as(plan.rep.login));
        keep(plan, await act(as(plan.rep.login), (w) => contracts.complete(w, c.id, c.version)));
      });
      return time;
    };
    const voidContract = (plan: ContractPlan, time: number, who: DemoPerson, reason: string): number => {
      step(time, async () => {
        const c = await current(plan, as(who.login));
        keep(plan, await act(as(who.login), (w) => contracts.void(w, c.id, c.version, reason)));
      });
      return time;
    };
    const receiptAct = (holder: { doc?: Doc }, time: number, action: 'refund' | 'void', reason: string): number => {
      step(time, async () => {
        const r = holder.doc!;
        const done = await act(as('ops'), (w) => (action === 'refund' ? receipts.refund(w, r.id, { reason, version: r.version }) : receipts.void(w, r.id, reason, r.version)));
        r.version = done.version;
      });
      return time;
    };
    const linesOf = (): { title: string; lines: Line[] } => {
      const bundle = rng.pick(bundles)(rng);
      return { title: bundle.title, lines: bundle.items.map(([sku, quantity]) => priceOf(sku, quantity)) };
    };
    const poReference = (time: number) => `PO-${dayOf(time).slice(0, 7).replace('-', '')}-${rng.int(100, 999)}`;
    const deposit = (total: number) => Math.round((total * rng.pick([30, 40, 50])) / 100 / 10_000) * 10_000; // whole 100 yuan

    /**
     * After signing: maybe an order, shipments (before or after payment, as the terms say), payments before the due
     * day (in one go or a deposit and the rest), and completion once paid and delivered.
     */
    const fulfil = (plan: ContractPlan, signed: number, terms: number, shipFirst: boolean, payment: 'full' | 'deposit' | 'none' = rng.chance(0.5) ? 'full' : 'deposit') => {
      let ordered: number | null = null;
      if (rng.chance(0.55)) {
        ordered = order(plan, later(signed, 4 * 60, 2 * 24 * 60), poReference(signed));
        ordered = orderAct(plan, later(ordered, 60, 24 * 60), 'confirm');
      }
      let delivered: number | null = null;
      if (shipFirst) delivered = shipAll(plan, ordered ?? signed);
      const dueIn = Math.max(5, terms - 2) * 24 * 60;
      let paidAt: number | null = null;
      if (payment === 'full') {
        paidAt = receive([[plan, plan.total - plan.paid]], later(signed, 3 * 24 * 60, dueIn));
      } else if (payment === 'deposit') {
        const first = receive([[plan, deposit(plan.total)]], later(signed, 2 * 24 * 60, Math.min(dueIn, 10 * 24 * 60)));
        paidAt = receive([[plan, plan.total - plan.paid]], later(first, 5 * 24 * 60, Math.max(6 * 24 * 60, dueIn - (first - signed) / minute)));
      }
      if (!shipFirst && paidAt !== null) delivered = shipAll(plan, paidAt);
      if (ordered !== null && delivered !== null) orderAct(plan, later(delivered, 30, 240), 'fulfil');
      if (paidAt !== null && delivered !== null && rng.chance(0.75)) complete(plan, later(Math.max(paidAt, delivered), 24 * 60, 5 * 24 * 60));
    };

    // ——— partners: admin records the channel partners' tiers at the start of the story ———
    const partners: Array<{ rep: DemoPerson; customer: Customer; tier: 'gold' | 'silver' | 'bronze'; rebateBp: number }> = [];
    for (const [tier, count, rebates] of [['gold', 2, [500, 600, 800]], ['silver', 3, [300, 400, 500]], ['bronze', 3, [100, 200]]] as const) {
      for (let i = 0; i < count; i += 1) {
        const rep = rng.pick(reps);
        const customer = customerFor(rep, 30_000_000);
        partners.push({ rep, customer, tier, rebateBp: rng.pick(rebates) });
        step(at(-storyDays, 9, 30 + partners.length), async () => {
          const fresh = await db.selectFrom('customers').select('version').where('id', '=', customer.id).executeTakeFirstOrThrow();
          await act(as('admin'), (w) => customers.update(w, customer.id, customerUpdate.parse({ version: fresh.version, partnerTier: tier })));
        });
      }
    }

    // ——— the everyday business: contracts drafted on each day of the story, weekdays busier ———
    const regular: Array<{ created: number; rep: DemoPerson }> = [];
    for (let offset = -storyDays + 1; offset <= -1; offset += 1) {
      const weekday = wallClockAt(new Date(at(offset, 12)), timeZone).weekday;
      const count = weekday === 0 || weekday === 6 ? rng.int(0, 1) : rng.int(1, 3);
      for (let i = 0; i < count; i += 1) regular.push({ created: at(offset, rng.int(9, 17), rng.int(0, 59)), rep: rng.pick(reps) });
    }
    const partnerQueue = [...partners];
    for (const [index, { created, rep: drafter }] of regular.entries()) {
      // Every seventh contract is a partner's, with the rebate their tier allows.
      const partner = index % 7 === 3 ? partnerQueue.shift() : undefined;
      const rep = partner?.rep ?? drafter;
      const { title, lines } = linesOf();
      const total = totalOf(lines);
      const customer = partner?.customer ?? customerFor(rep, total);
      const terms = rng.weighted([[30, 6], [45, 2], [60, 1], [15, 1]] as const);
      const shipFirst = rng.chance(0.75);
      const plan = draft(created, rep, customer, title, lines, { paymentTermsDays: terms, shipmentBeforePayment: shipFirst, ...(partner ? { rebateBp: partner.rebateBp } : {}) });
      const fate = rng.weighted([['sign', 88], ['reject', 4], ['revise', 3], ['void_draft', 2], ['void_pending', 2], ['stay_draft', 1]] as const);
      if (fate === 'stay_draft') continue;
      if (fate === 'void_draft') {
        voidContract(plan, later(created, 24 * 60, 4 * 24 * 60), rep, '客户暂缓采购，草稿作废');
        continue;
      }
      const submitted = submit(plan, later(created, 30, 24 * 60));
      if (fate === 'void_pending') {
        voidContract(plan, later(submitted, 60, 12 * 60), managerOf(rep), '客户预算冻结，撤回审批');
        continue;
      }
      if (fate === 'reject' || fate === 'revise') {
        const rejected = decide(plan, later(submitted, 60, 900), 'reject', rng.pick(rejectReasons));
        if (fate === 'reject') continue;
        // Revised on the manager's advice, re-submitted with 30-day terms, then approved and carried on.
        const revised = later(rejected, 60, 24 * 60);
        step(revised, async () => {
          const c = contractOf(plan);
          const back = await act(as(rep.login), (w) => contracts.revise(w, c.id, c.version));
          keep(plan, await act(as(rep.login), (w) => contracts.update(w, c.id, contractUpdate.parse({ version: back.version, paymentTermsDays: 30 }))));
        });
        const signed = approveAll(plan, submit(plan, later(revised, 30, 240)));
        fulfil(plan, signed, 30, shipFirst);
        continue;
      }
      const signed = approveAll(plan, submitted);
      fulfil(plan, signed, terms, shipFirst);
    }

    // ——— customers paying two contracts with one transfer ———
    for (let i = 0; i < 4; i += 1) {
      const rep = rng.pick(reps);
      const first = linesOf();
      const second = linesOf();
      const customer = customerFor(rep, totalOf(first.lines) + totalOf(second.lines));
      const created = at(-rng.int(40, 50), rng.int(9, 12));
      const a = draft(created, rep, customer, first.title, first.lines, { paymentTermsDays: 45 });
      const b = draft(later(created, 120, 24 * 60), rep, customer, second.title, second.lines, { paymentTermsDays: 45 });
      const signedA = approveAll(a, submit(a, later(created, 30, 120)));
      const signedB = approveAll(b, submit(b, later(Math.max(signedA, created + day), 30, 120)));
      shipAll(a, signedA);
      const deliveredB = shipAll(b, signedB);
      const firstPaid = receive([[a, deposit(a.total)]], later(signedA, 3 * 24 * 60, 6 * 24 * 60));
      const both = receive([[a, a.total - a.paid], [b, b.total - b.paid]], later(Math.max(firstPaid, signedB), 5 * 24 * 60, 12 * 24 * 60));
      if (i % 2 === 0) {
        complete(a, later(Math.max(both, deliveredB), 24 * 60, 3 * 24 * 60));
        complete(b, later(Math.max(both, deliveredB), 24 * 60, 3 * 24 * 60));
      }
    }

    // ——— placed for yesterday's flash report and the approval inboxes ———
    const rep = (login: string) => demoStaff.find((p) => p.login === login)!;

    // A line under its floor price, signed yesterday on the team manager's override.
    {
      const who = rep('rep2');
      const lines = [{ ...priceOf('CL-MES-STD', 1), unitPriceMinor: 8_800_000 }, priceOf('SVC-IMPL-STD', 4)];
      const plan = draft(at(-3, 14, 10), who, customerFor(who, totalOf(lines)), 'MES 标准版 战略首单', lines);
      submit(plan, at(-2, 16, 40));
      decide(plan, at(-1, 10, 25), 'approve');
    }
    // Unpaid past their terms, falling due the day before yesterday so yesterday's flash lists them (it lists the
    // contracts on their first day overdue; older ones count in its summary): one with nothing paid, one with only its deposit.
    for (const [login, signedOffset, depositToo] of [['rep12', -32, false], ['rep16', -33, true]] as const) {
      const who = rep(login);
      const { title, lines } = linesOf();
      const plan = draft(at(signedOffset - 1, 10, 5), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30 });
      const signed = approveAll(plan, submit(plan, at(signedOffset - 1, 11, 20)));
      shipAll(plan, Math.max(signed, at(signedOffset + 1, 10)));
      if (depositToo) receive([[plan, deposit(plan.total)]], at(signedOffset + 6, 10, 40));
    }
    // Shipped yesterday before payment although the terms forbid it: the regional head overrides for an urgent line.
    {
      const who = rep('rep7');
      const { title, lines } = linesOf();
      const plan = draft(at(-9, 9, 50), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30, shipmentBeforePayment: false });
      const signed = approveAll(plan, submit(plan, at(-9, 11, 0)));
      receive([[plan, deposit(plan.total)]], later(Math.max(signed, at(-4, 10)), 60, 120));
      planShipment(plan, at(-2, 15, 30), 1);
      ship(plan, at(-1, 14, 5), { by: managerOf(who), reason: '客户产线停线待料，先行发货，余款承诺月底前付清' });
    }
    // Paid twice under one bank reference: the balance, confirmed yesterday, repeats the deposit's reference.
    {
      const who = rep('rep4');
      const { title, lines } = linesOf();
      const plan = draft(at(-22, 10, 0), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30 });
      const signed = approveAll(plan, submit(plan, at(-22, 11, 30)));
      const reference = bankReference(at(-15, 10));
      receive([[plan, deposit(plan.total)]], Math.max(later(signed, 60, 120), at(-15, 10, 10)), { reference });
      receive([[plan, plan.total - plan.paid]], at(-1, 10, 15), { reference, confirmAfterMinutes: [240, 300] });
    }
    // A deposit refunded when the customer withdrew, then the signed contract voided.
    {
      const who = rep('rep18');
      const { title, lines } = linesOf();
      const plan = draft(at(-32, 10, 0), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30 });
      const signed = approveAll(plan, submit(plan, at(-32, 14, 0)));
      const held = {};
      receive([[plan, deposit(plan.total)]], later(signed, 3 * 24 * 60, 4 * 24 * 60), { into: held });
      receiptAct(held, at(-12, 10, 30), 'refund', '客户项目取消，退还预付款');
      voidContract(plan, at(-12, 15, 0), managerOf(who), '客户取消采购，预付款已退还');
    }
    // A payment registered twice by mistake: the copy is voided before confirmation.
    {
      const who = rep('rep20');
      const { title, lines } = linesOf();
      const plan = draft(at(-18, 9, 40), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30 });
      const signed = approveAll(plan, submit(plan, at(-18, 10, 30)));
      const received = Math.max(later(signed, 60, 120), at(-10, 11));
      const reference = bankReference(received);
      const amount = deposit(plan.total);
      const copy = {};
      receive([[plan, amount]], received, { reference, confirmAfterMinutes: [60, 120] });
      receive([[plan, amount]], received + 20 * minute, { reference, confirmAfterMinutes: null, into: copy });
      receiptAct(copy, received + 50 * minute, 'void', '重复登记，作废');
    }
    // A credit limit exceeded and overridden by the manager: signed, shipped and part paid.
    {
      const who = rep('rep13');
      const lines = [priceOf('CL-MES-STD', 1), priceOf('SVC-IMPL-ONSITE', 10)];
      const plan = draft(at(-26, 10, 20), who, customerFor(who, totalOf(lines), true), 'MES 标准版 扩产线', lines, { paymentTermsDays: 45 });
      const signed = approveAll(plan, submit(plan, at(-26, 11, 0)));
      shipAll(plan, signed);
      receive([[plan, deposit(plan.total)]], later(signed, 5 * 24 * 60, 8 * 24 * 60));
    }
    // An order cancelled when the customer changed its purchase order, then placed again.
    {
      const who = rep('rep10');
      const { title, lines } = linesOf();
      const plan = draft(at(-14, 10, 0), who, customerFor(who, totalOf(lines)), title, lines, { paymentTermsDays: 30 });
      const signed = approveAll(plan, submit(plan, at(-14, 10, 45)));
      const placed = order(plan, later(signed, 120, 240), poReference(signed));
      const cancelled = orderAct(plan, later(placed, 24 * 60, 2 * 24 * 60), 'cancel', '客户更换采购单号');
      orderAct(plan, later(order(plan, later(cancelled, 30, 90), poReference(cancelled)), 60, 240), 'confirm');
    }
    // A silver partner asks for more rebate than the tier allows: rejected, and back in draft for the rep to rework.
    {
      const partner = partnerQueue.shift() ?? partners[2]!;
      const { title, lines } = linesOf();
      const plan = draft(at(-5, 10, 0), partner.rep, partner.customer, `${title}（渠道）`, lines, { rebateBp: 1_200 });
      submit(plan, at(-5, 11, 0));
      const rejected = decide(plan, at(-4, 9, 40), 'reject', '返利超出渠道等级上限，请按等级返利重新报价');
      step(later(rejected, 60, 180), async () => {
        const c = contractOf(plan);
        keep(plan, await act(as(partner.rep.login), (w) => contracts.revise(w, c.id, c.version)));
      });
    }
    // Waiting for a decision: plain ones, two over their customers' credit limits, and one waiting for finance.
    for (const [login, offset, h, overLimit] of [
      ['rep3', -1, 16, true], ['rep14', -1, 18, true], ['rep1', -1, 11, false], ['rep5', -3, 15, false], ['rep8', -1, 17, false], ['rep19', -2, 10, false],
    ] as const) {
      const who = rep(login);
      const lines = overLimit ? [priceOf('CL-MES-STD', 1), priceOf('SVC-IMPL-ONSITE', 10)] : linesOf().lines;
      const plan = draft(at(offset, h, 5) - 2 * hour, who, customerFor(who, totalOf(lines), overLimit), overLimit ? 'MES 标准版 新产线' : linesOf().title, lines);
      submit(plan, at(offset, h, 20));
    }
    {
      const who = rep('rep11');
      const lines = [priceOf('CL-MES-ENT', 1), priceOf('SVC-IMPL-ONSITE', 30)];
      const plan = draft(at(-2, 9, 30), who, customerFor(who, totalOf(lines)), 'MES 企业版 集团推广', lines);
      submit(plan, at(-2, 10, 0));
      decide(plan, at(-1, 15, 10), 'approve', '同意，请财务确认付款条件');
    }
    // A busy yesterday for the flash report: contracts approved that day, two paid on signing.
    for (const [index, login] of ['rep1', 'rep4', 'rep12', 'rep16', 'rep20'].entries()) {
      const who = rep(login);
      const { title, lines } = linesOf();
      const plan = draft(at(-3, 10 + index, 15), who, customerFor(who, totalOf(lines)), title, lines);
      submit(plan, at(-2, 9 + index, 30));
      let signed = at(-1, 9 + index, 10);
      for (let i = 0; i < stepsFor(plan.total); i += 1) signed = decide(plan, i === 0 ? signed : later(signed, 30, 90), 'approve');
      if (index % 2 === 0) receive([[plan, deposit(plan.total)]], later(signed, 30, 60), { confirmAfterMinutes: [30, 90] });
    }
    // Drafts still being worked on.
    for (const [login, offset] of [['rep1', -1], ['rep6', -2], ['rep9', -1], ['rep15', -3], ['rep17', -1], ['rep21', -2]] as const) {
      const who = rep(login);
      const { title, lines } = linesOf();
      draft(at(offset, rng.int(9, 17), rng.int(0, 59)), who, customerFor(who, totalOf(lines)), title, lines);
    }

    // ——— the play, in time order ———
    steps.sort((a, b) => a.at - b.at || a.seq - b.seq);
    for (const s of steps) {
      if (s.at > limit) continue;
      story.set(new Date(s.at));
      await s.run();
    }
  } finally {
    await notifier.close();
  }

  return countDocuments(database);
}

export async function countDocuments(database: DatabaseHandle): Promise<DemoDocumentCounts> {
  const db = database.db;
  const count = async (table: 'contracts' | 'purchase_orders' | 'shipments' | 'receipts') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', demoOrgId).executeTakeFirstOrThrow()).n);
  const statuses = await db
    .selectFrom('contracts')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', demoOrgId)
    .groupBy('status')
    .execute();
  const contractsByStatus: Partial<Record<ContractStatus, number>> = {};
  for (const row of statuses) contractsByStatus[row.status as ContractStatus] = Number(row.n);
  return {
    contracts: await count('contracts'), purchaseOrders: await count('purchase_orders'), shipments: await count('shipments'), receipts: await count('receipts'),
    contractsByStatus,
  };
}
