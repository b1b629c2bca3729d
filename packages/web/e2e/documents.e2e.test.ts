/**
 * The document flow's main path (B1–B3, B5) across four people: a rep drafts a contract that breaks the customer's
 * credit limit, submits it and sees why, line and amount; the team's manager approves it with an override and a
 * comment; finance registers the customer's payment against it and confirms it — and the manager's sales board, open
 * all the while, shows the collected figure move without a reload.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, eventually, fill, hasChromium, useDemo } from './support/harness.js';

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
});
