/**
 * The document flow's main path (B1–B3, B5) across four people: a rep drafts a contract that breaks the customer's
 * credit limit, submits it and sees why, line and amount; the team's manager approves it with an override and a
 * comment; finance registers the customer's payment against it and confirms it — and the manager's sales board, open
 * all the while, shows the collected figure move without a reload. Then finance's own path: re-matching a registered
 * receipt across two contracts (with the form's and the server's refusals shown), confirming it, and refunding part of
 * it — per contract, then an amount pro rata.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, eventually, fill, hasChromium, useDemo, type DemoServer } from './support/harness.js';

/** Picks how to refund; the radio's label is clicked once the dialog stands still (its opening zoom moves it). */
async function chooseRefundMode(page: Page, mode: 'all' | 'amount' | 'split'): Promise<void> {
  await page.getByTestId('refund-dialog').waitFor();
  await page.locator('label', { has: page.getByTestId(`refund-mode-${mode}`) }).click();
  await expect.poll(() => page.getByTestId(`refund-mode-${mode}`).isChecked()).toBe(true);
}

/** Two signed contracts of one customer of rep1, written straight to the database (the UI under test starts after signing). */
async function twoSignedContracts(server: DemoServer, totals: [number, number]): Promise<{ customerId: string; contracts: Array<{ id: string; code: string }> }> {
  const db = server.db;
  const rep = await db.selectFrom('users').select(['id']).where('email', 'like', 'rep1@%').executeTakeFirstOrThrow();
  const customer = await db.selectFrom('customers').selectAll().where('owner_id', '=', rep.id).where('status', '=', 'active').orderBy('id').executeTakeFirstOrThrow();
  const product = await db.selectFrom('products').select(['id']).where('org_id', '=', customer.org_id).orderBy('id').executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const contracts = [];
  for (const [i, total] of totals.entries()) {
    const id = `E2E-REFUND-${Date.now()}-${i}`;
    const code = `HT-2026-E2E${Date.now() % 100_000}${i}`;
    await db.insertInto('contracts').values({
      id, org_id: customer.org_id, trace_code: code, customer_id: customer.id, owner_id: customer.owner_id, team_id: customer.team_id, region_id: customer.region_id,
      industry: customer.industry, status: 'signed', currency: 'CNY', note: null, created_by: customer.owner_id, version: 1, created_at: now, updated_at: now,
      title: `退款测试合同 ${i + 1}`, total_minor: total, paid_minor: 0, rebate_bp: 0, payment_terms_days: 30, shipment_before_payment: 1, submitted_at: now, signed_at: now,
      signed_on: now.slice(0, 10), due_on: null, checks: null,
    }).execute();
    await db.insertInto('contract_lines').values({
      id: `${id}-L1`, org_id: customer.org_id, contract_id: id, line_no: 1, product_id: product.id, quantity: 1, unit_price_minor: total, amount_minor: total,
      list_price_minor: null, floor_price_minor: null, policy_id: null,
    }).execute();
    contracts.push({ id, code });
  }
  return { customerId: customer.id, contracts };
}

