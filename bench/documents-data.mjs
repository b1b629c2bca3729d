#!/usr/bin/env node
/**
 * A document-flow company at scale (issue 6, B1–B5): the people of bench/steward-data.mjs (`--reps` reps in teams of
 * ten under regional teams, a manager per team and region, an admin) plus five ops people, ten regions, customers,
 * 200 products, and ~1,000,000 documents over two years of company days — contracts with 1–4 lines, purchase
 * orders, receipts with their allocations (some split across two contracts of the customer), shipments — with every
 * state change in `document_transitions`, the approval steps, the trace-code counters and the live `sales_figures`,
 * written straight into a migrated SQLite or PostgreSQL database. Run after `npm run build` (it migrates through the
 * built server and walks every state change through core's state machine, packages/core/dist):
 *
 *   node bench/documents-data.mjs --db sqlite   [--file data/documents-bench.db] [--reuse] [--contracts 300000] [--reps 1000]
 *   node bench/documents-data.mjs --db postgres [--pg-url postgres://postgres@127.0.0.1:5432] [--database closeloop_documents] [--reuse]
 *   node bench/documents-data.mjs --db sqlite --check-only     (checks a loaded database: sums, statuses, life stories)
 *
 * or from a script:
 *
 *   import { documentsDatabase, generateDocumentsData } from './documents-data.mjs';
 *
 * The data is the same for the same seed, sizes and `now` (default: 2026-11-27 00:00 in Shanghai, so the company
 * days run up to 26 November and "today" is empty). What it looks like (deterministic pseudo-random):
 * - customers owned by random reps (documents copy the customer's owner, team, region and industry), 1–5 contracts
 *   each, created on a working day (busier lately: the company grows), 09:00–18:00;
 * - contracts: 1–4 lines at prices between the product's floor and list price; the default approval chain (the
 *   owner's team leader, then ops from 100,000 CNY); 3% voided before signing, 2% rejected, 1% left as drafts, 6% of
 *   the signed ones rejected once and revised first; the rest signed after the last approval;
 * - receipts: each signed contract is paid in one to three instalments around its payment terms (6% never pay the
 *   last one), registered on the day the money arrived and confirmed by ops hours to days later; half the time, two
 *   instalments of different contracts of a customer due within 20 days arrive as one receipt split across both; 1.5% of receipts are
 *   refunded, 0.5% voided after confirmation, and 1.5% of instalments were first registered twice (the duplicate
 *   voided);
 * - purchase orders for 55% of signed contracts (placed, confirmed, fulfilled when shipped; 4% cancelled); shipments
 *   0/1/2 per signed contract (35/50/15%), shipped on the planned day — or once paid in full when the terms forbid
 *   shipping unpaid — and delivered 1–7 days later; 4% cancelled;
 * - a contract paid in full whose shipments are delivered is completed (80%) a few days after the later of the two;
 * - everything that would happen after `now` has not happened yet: contracts still in approval, receipts still
 *   registered, shipments still planned;
 * - sales_figures per company day and rep: signed (total and count) on the signing day, collected on the day a
 *   receipt was confirmed, taken back on the day it was refunded or voided.
 * Every status change goes through core's `nextStatus` (a refused one stops the load), so the statuses, paid_minor
 * (= the confirmed allocations), versions and life stories agree as the server would have left them. Loading drops
 * the tables' secondary indexes and builds them again afterwards. The company day is Shanghai's (UTC+8, no DST).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { idOf, openWriter, peopleOf, randomFrom, secondaryIndexes } from './steward-data.mjs';
import { openSql, postgresAdmin, root } from './support.mjs';

const dayMs = 86_400_000;
const hourMs = 3_600_000;
const shanghaiOffsetMs = 8 * hourMs;
export const documentsDataNow = '2026-11-26T16:00:00.000Z'; // 2026-11-27 00:00 in Shanghai
const orgId = 'org_bench';
const currency = 'CNY';
const industries = ['manufacturing', 'education', 'retail', 'healthcare', 'saas', 'finance', 'logistics', 'energy', 'construction', 'government', 'other'];
const sizes = ['micro', 'small', 'medium', 'large', 'enterprise'];
const budgetBands = ['under_100k', '100k_500k', '500k_2m', 'over_2m', 'unknown'];
const decisionChains = ['single', 'multi_level', 'committee', 'unknown'];
const carriers = ['顺丰', '德邦', '京东物流', '中通快运'];
const termsChoices = [0, 15, 30, 30, 30, 45, 60, 90];
const opsApprovalFromMinor = 10_000_000; // the default chain's ops step: 100,000 CNY

// The PostgreSQL types of the non-text columns the writer sends (everything else is text).
const types = {
  version: 'int', line_no: 'int', quantity: 'int', rebate_bp: 'int', payment_terms_days: 'int', shipment_before_payment: 'int',
  round: 'int', step_no: 'int', signed_count: 'int', year: 'int',
  total_minor: 'bigint', paid_minor: 'bigint', unit_price_minor: 'bigint', amount_minor: 'bigint', list_price_minor: 'bigint',
  floor_price_minor: 'bigint', signed_minor: 'bigint', collected_minor: 'bigint', last_value: 'bigint',
};
const docColumns = ['id', 'org_id', 'trace_code', 'customer_id', 'owner_id', 'team_id', 'region_id', 'industry', 'status', 'currency', 'note', 'created_by', 'version', 'created_at', 'updated_at'];
const columns = {
  customers: ['id', 'org_id', 'name', 'name_normal', 'industry', 'region_id', 'city', 'size', 'budget_band', 'decision_chain', 'partner_tier', 'phone', 'phone_normal', 'tags', 'owner_id', 'team_id', 'search_text', 'status', 'version', 'created_at', 'updated_at'],
  contracts: [...docColumns, 'title', 'total_minor', 'paid_minor', 'rebate_bp', 'payment_terms_days', 'shipment_before_payment', 'submitted_at', 'signed_at', 'signed_on', 'due_on', 'checks'],
  contract_lines: ['id', 'org_id', 'contract_id', 'line_no', 'product_id', 'quantity', 'unit_price_minor', 'amount_minor', 'list_price_minor', 'floor_price_minor', 'policy_id'],
  purchase_orders: [...docColumns, 'contract_id', 'amount_minor', 'ordered_on', 'customer_reference'],
  receipts: [...docColumns, 'amount_minor', 'received_on', 'bank_reference', 'payer_name', 'confirmed_by', 'confirmed_at', 'confirmed_on', 'reversed_at', 'reversed_on'],
  receipt_allocations: ['id', 'org_id', 'receipt_id', 'contract_id', 'amount_minor', 'created_at'],
  // Every refund or void of confirmed money, per contract: the flash report reads the day's refunds and paid-as-of here.
  receipt_reversals: ['id', 'org_id', 'reversal_id', 'receipt_id', 'contract_id', 'kind', 'amount_minor', 'reason', 'actor_id', 'reversed_at', 'reversed_on'],
  shipments: [...docColumns, 'contract_id', 'order_id', 'planned_on', 'carrier', 'tracking_no', 'shipped_at', 'shipped_on', 'delivered_at'],
  document_transitions: ['id', 'org_id', 'doc_type', 'doc_id', 'action', 'from_status', 'to_status', 'actor_id', 'reason', 'at'],
  contract_approvals: ['id', 'org_id', 'contract_id', 'round', 'step_no', 'approver_role', 'approver_id', 'status', 'decided_by', 'decided_at', 'comment', 'overrides', 'due_at', 'created_at'],
};
const loadedTables = Object.keys(columns);

const iso = (ms) => new Date(ms).toISOString();
/** The company day (YYYY-MM-DD, Shanghai) of an instant. */
const dayOf = (ms) => new Date(ms + shanghaiOffsetMs).toISOString().slice(0, 10);
/** Midnight in Shanghai of the company day `daysBefore` days before the one holding `ms`. */
const midnightBefore = (ms, daysBefore) => Math.floor((ms + shanghaiOffsetMs) / dayMs) * dayMs - shanghaiOffsetMs - daysBefore * dayMs;
const yearOf = (ms) => Number(dayOf(ms).slice(0, 4));