/** Picks an option of an antd Select found by test id, typing `search` into it first (the server searches). */
async function choose(page: Page, testId: string, search: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

describe.skipIf(!hasChromium)('document flow: draft → failed checks → override → payment → live board (browser)', () => {
  const demo = useDemo();

  it('a rep sees why a contract fails its credit limit, a manager overrides, finance confirms a payment and the board moves live', async () => {
    const db = demo.server.db;
    const rep = await db.selectFrom('users').select(['id']).where('email', 'like', 'rep1@%').executeTakeFirstOrThrow();
    // The rep's customer with the lowest credit limit: one MES licence at list price is already over it.
    const customer = await db.selectFrom('customers').select(['id', 'name', 'credit_limit_minor'])
      .where('owner_id', '=', rep.id).where('status', '=', 'active').where('credit_limit_minor', 'is not', null)
      .orderBy('credit_limit_minor', 'asc').executeTakeFirstOrThrow();
    const quantity = Math.floor(Number(customer.credit_limit_minor) / 12_000_000) + 1;

    // The rep drafts it on the desk: customer, one line at the list price, the live total.
    const desk = await demo.page('desktop', 'rep1');
    await desk.goto('/contracts/new');
    await desk.getByTestId('contract-editor').waitFor();
    await choose(desk, 'contract-customer', customer.name.slice(0, 6), customer.name);
    await fill(desk, 'contract-title', 'MES 标准版 超额度测试');
    await choose(desk, 'line-product-0', 'CL-MES-STD', 'CL-MES-STD');
    await eventually(() => desk.getByTestId('line-price-0').inputValue()).toBe('120000.00');
    await fill(desk, 'line-quantity-0', String(quantity));
    await eventually(() => desk.getByTestId('contract-total').innerText()).toContain((120_000 * quantity).toLocaleString('en-US'));

    // Submitting lands on the contract: in approval, with the credit limit named and by how much.
    await desk.getByTestId('contract-submit').click();
    await desk.waitForURL((url) => /^\/contracts\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    const contractId = new URL(desk.url()).pathname.split('/').pop()!;
    const violation = desk.getByTestId('violation-credit_limit_exceeded');
    await violation.waitFor();
    const contract = await db.selectFrom('contracts').select(['trace_code', 'status', 'total_minor']).where('id', '=', contractId).executeTakeFirstOrThrow();
    expect(contract.status).toBe('in_approval');
    const excess = Number(contract.total_minor) - Number(customer.credit_limit_minor);
    expect(await violation.innerText()).toContain((excess / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
    await desk.getByTestId('contract-approvals').waitFor();

    // The manager of the rep's team keeps the sales board open, then approves from the inbox with an override.
    const board = await demo.page('desktop', 'manager.sh1');
    await board.goto('/figures');
    const collected = board.getByTestId('figures-collected');
    await collected.waitFor();
    const before = await collected.innerText();

    const manager = await demo.page('desktop', 'manager.sh1');
    await manager.goto('/approvals');
    const row = manager.getByTestId('approvals-table').locator('tr').filter({ hasText: contract.trace_code });
    await row.getByTestId('approval-override').click();
    await manager.getByTestId('violation-credit_limit_exceeded').waitFor();
    await fill(manager, 'approval-comment', '老客户，历史回款良好，同意超额度');
    await manager.getByTestId('approval-confirm').click();
    await eventually(async () => (await db.selectFrom('contract_approvals').select('status').where('contract_id', '=', contractId).where('step_no', '=', 1).executeTakeFirst())?.status).toBe('approved');

    // Finance's own step (large contracts), through the API: the override above already covers the failed checks.
    const ops = await apiAs(demo.server, 'ops');
    const inbox = await ops.call<{ items: Array<{ contractId: string; approvalId: string }> }>('GET', '/approvals?status=pending');
    for (const item of inbox.body.items.filter((i) => i.contractId === contractId)) {
      const answer = await ops.call('POST', `/contracts/${contractId}/approvals/${item.approvalId}/approve`, { comment: '同意' });
      expect(answer.status).toBe(200);
    }
    await eventually(async () => (await db.selectFrom('contracts').select('status').where('id', '=', contractId).executeTakeFirst())?.status).toBe('signed');

    // Finance registers 10,000.00 against the contract and confirms it in one go.
    const finance = await demo.page('desktop', 'ops');
    await finance.goto('/receipts');
    await finance.getByTestId('receipt-register').click();
    await choose(finance, 'receipt-customer', customer.name.slice(0, 6), customer.name);
    await fill(finance, 'receipt-amount', '10000');
    await fill(finance, `allocate-${contract.trace_code}`, '10000');
    await eventually(() => finance.getByTestId('receipt-rest').innerText()).toMatch(/0\.00/);
    await finance.getByTestId('receipt-save-confirm').click();
    await eventually(async () => (await db.selectFrom('contracts').select('status').where('id', '=', contractId).executeTakeFirst())?.status).toBe('partially_paid');

    // The board moved by itself: no reload since it was opened.
    await eventually(() => collected.innerText()).not.toBe(before);
    expect(board.url()).toContain('/figures');
    // And the contract's life tells the whole story in order.
    await desk.goto(`/contracts/${contractId}?tab=life`);
    await eventually(() => desk.getByTestId('life-event').count()).toBeGreaterThanOrEqual(4);
  });

  it('finance re-matches a registered receipt across two contracts, confirms it, and refunds part of it per contract and then pro rata', async () => {
    const db = demo.server.db;
    const { customerId, contracts } = await twoSignedContracts(demo.server, [5_000_000, 3_000_000]);
    const [a, b] = contracts as [{ id: string; code: string }, { id: string; code: string }];
    const paid = async (id: string) => db.selectFrom('contracts').select(['status', 'paid_minor']).where('id', '=', id).executeTakeFirstOrThrow().then((r) => `${r.status} ${Number(r.paid_minor)}`);
    // Registered through the API with 60,000.00 of which only 50,000.00 is matched (to A).
    const ops = await apiAs(demo.server, 'ops');
    const registered = await ops.call<{ id: string }>('POST', '/receipts', { customerId, amountMinor: 6_000_000, receivedOn: new Date().toISOString().slice(0, 10), allocations: [{ contractId: a.id, amountMinor: 5_000_000 }] });
    expect(registered.status).toBe(201);
    const receiptId = registered.body.id;

    const finance = await demo.page('desktop', 'ops');
    await finance.goto(`/receipts?open=${receiptId}`);
    const card = finance.getByTestId('receipt-opened');
    await card.getByTestId('receipt-edit-allocations').click();
    await finance.getByTestId('allocations-drawer').waitFor();
    await eventually(() => finance.getByTestId(`reallocate-${a.code}`).inputValue()).toBe('50000.00');
    // More than the receipt holds: the form says by how much and will not save.
    await fill(finance, `reallocate-${b.code}`, '30000');
    await finance.getByTestId('reallocate-over').waitFor();
    expect(await finance.getByTestId('reallocate-over').innerText()).toContain('20,000.00');
    expect(await finance.getByTestId('allocations-save').isDisabled()).toBe(true);
    // A refusal only the server can know — B was moved to another currency meanwhile — lands on B's row, naming both.
    await fill(finance, `reallocate-${b.code}`, '10000');
    await eventually(() => finance.getByTestId('reallocate-rest').innerText()).toMatch(/0\.00/);
    await db.updateTable('contracts').set({ currency: 'USD' }).where('id', '=', b.id).execute();
    await finance.getByTestId('allocations-save').click();
    const rowError = finance.getByTestId(`reallocate-error-${b.code}`);
    await rowError.waitFor();
    expect(await rowError.innerText()).toMatch(/USD.*CNY/);
    await db.updateTable('contracts').set({ currency: 'CNY' }).where('id', '=', b.id).execute();
    await finance.getByTestId('allocations-save').click();
    await finance.getByTestId('allocations-drawer').waitFor({ state: 'hidden' });
    const allocations = await db.selectFrom('receipt_allocations').select(['contract_id', 'amount_minor']).where('receipt_id', '=', receiptId).execute();
    expect(allocations.map((x) => `${x.contract_id} ${Number(x.amount_minor)}`).sort()).toEqual([`${a.id} 5000000`, `${b.id} 1000000`].sort());
    const audited = await db.selectFrom('audit_log').select('action').where('entity_id', '=', receiptId).where('action', '=', 'update').execute();
    expect(audited).toHaveLength(1);

    // Confirmed from the page: A is paid, B partly.
    await card.getByTestId('receipt-confirm').click();
    await finance.getByTestId('receipt-confirm-ok').click();
    await eventually(() => paid(a.id)).toBe('paid 5000000');
    expect(await paid(b.id)).toBe('partially_paid 1000000');

    // A returned line of A: 10,000.00 off A only. Typing more than A holds is flagged first.
    await card.getByTestId('receipt-refund').click();
    await finance.getByTestId('refund-dialog').waitFor();
    await chooseRefundMode(finance, 'split');
    await fill(finance, `refund-split-${a.code}`, '60000');
    await eventually(() => finance.getByTestId('refund-dialog').innerText()).toContain('50,000.00');
    expect(await finance.getByTestId('refund-ok').isDisabled()).toBe(true);
    await fill(finance, `refund-split-${a.code}`, '10000');
    await fill(finance, 'receipt-reason', '退回第 1 行设备');
    await finance.getByTestId('refund-ok').click();
    await eventually(() => paid(a.id)).toBe('partially_paid 4000000');
    expect(await paid(b.id)).toBe('partially_paid 1000000');
    expect((await db.selectFrom('receipts').select('status').where('id', '=', receiptId).executeTakeFirstOrThrow()).status).toBe('confirmed');

    // Then 5,000.00 pro rata over what each still holds (40,000.00 and 10,000.00): 4,000.00 and 1,000.00, previewed first.
    await eventually(() => card.getByTestId('allocation-refunded').count()).toBe(1);
    await card.getByTestId('receipt-refund').click();
    await chooseRefundMode(finance, 'amount');
    await fill(finance, 'refund-amount', '5000');
    await eventually(() => finance.getByTestId(`refund-part-${a.code}`).innerText()).toContain('4,000.00');
    expect(await finance.getByTestId(`refund-part-${b.code}`).innerText()).toContain('1,000.00');
    await fill(finance, 'receipt-reason', '折让');
    await finance.getByTestId('refund-ok').click();
    await eventually(() => paid(a.id)).toBe('partially_paid 3600000');
    expect(await paid(b.id)).toBe('partially_paid 900000');
    const refunds = await db.selectFrom('receipt_reversals').select(['contract_id', 'amount_minor', 'reason']).where('receipt_id', '=', receiptId).orderBy('reversed_at').orderBy('contract_id').execute();
    expect(refunds.map((r) => Number(r.amount_minor)).reduce((x, y) => x + y, 0)).toBe(1_500_000);
    // The list shows what was refunded of it, once it has refetched.
    const { trace_code: receiptCode } = await db.selectFrom('receipts').select('trace_code').where('id', '=', receiptId).executeTakeFirstOrThrow();
    await eventually(() => finance.getByTestId('receipts-table').locator('tr').filter({ hasText: receiptCode }).first().innerText()).toContain('15,000.00');
  });
});