/**
 * One document walked through core's state machine: each step is checked by `nextStatus` and recorded as a
 * transition, unless it would happen after `now` — then it (and everything after it) has not happened yet.
 */
class Life {
  constructor(out, nextStatus, type, id, status, actorId, at, nowMs) {
    Object.assign(this, { out, nextStatus, type, id, status, nowMs, version: 1, updatedAt: at, stopped: false });
    out.transition(type, id, 'create', null, status, actorId, null, at);
  }

  /** Applies `action` at `at` if that is not in the future; answers whether it happened. */
  step(action, at, actorId, { facts, reason = null } = {}) {
    if (this.stopped || at > this.nowMs) {
      this.stopped = true;
      return false;
    }
    if (at <= this.updatedAt) throw new Error(`${this.type} ${this.id}: ${action} at ${iso(at)} is not after its last change ${iso(this.updatedAt)}`);
    const result = this.nextStatus(this.type, this.status, action, facts);
    if (!result.ok) throw new Error(`${this.type} ${this.id}: core refuses ${action} from ${this.status}: ${JSON.stringify(result.refusal)}`);
    this.out.transition(this.type, this.id, action, this.status, result.to, actorId, reason, at);
    this.status = result.to;
    this.version += 1;
    this.updatedAt = at;
    return true;
  }
}

/** What a batch writes, plus the company-wide tallies (trace-code counters, figures). */
class Output {
  constructor() {
    this.rows = Object.fromEntries(loadedTables.map((t) => [t, []]));
    this.counters = new Map(); // `${type}|${year}` -> last number
    this.figures = new Map(); // `${day}|${ownerId}` -> row
    this.serial = 0;
    this.counts = Object.fromEntries(loadedTables.map((t) => [t, 0]));
  }

  id(prefix, ms) {
    return idOf(prefix, ms, this.serial++);
  }

  traceCode(type, prefix, ms) {
    const year = yearOf(ms);
    const key = `${type}|${year}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
  }

  add(table, row) {
    this.rows[table].push(row);
    this.counts[table] += 1;
  }

  transition(docType, docId, action, from, to, actorId, reason, at) {
    this.add('document_transitions', {
      id: this.id('dt', at), org_id: orgId, doc_type: docType, doc_id: docId, action, from_status: from, to_status: to, actor_id: actorId, reason, at: iso(at),
    });
  }

  figure(ms, owner, change) {
    const day = dayOf(ms);
    const key = `${day}|${owner.id}`;
    let row = this.figures.get(key);
    if (!row) {
      // Like the reaction's upsert: the row keeps the industry of the first document that moved it.
      row = { org_id: orgId, day, owner_id: owner.id, team_id: owner.team_id, region_id: owner.region_id, industry: change.industry, currency, signed_minor: 0, signed_count: 0, collected_minor: 0 };
      this.figures.set(key, row);
    }
    row.signed_minor += change.signedMinor ?? 0;
    row.signed_count += change.signedCount ?? 0;
    row.collected_minor += change.collectedMinor ?? 0;
  }

  take() {
    const rows = this.rows;
    this.rows = Object.fromEntries(loadedTables.map((t) => [t, []]));
    return rows;
  }
}

function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}
const between = (random, lo, hi) => lo + random() * (hi - lo);

/** 200 products, list prices 500–80,000 CNY (log-uniform), floor 80% of list. Minor units (fen). */
function productsOf(random, at) {
  return Array.from({ length: 200 }, (_, i) => {
    const list = Math.round(Math.exp(between(random, Math.log(500), Math.log(80_000)))) * 100;
    return {
      id: `p_${i}`, org_id: orgId, sku: `SKU-${String(i).padStart(4, '0')}`, name: `产品${i + 1}`, category: `品类${(i % 8) + 1}`, unit: '套', currency,
      list_price_minor: list, floor_price_minor: Math.round((list * 0.8) / 100) * 100, search_text: `产品${i + 1} SKU-${String(i).padStart(4, '0')}`,
      status: 'active', version: 1, created_at: at, updated_at: at,
    };
  });
}

/** A working-day instant (09:00–18:00 Shanghai) `daysBefore` company days before `nowMs`'s; weekends mostly move to Friday. */
function workTime(random, nowMs, daysBefore) {
  let midnight = midnightBefore(nowMs, daysBefore);
  const weekday = new Date(midnight + shanghaiOffsetMs).getUTCDay();
  if ((weekday === 6 || weekday === 0) && random() < 0.8) midnight -= (weekday === 6 ? 1 : 2) * dayMs;
  return midnight + 9 * hourMs + Math.floor(random() * 9 * hourMs);
}

/**
 * One customer's documents. Contracts first (their approval), then the money (instalments → receipts, some split
 * across two contracts), then orders and shipments, then each contract's payments and completion in time order.
 */
function makeCustomer(random, n, ctx, out, contractCount) {
  const { nowMs, reps, leaderOf, opsPeople, products, nextStatus } = ctx;
  const owner = pick(random, reps);
  const industry = industries[n % industries.length];
  const customerId = `c_${n}`;
  const scope = { customer_id: customerId, owner_id: owner.id, team_id: owner.team_id, region_id: owner.region_id, industry, currency, note: null };
  const ops = () => pick(random, opsPeople).id;
  const leader = leaderOf.get(owner.team_id);

  const contracts = [];
  for (let k = 0; k < contractCount; k++) {
    // Busier lately: the age in days is 1 + 729·(1 − √u), so the last months hold more than the first.
    const createdMs = workTime(random, nowMs, 1 + Math.floor(729 * (1 - Math.sqrt(random()))));
    const id = out.id('ct', createdMs);
    const lines = [];
    let total = 0;
    const lineCount = 1 + Math.floor(random() * random() * 4);
    for (let l = 1; l <= lineCount; l++) {
      const product = pick(random, products);
      const quantity = 1 + Math.floor(random() * random() * 10);
      const unit = product.floor_price_minor + Math.round((random() * (product.list_price_minor - product.floor_price_minor)) / 100) * 100;
      lines.push({
        id: out.id('cl', createdMs), org_id: orgId, contract_id: id, line_no: l, product_id: product.id, quantity, unit_price_minor: unit,
        amount_minor: unit * quantity, list_price_minor: product.list_price_minor, floor_price_minor: product.floor_price_minor, policy_id: null,
      });
      total += unit * quantity;
    }
    for (const line of lines) out.add('contract_lines', line);
    const contract = {
      ...scope, id, org_id: orgId, trace_code: out.traceCode('contract', 'HT', createdMs), status: 'draft', created_by: owner.id, created_at: iso(createdMs),
      title: `${owner.name}·基准客户${n}·合同${k + 1}`, total_minor: total, paid_minor: 0, rebate_bp: random() < 0.1 ? 200 : 0,
      payment_terms_days: pick(random, termsChoices), shipment_before_payment: random() < 0.8 ? 1 : 0,
      submitted_at: null, signed_at: null, signed_on: null, due_on: null, checks: null,
    };
    const life = new Life(out, nextStatus, 'contract', id, 'draft', owner.id, createdMs, nowMs);
    contracts.push({ row: contract, life, createdMs, signedMs: null });

    const fate = random();
    if (fate < 0.01) continue; // a draft nobody submitted
    if (fate < 0.04) {
      life.step('void', createdMs + between(random, 1, 10) * dayMs, owner.id, { reason: '客户取消采购' });
      continue;
    }
    // Approval rounds: a rejection first for some, then the chain until signed (or until now).
    const rounds = fate < 0.06 ? ['reject'] : random() < 0.06 ? ['reject', 'approve'] : ['approve'];
    let at = createdMs;
    let round = 0;
    for (const outcome of rounds) {
      round += 1;
      if (round > 1) {
        if (!life.step('revise', (at += between(random, 2, 48) * hourMs), owner.id)) break;
      }
      const submittedMs = (at += between(random, 0.5, 30) * hourMs);
      if (!life.step('submit', submittedMs, owner.id)) break;
      contract.submitted_at = iso(submittedMs);
      const chain = [{ role: 'manager', approver: leader }, ...(total >= opsApprovalFromMinor ? [{ role: 'ops', approver: null }] : [])];
      const steps = chain.map((s, i) => ({
        id: out.id('ap', submittedMs), org_id: orgId, contract_id: id, round, step_no: i + 1, approver_role: s.role, approver_id: s.approver,
        status: i === 0 ? 'pending' : 'waiting', decided_by: null, decided_at: null, comment: null, overrides: null,
        due_at: i === 0 ? iso(submittedMs + 48 * hourMs) : null, created_at: iso(submittedMs),
      }));
      for (const step of steps) out.add('contract_approvals', step);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        const decidedMs = (at += between(random, 1, 36) * hourMs);
        const decider = chain[i].role === 'manager' ? leader : ops();
        const last = i === steps.length - 1;
        const action = outcome === 'reject' && last ? 'reject' : last ? 'approve_final' : 'approve_step';
        if (!life.step(action, decidedMs, decider, { reason: action === 'reject' ? '价格低于底价，请重新报价' : null })) break;
        Object.assign(step, { status: action === 'reject' ? 'rejected' : 'approved', decided_by: decider, decided_at: iso(decidedMs), comment: action === 'reject' ? '价格低于底价，请重新报价' : null });
        if (!last) Object.assign(steps[i + 1], { status: 'pending', due_at: iso(decidedMs + 48 * hourMs) });
      }
      if (life.stopped) break;
    }
    if (life.status === 'rejected' && random() < 0.5) life.step('void', life.updatedAt + between(random, 1, 20) * dayMs, owner.id, { reason: '客户放弃' });
    if (life.status === 'signed') {
      const contractRow = contracts.at(-1);
      contractRow.signedMs = life.updatedAt;
      Object.assign(contract, {
        signed_at: iso(life.updatedAt), signed_on: dayOf(life.updatedAt),
        due_on: dayOf(midnightBefore(life.updatedAt, -contract.payment_terms_days) + 12 * hourMs),
      });
      out.figure(life.updatedAt, owner, { signedMinor: total, signedCount: 1, industry });
    }
  }

  // Instalments of the signed contracts, in time order, then receipts (two instalments of different contracts
  // within five days sometimes arrive as one transfer).
  const signed = contracts.filter((c) => c.signedMs !== null);
  const instalments = [];
  for (const c of signed) {
    const u = random();
    let parts = u < 0.6 ? [1] : u < 0.82 ? [0.3, 0.7] : u < 0.92 ? [0.5, 0.5] : [0.3, 0.3, 0.4];
    if (parts.length > 1 && random() < 0.06) parts = parts.slice(0, -1); // the last part never paid
    else if (random() < 0.03) parts = []; // nothing paid yet, long overdue
    let paidSoFar = 0;
    const terms = c.row.payment_terms_days;
    const paysAll = Math.abs(parts.reduce((a, b) => a + b, 0) - 1) < 1e-9;
    parts.forEach((share, i) => {
      // The last part of a contract paid in full is what is left, so the parts add up to the total exactly.
      const amount = paysAll && i === parts.length - 1 ? c.row.total_minor - paidSoFar : Math.max(1, Math.round(c.row.total_minor * share));
      paidSoFar += amount;
      const offsetDays = Math.max(1, ((terms || 7) * (i + 1)) / parts.length + between(random, -5, 12));
      const receivedMs = Math.max(c.signedMs + 2 * hourMs, workTime(random, c.signedMs, -Math.round(offsetDays)));
      instalments.push({ contract: c, amount, receivedMs });
    });
  }
  instalments.sort((a, b) => a.receivedMs - b.receivedMs);
  const receipts = [];
  for (let i = 0; i < instalments.length; i++) {
    const first = instalments[i];
    const second = instalments[i + 1];
    if (second && second.contract !== first.contract && second.receivedMs - first.receivedMs < 20 * dayMs && random() < 0.5) {
      receipts.push({ receivedMs: second.receivedMs, parts: [first, second] });
      i += 1;
    } else {
      receipts.push({ receivedMs: first.receivedMs, parts: [first] });
    }
  }

  const moneyEvents = new Map(); // contract id -> [{ at, delta }]
  const money = (contract, at, delta) => {
    if (!moneyEvents.has(contract.row.id)) moneyEvents.set(contract.row.id, []);
    moneyEvents.get(contract.row.id).push({ at, delta });
  };
  const writeReceipt = (receipt, fate) => {
    const registeredMs = receipt.receivedMs;
    if (registeredMs > nowMs) return;
    const amount = receipt.parts.reduce((a, p) => a + p.amount, 0);
    const id = out.id('rc', registeredMs);
    const registrar = ops();
    const row = {
      ...scope, id, org_id: orgId, trace_code: out.traceCode('receipt', 'HK', registeredMs), status: 'registered', created_by: registrar,
      created_at: iso(registeredMs), amount_minor: amount, received_on: dayOf(registeredMs), bank_reference: `BANK${String(out.serial).padStart(12, '0')}`,
      payer_name: `基准客户${n}有限公司`, confirmed_by: null, confirmed_at: null, confirmed_on: null, reversed_at: null, reversed_on: null,
    };
    for (const part of receipt.parts) {
      out.add('receipt_allocations', { id: out.id('ra', registeredMs), org_id: orgId, receipt_id: id, contract_id: part.contract.row.id, amount_minor: part.amount, created_at: iso(registeredMs) });
    }
    const life = new Life(out, nextStatus, 'receipt', id, 'registered', registrar, registeredMs, nowMs);
    if (fate === 'duplicate') {
      life.step('void', registeredMs + between(random, 0.2, 6) * hourMs, registrar, { reason: '重复登记' });
    } else {
      const confirmer = ops();
      const confirmedMs = registeredMs + between(random, 0.5, 60) * hourMs;
      if (life.step('confirm', confirmedMs, confirmer)) {
        Object.assign(row, { confirmed_by: confirmer, confirmed_at: iso(confirmedMs), confirmed_on: dayOf(confirmedMs) });
        for (const part of receipt.parts) {
          money(part.contract, confirmedMs, part.amount);
          out.figure(confirmedMs, owner, { collectedMinor: part.amount, industry });
        }
        const reversal = fate === 'refund' ? { action: 'refund', afterDays: between(random, 3, 30), reason: '客户退货退款' }
          : fate === 'void' ? { action: 'void', afterDays: between(random, 0.05, 2), reason: '银行流水有误' } : null;
        const reversedMs = reversal ? confirmedMs + reversal.afterDays * dayMs : 0;
        const reverser = reversal ? ops() : null;
        if (reversal && life.step(reversal.action, reversedMs, reverser, { reason: reversal.reason })) {
          Object.assign(row, { reversed_at: iso(reversedMs), reversed_on: dayOf(reversedMs) });
          for (const part of receipt.parts) {
            out.add('receipt_reversals', {
              id: out.id('rv', reversedMs), org_id: orgId, reversal_id: id, receipt_id: id, contract_id: part.contract.row.id, kind: reversal.action,
              amount_minor: part.amount, reason: reversal.reason, actor_id: reverser, reversed_at: iso(reversedMs), reversed_on: dayOf(reversedMs),
            });
            money(part.contract, reversedMs, -part.amount);
            out.figure(reversedMs, owner, { collectedMinor: -part.amount, industry });
          }
        }
      }
    }
    Object.assign(row, { status: life.status, version: life.version, updated_at: iso(life.updatedAt) });
    out.add('receipts', row);
  };
  for (const receipt of receipts) {
    if (random() < 0.015) writeReceipt({ ...receipt, receivedMs: receipt.receivedMs - between(random, 0.2, 1.5) * hourMs }, 'duplicate');
    const u = random();
    writeReceipt(receipt, u < 0.015 ? 'refund' : u < 0.02 ? 'void' : 'keep');
  }

  // Each signed contract's payments in time order, as the receipts' confirmations moved it; then orders, shipments
  // and (when paid in full with everything delivered) completion.
  for (const c of signed) {
    const { row, life } = c;
    const events = (moneyEvents.get(row.id) ?? []).sort((a, b) => a.at - b.at);
    let paid = 0;
    let paidInFullMs = null;
    for (const event of events) {
      paid += event.delta;
      // Two receipts confirmed in the same millisecond would not both move the contract; a millisecond apart they do.
      const at = Math.max(event.at, life.updatedAt + 1);
      life.step(event.delta > 0 ? 'record_payment' : 'reverse_payment', at, null, { facts: { totalMinor: row.total_minor, paidMinor: paid } });
      paidInFullMs = paid === row.total_minor ? at : null;
    }
    row.paid_minor = paid;

    let order = null;
    if (random() < 0.55) {
      const createdMs = c.signedMs + between(random, 2, 240) * hourMs;
      if (createdMs <= nowMs) {
        const id = out.id('po', createdMs);
        order = {
          ...scope, id, org_id: orgId, trace_code: out.traceCode('purchase_order', 'DD', createdMs), status: 'placed', created_by: owner.id, created_at: iso(createdMs),
          contract_id: row.id, amount_minor: row.total_minor, ordered_on: dayOf(createdMs), customer_reference: random() < 0.5 ? `PO-${n}-${contracts.indexOf(c) + 1}` : null,
          life: new Life(out, nextStatus, 'purchase_order', id, 'placed', owner.id, createdMs, nowMs),
        };
        if (random() < 0.04) order.life.step('cancel', createdMs + between(random, 1, 10) * dayMs, owner.id, { reason: '客户撤单' });
        else order.life.step('confirm', createdMs + between(random, 4, 72) * hourMs, ops());
      }
    }

    const shipmentCount = ((u) => (u < 0.35 ? 0 : u < 0.85 ? 1 : 2))(random());
    let delivered = 0;
    let open = 0;
    let lastDeliveredMs = 0;
    for (let s = 0; s < shipmentCount; s++) {
      const createdMs = c.signedMs + between(random, 4, 240) * hourMs;
      if (createdMs > nowMs) {
        open += 1;
        continue;
      }
      const id = out.id('sh', createdMs);
      const plannedMs = workTime(random, createdMs, -Math.round(between(random, 3, 20)));
      const shipment = {
        ...scope, id, org_id: orgId, trace_code: out.traceCode('shipment', 'FH', createdMs), status: 'planned', created_by: owner.id, created_at: iso(createdMs),
        contract_id: row.id, order_id: order && order.life.status !== 'cancelled' ? order.id : null, planned_on: dayOf(plannedMs),
        carrier: null, tracking_no: null, shipped_at: null, shipped_on: null, delivered_at: null,
      };
      const slife = new Life(out, nextStatus, 'shipment', id, 'planned', owner.id, createdMs, nowMs);
      if (random() < 0.04) {
        slife.step('cancel', createdMs + between(random, 1, 5) * dayMs, owner.id, { reason: '合并到另一张发货单' });
      } else {
        // Terms that forbid shipping unpaid hold the goods until the contract is paid in full.
        const shipMs = row.shipment_before_payment === 1 ? plannedMs : paidInFullMs === null ? Infinity : Math.max(plannedMs, paidInFullMs + between(random, 2, 48) * hourMs);
        if (Number.isFinite(shipMs) && slife.step('ship', Math.max(shipMs, createdMs + hourMs), owner.id)) {
          Object.assign(shipment, { carrier: pick(random, carriers), tracking_no: `SF${String(out.serial).padStart(12, '0')}`, shipped_at: iso(slife.updatedAt), shipped_on: dayOf(slife.updatedAt) });
          const deliveredMs = slife.updatedAt + between(random, 1, 7) * dayMs;
          if (slife.step('deliver', deliveredMs, owner.id)) {
            shipment.delivered_at = iso(deliveredMs);
            delivered += 1;
            lastDeliveredMs = Math.max(lastDeliveredMs, deliveredMs);
          }
        }
      }
      if (slife.status === 'planned' || slife.status === 'shipped') open += 1;
      Object.assign(shipment, { status: slife.status, version: slife.version, updated_at: iso(slife.updatedAt) });
      out.add('shipments', shipment);
    }
    if (order) {
      if (order.life.status === 'confirmed' && open === 0 && (delivered > 0 || shipmentCount === 0)) {
        order.life.step('fulfil', Math.max(order.life.updatedAt, lastDeliveredMs) + between(random, 1, 48) * hourMs, ops());
      }
      const { life: olife, ...orderRow } = order;
      out.add('purchase_orders', { ...orderRow, status: olife.status, version: olife.version, updated_at: iso(olife.updatedAt) });
    }
    if (life.status === 'paid' && open === 0 && delivered > 0 && random() < 0.8) {
      life.step('complete', Math.max(life.updatedAt, lastDeliveredMs) + between(random, 1, 5) * dayMs, owner.id, { facts: { allShipmentsDelivered: true } });
    }
  }

  for (const c of contracts) {
    Object.assign(c.row, { status: c.life.status, version: c.life.version, updated_at: iso(c.life.updatedAt) });
    out.add('contracts', c.row);
  }
  const firstMs = Math.min(...contracts.map((c) => c.createdMs)) - 30 * dayMs;
  const name = `基准客户${n}有限公司`;
  const phone = `138${String(n).padStart(8, '0')}`;
  out.add('customers', {
    id: customerId, org_id: orgId, name, name_normal: name, industry, region_id: owner.region_id, city: null, size: pick(random, sizes),
    budget_band: pick(random, budgetBands), decision_chain: pick(random, decisionChains), partner_tier: random() < 0.05 ? 'silver' : null,
    phone, phone_normal: phone, tags: '[]', owner_id: owner.id, team_id: owner.team_id, search_text: `${name} ${phone}`, status: 'active', version: 1,
    created_at: iso(firstMs), updated_at: iso(firstMs),
  });
}

export async function generateDocumentsData({
  databaseUrl, reps: repCount = 1000, contracts: contractTarget = 300_000, seed = 1, now = new Date(documentsDataNow), log = () => undefined,
}) {
  const started = performance.now();
  const dist = path.join(root, 'packages/server/dist');
  if (!fs.existsSync(path.join(dist, 'server.js'))) throw new Error('build first: npm run build');
  const { openDatabase } = await import(pathToFileURL(path.join(dist, 'platform/db/database.js')).href);
  const { migrateToLatest } = await import(pathToFileURL(path.join(dist, 'platform/db/migrate.js')).href);
  const { nextStatus } = await import(pathToFileURL(path.join(root, 'packages/core/dist/index.js')).href);
  const migrated = openDatabase(databaseUrl);
  try {
    await migrateToLatest(migrated.db);
  } finally {
    await migrated.close();
  }

  const writer = await openWriter(databaseUrl);
  const nowMs = now.getTime();
  const at = iso(nowMs - 800 * dayMs);
  try {
    if ((await writer.query('select count(*) as n from contracts'))[0].n > 0) throw new Error(`${databaseUrl} already has contracts: give a fresh database`);
    await writer.write('orgs', ['id', 'name', 'time_zone', 'currency', 'created_at'], [{ id: orgId, name: '基准测试公司', time_zone: 'Asia/Shanghai', currency, created_at: at }]);
    const { teams, users, reps } = peopleOf(orgId, repCount, at);
    const regionCount = teams.filter((t) => t.parent_id === null).length;
    const regions = Array.from({ length: regionCount }, (_, r) => ({ id: `r_${r}`, org_id: orgId, name: `大区${r + 1}`, parent_id: null, code: `R${r + 1}`, created_at: at }));
    for (const team of teams) team.region_id = `r_${team.parent_id === null ? team.id.slice('t_region_'.length) : team.parent_id.slice('t_region_'.length)}`;
    const opsPeople = Array.from({ length: 5 }, (_, i) => ({
      id: `u_ops_${i}`, org_id: orgId, name: `财务${i + 1}`, email: `u_ops_${i}@bench.closeloop.cn`, role: 'ops', team_id: null, data_scope: 'all',
      password_hash: 'bench-no-sign-in', locale: 'zh-CN', created_at: at, updated_at: at,
    }));
    await writer.write('regions', ['id', 'org_id', 'name', 'parent_id', 'code', 'created_at'], regions);
    await writer.write('teams', ['id', 'org_id', 'name', 'parent_id', 'region_id', 'leader_id', 'created_at', 'updated_at'], teams);
    await writer.write('users', ['id', 'org_id', 'name', 'email', 'role', 'team_id', 'data_scope', 'password_hash', 'locale', 'created_at', 'updated_at'], [...users, ...opsPeople]);
    const random = randomFrom(seed);
    const products = productsOf(random, at);
    await writer.write('products', ['id', 'org_id', 'sku', 'name', 'category', 'unit', 'currency', 'list_price_minor', 'floor_price_minor', 'search_text', 'status', 'version', 'created_at', 'updated_at'], products, types);

    const regionOfTeam = new Map(teams.map((t) => [t.id, t.region_id]));
    for (const rep of reps) rep.region_id = regionOfTeam.get(rep.team_id);
    const leaderOf = new Map(teams.map((t) => [t.id, t.leader_id]));
    const ctx = { nowMs, reps, leaderOf, opsPeople, products, nextStatus };

    const dropped = [];
    for (const table of loadedTables) dropped.push(...(await secondaryIndexes(writer, table)));
    for (const index of dropped) await writer.run(`drop index ${index.name}`);
    const out = new Output();
    const flush = async () => {
      const rows = out.take();
      for (const table of loadedTables) if (rows[table].length > 0) await writer.write(table, columns[table], rows[table], types);
    };
    let made = 0;
    let customers = 0;
    let reported = 0;
    while (made < contractTarget) {
      const count = Math.min(contractTarget - made, 1 + Math.floor(random() * 5));
      makeCustomer(random, customers, ctx, out, count);
      customers += 1;
      made += count;
      if (out.rows.document_transitions.length >= 60_000) await flush();
      if (made - reported >= 50_000) {
        reported = made;
        log(`${made.toLocaleString('en-US')} contracts, ${Object.entries(out.counts).map(([t, c]) => `${c.toLocaleString('en-US')} ${t}`).join(', ')}`);
      }
    }
    await flush();
    await writer.write('sales_figures', ['org_id', 'day', 'owner_id', 'team_id', 'region_id', 'industry', 'currency', 'signed_minor', 'signed_count', 'collected_minor'], [...out.figures.values()], types);
    await writer.write('document_counters', ['org_id', 'doc_type', 'year', 'last_value'],
      [...out.counters].map(([key, last]) => ({ org_id: orgId, doc_type: key.split('|')[0], year: Number(key.split('|')[1]), last_value: last })), types);
    const loadedSeconds = (performance.now() - started) / 1000;
    log(`loaded in ${loadedSeconds.toFixed(1)} s; building ${dropped.length} indexes again`);
    for (const index of dropped) await writer.run(index.create);
    // Fresh tables: statistics for the planner and, on PostgreSQL, the visibility map for index-only scans.
    if (writer.dialect === 'sqlite') await writer.run('analyze');
    else for (const table of [...loadedTables, 'sales_figures']) await writer.run(`vacuum analyze ${table}`);
    const counts = { ...out.counts, sales_figures: out.figures.size };
    const documents = counts.contracts + counts.purchase_orders + counts.receipts + counts.shipments;
    log(`indexed at ${((performance.now() - started) / 1000).toFixed(1)} s: ${documents.toLocaleString('en-US')} documents`);
    return {
      orgId, now: iso(nowMs), reps: reps.length, customers, documents, counts, loadedSeconds, seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await writer.close();
  }
}

/**
 * Checks a loaded database the way the server would see it: every sum, status and life story agrees. Answers
 * { problems: [...], facts: {...} }; an empty list means consistent.
 */
export async function checkDocumentsData(databaseUrl) {
  const sql = await openSql(databaseUrl);
  const problems = [];
  const one = async (text) => Number(Object.values((await sql.all(text))[0])[0] ?? 0);
  const expectZero = async (what, text) => {
    const n = await one(text);
    if (n !== 0) problems.push(`${what}: ${n}`);
  };
  try {
    const confirmedAllocations = `select a.contract_id, sum(a.amount_minor) as paid from receipt_allocations a join receipts r on r.id = a.receipt_id where r.status = 'confirmed' group by a.contract_id`;
    await expectZero('contracts whose paid_minor is not their confirmed allocations',
      `select count(*) from contracts c left join (${confirmedAllocations}) p on p.contract_id = c.id where c.paid_minor <> coalesce(p.paid, 0)`);
    await expectZero('contracts whose status does not follow what is paid',
      `select count(*) from contracts where (status = 'signed' and paid_minor <> 0) or (status = 'partially_paid' and (paid_minor <= 0 or paid_minor >= total_minor))
         or (status in ('paid', 'completed') and paid_minor <> total_minor) or (status in ('draft', 'in_approval', 'rejected', 'voided') and paid_minor <> 0)`);
    await expectZero('contracts whose total is not their lines', `select count(*) from contracts c join (select contract_id, sum(amount_minor) as s from contract_lines group by contract_id) l on l.contract_id = c.id where l.s <> c.total_minor`);
    await expectZero('signed contracts without signed_on', `select count(*) from contracts where status in ('signed', 'partially_paid', 'paid', 'completed') and signed_on is null`);
    await expectZero('receipts whose allocations do not add up', `select count(*) from receipts r join (select receipt_id, sum(amount_minor) as s from receipt_allocations group by receipt_id) a on a.receipt_id = r.id where a.s <> r.amount_minor`);
    await expectZero('confirmed receipts without confirmed_on', `select count(*) from receipts where status = 'confirmed' and confirmed_on is null`);
    await expectZero('documents not owned like their customer',
      ['contracts', 'purchase_orders', 'receipts', 'shipments'].map((t) => `(select count(*) from ${t} d join customers c on c.id = d.customer_id where c.owner_id <> d.owner_id or c.region_id <> d.region_id)`).join(' + ').replace(/^/, 'select '));
    for (const [type, table] of [['contract', 'contracts'], ['purchase_order', 'purchase_orders'], ['receipt', 'receipts'], ['shipment', 'shipments']]) {
      // The life story: one creation, one transition per version step, and the last one lands on the status.
      await expectZero(`${table} whose version is not their transitions`,
        `select count(*) from ${table} d join (select doc_id, count(*) as n from document_transitions where doc_type = '${type}' group by doc_id) t on t.doc_id = d.id where t.n <> d.version`);
      await expectZero(`${table} whose last transition is not their status`,
        `select count(*) from ${table} d join document_transitions t on t.doc_id = d.id and t.at = d.updated_at where t.to_status <> d.status`);
      await expectZero(`${table} without transitions`, `select count(*) from ${table} d where not exists (select 1 from document_transitions t where t.doc_id = d.id)`);
    }
    // Figures and counters are compared by adding both sides with opposite signs per key: linear on both engines.
    await expectZero('days and reps whose signed figures are not their contracts',
      `select count(*) from (select day, owner_id from (
          select signed_on as day, owner_id, total_minor as minor, 1 as n from contracts where status in ('signed', 'partially_paid', 'paid', 'completed')
          union all select day, owner_id, -signed_minor, -signed_count from sales_figures
        ) x group by day, owner_id having sum(minor) <> 0 or sum(n) <> 0) y`);
    await expectZero('days and reps whose collected figures are not their receipts',
      `select count(*) from (select day, owner_id from (
          select r.confirmed_on as day, c.owner_id, a.amount_minor as minor from receipt_allocations a join receipts r on r.id = a.receipt_id join contracts c on c.id = a.contract_id where r.confirmed_on is not null
          union all select v.reversed_on, c.owner_id, -v.amount_minor from receipt_reversals v join contracts c on c.id = v.contract_id
          union all select day, owner_id, -collected_minor from sales_figures
        ) x group by day, owner_id having sum(minor) <> 0) y`);
    // Every prefix here has two letters: HT-2026-000123.
    await expectZero('trace-code counters that are not the codes handed out',
      `select count(*) from (select doc_type, year from (
          select 'contract' as doc_type, substr(trace_code, 4, 4) as year, 1 as n from contracts
          union all select 'purchase_order', substr(trace_code, 4, 4), 1 from purchase_orders
          union all select 'receipt', substr(trace_code, 4, 4), 1 from receipts
          union all select 'shipment', substr(trace_code, 4, 4), 1 from shipments
          union all select doc_type, cast(year as text), -last_value from document_counters
        ) x group by doc_type, year having sum(n) <> 0) y`);
    const facts = {};
    for (const table of [...loadedTables, 'sales_figures']) facts[table] = await one(`select count(*) from ${table}`);
    for (const table of ['contracts', 'receipts', 'purchase_orders', 'shipments']) {
      facts[`${table} by status`] = Object.fromEntries((await sql.all(`select status, count(*) as n from ${table} group by status order by status`)).map((r) => [r.status, Number(r.n)]));
    }
    facts['receipts split across contracts'] = await one('select count(*) from (select receipt_id from receipt_allocations group by receipt_id having count(*) > 1) x');
    facts['company days'] = await one('select count(distinct day) from sales_figures');
    return { problems, facts };
  } finally {
    await sql.close();
  }
}

/** Contracts in the database at `databaseUrl`, or -1 when it can't be read (no such file or database yet). */
async function contractCount(databaseUrl) {
  try {
    const sql = await openSql(databaseUrl);
    try {
      return Number((await sql.all('select count(*) as n from contracts'))[0].n);
    } finally {
      await sql.close();
    }
  } catch {
    return -1;
  }
}

/**
 * A benchmark's document company on `dialect`: the SQLite `file` or the PostgreSQL database `pgDatabase` under
 * `pgUrl`, kept when `reuse` is set and it already holds `contracts` contracts, otherwise created afresh and loaded.
 * Answers its URL and what the load took (null when reused).
 */
export async function documentsDatabase({ dialect, file, pgUrl, pgDatabase = 'closeloop_documents', reps = 1000, contracts = 300_000, seed = 1, reuse, now, log }) {
  const pgBase = pgUrl.replace(/\/$/, '');
  const databaseUrl = dialect === 'sqlite' ? `sqlite:${path.resolve(file)}` : `${pgBase}/${pgDatabase}`;
  if (reuse && (await contractCount(databaseUrl)) === contracts) {
    log(`${dialect}: reusing ${databaseUrl}`);
    return { databaseUrl, load: null };
  }
  if (dialect === 'sqlite') {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.resolve(file) + suffix, { force: true });
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  } else {
    await postgresAdmin(pgBase, [`drop database if exists ${pgDatabase} with (force)`, `create database ${pgDatabase}`]);
  }
  log(`${dialect}: loading ${reps} reps and ${contracts.toLocaleString('en-US')} contracts with their orders, receipts and shipments`);
  const company = await generateDocumentsData({ databaseUrl, reps, contracts, seed, now, log: (m) => log(`${dialect}: ${m}`) });
  log(`${dialect}: loaded ${company.documents.toLocaleString('en-US')} documents in ${company.seconds.toFixed(1)} s`);
  return { databaseUrl, load: company };
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite' },
      file: { type: 'string', default: path.join(root, 'data', 'documents-bench.db') },
      'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432' },
      database: { type: 'string', default: 'closeloop_documents' },
      reps: { type: 'string', default: '1000' },
      contracts: { type: 'string', default: '300000' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string', default: documentsDataNow },
      reuse: { type: 'boolean', default: false },
      'check-only': { type: 'boolean', default: false },
      'no-check': { type: 'boolean', default: false },
    },
  });
  if (args.db !== 'sqlite' && args.db !== 'postgres') throw new Error('--db is sqlite or postgres');
  const log = (message) => console.error(`[documents-data] ${message}`);
  let databaseUrl;
  let load = null;
  if (args['check-only']) {
    databaseUrl = args.db === 'sqlite' ? `sqlite:${path.resolve(args.file)}` : `${args['pg-url'].replace(/\/$/, '')}/${args.database}`;
  } else {
    ({ databaseUrl, load } = await documentsDatabase({
      dialect: args.db, file: args.file, pgUrl: args['pg-url'], pgDatabase: args.database, reps: Number(args.reps), contracts: Number(args.contracts),
      seed: Number(args.seed), reuse: args.reuse, now: new Date(args.now), log,
    }));
  }
  let check = null;
  if (!args['no-check']) {
    const started = performance.now();
    check = await checkDocumentsData(databaseUrl);
    log(`checked in ${((performance.now() - started) / 1000).toFixed(1)} s: ${check.problems.length === 0 ? 'consistent' : check.problems.join('; ')}`);
  }
  console.log(JSON.stringify({ databaseUrl, load, check }, null, 1));
  if (check && check.problems.length > 0) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
