/**
 * Commissions in the browser (C1–C3): the demo opens on real pay (its plan paid the story's receipts): a manager reads
 * a rep's statement with its rules by name, on the desk and — picking the rep — on the phone, where a rep has no
 * picker. An analyst (ops) saves a plan — first with a mistake the server names by its place in the document — and
 * assigns it to a rep; the rep's statement is open while finance confirms a payment on the rep's contract (through
 * the API) and refreshes by itself with the line, its plan and version, rule and arithmetic; the same on the phone. A
 * proposal too large to list every changed line says so, and its difference downloads as a spreadsheet. And the try-a-plan page runs the example of
 * docs/examples/commission and shows its totals.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, eventually, fill, hasChromium, uiText, useDemo } from './support/harness.js';
import { repoRoot } from './support/web-build.mjs';

/** Picks an option of an antd Select found by test id, typing `search` into it first. */
async function choose(page: Page, testId: string, search: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.keyboard.type(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** "12,345.60" as the pages show an amount of minor units (in any currency symbol's company). */
const shown = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });

const plan = (year: string, bands: string) => `id: e2e-ae
version: 1
name: 华东销售提成（浏览器测试）
currency: CNY
period: quarter
effective: { from: ${year}-01-01 }
components:
  - id: base
    name: 回款提成
    type: table
    measure: amount
    basis: period
    method: marginal
    bands: ${bands}
`;

/** The company's current quarter, as the statement pages open on it. */
const currentQuarter = (timeZone: string) => {
  const today = new Date().toLocaleDateString('en-CA', { timeZone });
  return `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
};

describe.skipIf(!hasChromium)('commissions: plan → assignment → payment → explained statement; try a plan (browser)', () => {
  const demo = useDemo();

  it('the demo opens on real pay: a manager reads a rep\'s statement by rule name on the desk, and picks the rep on the phone', async () => {
    const db = demo.server.db;
    const org = await db.selectFrom('orgs').select(['time_zone']).executeTakeFirstOrThrow();
    const quarter = currentQuarter(org.time_zone);
    // The server's runner pays the story's receipts from their events when it starts: wait until it has caught up.
    // (On PostgreSQL an event gets its position when it is sequenced, so one without a position is still to come.)
    const unpaid = async () => {
      const done = Number((await db.selectFrom('reaction_checkpoints').select('position').where('reaction', '=', 'commissions.payments').executeTakeFirst())?.position ?? 0);
      const left = await db.selectFrom('events').select('id').where('type', 'like', 'payment.%')
        .where((eb) => eb.or([eb('position', 'is', null), eb('position', '>', done)])).execute();
      return left.length;
    };
    await eventually(unpaid, 60_000).toBe(0);
    const team = await db.selectFrom('users').innerJoin('teams', 'teams.id', 'users.team_id').select(['users.id', 'users.name'])
      .where('teams.name', '=', '上海一组').where('users.role', '=', 'rep').execute();
    const withLines = async () => (await db.selectFrom('commission_lines').select('person_id').distinct().where('period', '=', quarter)
      .where('person_id', 'in', team.map((u) => u.id)).execute()).map((r) => r.person_id);
    await eventually(async () => (await withLines()).length, 30_000).toBeGreaterThan(0);
    const first = (await withLines()).sort()[0];
    const rep = team.find((u) => u.id === first)!;
    const lines = await db.selectFrom('commission_lines').select(['amount_minor', 'component_id']).where('period', '=', quarter).where('person_id', '=', rep.id).execute();
    const total = lines.reduce((sum, l) => sum + Number(l.amount_minor), 0);

    // The group lead's desk: the people of their group with their totals; the rep's lines name their rules.
    const desk = await demo.page('desktop', 'manager.sh1');
    await desk.goto('/commissions/statement');
    await desk.getByTestId('statement-people').getByText(rep.name).click();
    await eventually(() => desk.getByTestId('statement-total').innerText()).toContain(shown(total));
    const rules = await desk.getByTestId('line-rule').allInnerTexts();
    expect(rules.length).toBe(lines.length);
    expect(rules.some((rule) => rule.startsWith('回款阶梯提成'))).toBe(true);
    expect(rules).not.toContain('base');
    expect(await desk.getByTestId('line-plan').first().innerText()).toBe('demo-sales 第 1 版');

    // The same on the phone: the lead picks the rep from the people of the period.
    const phone = await demo.page('phone', 'manager.sh1');
    await phone.goto('/m/me');
    await phone.getByTestId('me-commissions').click();
    await phone.getByTestId('phone-statement-person').click();
    await phone.locator('.adm-action-sheet-button-item').filter({ hasText: rep.name }).click();
    await eventually(() => phone.getByTestId('phone-statement-total').innerText()).toContain(shown(total));
    await eventually(() => phone.getByTestId('phone-commission-line').count()).toBe(lines.length);
    expect(await phone.getByTestId('phone-statement-person').innerText()).toBe(rep.name);

    // A rep reads only their own: no picker, and another person's statement in the address is not found.
    const repPhone = await demo.page('phone', 'rep2');
    await repPhone.goto('/m/commissions');
    await repPhone.getByTestId('phone-statement-period').waitFor();
    await repPhone.waitForLoadState('networkidle');
    expect(await repPhone.getByTestId('phone-statement-person').count()).toBe(0);
    const lead = await db.selectFrom('users').select('id').where('email', 'like', 'manager.sh1@%').executeTakeFirstOrThrow();
    await repPhone.goto(`/m/commissions?person=${lead.id}`);
    await repPhone.getByTestId('record-not-found').waitFor();
    expect(await repPhone.getByTestId('phone-statement').count()).toBe(0);
    expect(await repPhone.getByTestId('phone-statement-person').count()).toBe(0);
  });

  it('a proposal that lists only its first changed lines says how many more there are, per person and in all, and names each line\'s rule', async () => {
    const db = demo.server.db;
    const org = await db.selectFrom('orgs').select(['time_zone']).executeTakeFirstOrThrow();
    const ops = await apiAs(demo.server, 'ops');
    // A real proposal (no plan changed, so no difference)…
    const proposal = await ops.call<{ id: string }>('POST', '/commission/recalculations', { period: currentQuarter(org.time_zone), reason: '浏览器测试：超大差异' });
    expect(proposal.status).toBe(201);
    const page = await demo.page('desktop', 'ops');
    // …shown as a first run of a very large period would be: 20,000 lines listed, 4,321 and 7 more only counted.
    await page.route(`**/api/v1/commission/recalculations/${proposal.body.id}`, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { people: unknown[]; peopleChanged: number };
      const change = (n: number) => ({ key: `k${n}`, change: 'added', componentId: 'base', componentName: '回款提成', kind: 'commission', transactionId: null, dealId: null, beforeMinor: 0, afterMinor: 100, deltaMinor: 100, before: null, after: `line ${n}` });
      body.people = [
        { personId: 'p1', personName: '甲', beforeMinor: 0, afterMinor: 2_000, deltaMinor: 2_000, lines: [change(1), change(2)], linesOmitted: 4_321 },
        { personId: 'p2', personName: '乙', beforeMinor: 0, afterMinor: 100, deltaMinor: 100, lines: [change(3)], linesOmitted: 7 },
        { personId: 'p3', personName: '丙', beforeMinor: 0, afterMinor: 100, deltaMinor: 100, lines: [change(4)] },
      ];
      body.peopleChanged = 3;
      await route.fulfill({ response, json: body });
    });
    await page.goto(`/commissions/periods?recalculation=${proposal.body.id}`);
    await eventually(() => page.getByTestId('recalculation-omitted').innerText()).toContain('4,328');
    const more = await page.getByTestId('recalculation-more-lines').allInnerTexts();
    expect(more).toEqual(['另有 4,321 条变动明细未列出', '另有 7 条变动明细未列出']);
    expect(await page.getByTestId('recalculation-people').innerText()).toContain('4,323');
    // Each changed line names its rule as the plan does.
    expect(await page.getByTestId('recalculation-lines').first().innerText()).toContain('回款提成');
    // The difference downloads as a spreadsheet for review, in the reader's language, named after the proposal.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('recalculation-download').click()]);
    expect(file.suggestedFilename()).toBe(`commission-recalculation-${currentQuarter(org.time_zone)}-${proposal.body.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await file.path());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['重算', '人员', '明细']);
    expect(workbook.getWorksheet('重算')!.getColumn(2).values).toContain('浏览器测试：超大差异');
    expect((await ops.call('POST', `/commission/recalculations/${proposal.body.id}/discard`, {})).status).toBe(200);
  });

  it('an analyst saves and assigns a plan, finance confirms a payment, and the rep reads the explained line on desk and phone', async () => {
    const db = demo.server.db;
    const repUser = await db.selectFrom('users').select(['id', 'name']).where('email', 'like', 'rep1@%').executeTakeFirstOrThrow();
    const org = await db.selectFrom('orgs').select(['time_zone']).executeTakeFirstOrThrow();
    const today = new Date().toLocaleDateString('en-CA', { timeZone: org.time_zone });
    const year = today.slice(0, 4);

    // The analyst starts from the example, first saving bands that do not rise: the problem is named by its place.
    const analyst = await demo.page('desktop', 'ops');
    await analyst.goto('/commissions/plans');
    await analyst.getByTestId('plan-new').click();
    await eventually(() => analyst.getByTestId('plan-source').inputValue()).toContain('east-ae');
    await fill(analyst, 'plan-source', plan(year, '[ { upTo: 50000, rate: 2% }, { upTo: 10000, rate: 3% }, { rate: 4% } ]'));
    await analyst.getByTestId('plan-save').click();
    await eventually(() => analyst.getByTestId('plan-problems').innerText()).toContain('components.0.bands');

    // A single 2% band, so the rep's other payments this quarter (if any) cannot change this payment's rate.
    await fill(analyst, 'plan-source', plan(year, '[ { rate: 2% } ]'));
    await analyst.getByTestId('plan-save').click();
    await analyst.getByTestId('plan-version-e2e-ae-1').waitFor();
    await eventually(async () => (await db.selectFrom('commission_plans').select('version').where('plan_key', '=', 'e2e-ae').execute()).length).toBe(1);

    // ...and assigns it to the rep from the first of the year.
    await analyst.getByRole('tab', { name: uiText('zh-CN', 'commissions.assignments.tab') }).click();
    await choose(analyst, 'assignment-plan', 'e2e', 'e2e-ae');
    await choose(analyst, 'assignment-who', repUser.name, repUser.name);
    await analyst.getByTestId('assignment-from').click();
    await analyst.keyboard.type(`${year}-01-01`);
    await analyst.keyboard.press('Enter');
    await analyst.getByTestId('assignment-add').click();
    await eventually(() => analyst.getByTestId('assignments-table').innerText()).toContain(repUser.name);

    // The rep's contract, signed (approved by whoever's step it is), and finance confirming 10,000.00 on it.
    const rep = await apiAs(demo.server, 'rep1');
    const ops = await apiAs(demo.server, 'ops');
    const manager = await apiAs(demo.server, 'manager.sh1');
    type Listed = { items: Array<{ id: string; creditLimit: { minor: number } | null; listPrice: { minor: number } }> };
    const customers = (await rep.call<Listed>('GET', `/customers?ownerId=${repUser.id}&limit=100`)).body.items;
    const customer = customers.find((c) => !c.creditLimit) ?? customers.sort((a, b) => (b.creditLimit?.minor ?? 0) - (a.creditLimit?.minor ?? 0))[0]!;
    const product = (await rep.call<Listed>('GET', '/products?q=SVC-IMPL-ONSITE&limit=1')).body.items[0]!;
    const draft = await rep.call<{ id: string; version: number }>('POST', '/contracts', {
      customerId: customer.id, title: '提成测试：驻场实施', lines: [{ productId: product.id, quantity: 10, unitPriceMinor: product.listPrice.minor }],
    });
    expect(draft.status).toBe(201);
    let contract = (await rep.call<{ id: string; version: number; status: string }>('POST', `/contracts/${draft.body.id}/submit`, { version: draft.body.version })).body;
    for (const caller of [manager, ops]) {
      const step = (await caller.call<{ items: Array<{ contractId: string; approvalId: string }> }>('GET', '/approvals?status=pending')).body.items.find((i) => i.contractId === contract.id);
      if (step) contract = (await caller.call<typeof contract>('POST', `/contracts/${contract.id}/approvals/${step.approvalId}/approve`, { comment: '同意' })).body;
    }
    expect(contract.status).toBe('signed');
    // The rep has their statement open (and with it the live stream) before the money arrives.
    const desk = await demo.page('desktop', 'rep1');
    const streaming = desk.waitForRequest((request) => request.url().includes('/api/v1/notifications/stream'));
    await desk.goto('/commissions/statement');
    await desk.getByTestId('statement-total').waitFor();
    await streaming;
    const loads = { count: 0 };
    desk.on('framenavigated', () => { loads.count += 1; });

    const receipt = await ops.call<{ id: string; version: number }>('POST', '/receipts', {
      customerId: customer.id, amountMinor: 1_000_000, receivedOn: today, allocations: [{ contractId: contract.id, amountMinor: 1_000_000 }],
    });
    expect(receipt.status).toBe(201);
    expect((await ops.call('POST', `/receipts/${receipt.body.id}/confirm`, { version: receipt.body.version })).status).toBe(200);
    await eventually(async () => (await db.selectFrom('commission_lines').select('amount_minor').where('person_id', '=', repUser.id).where('deal_id', '=', contract.id).execute()).map((l) => Number(l.amount_minor))).toEqual([20_000]);

    // The open statement refreshes by itself (the server's live hint, no reload): the line says which plan and
    // version paid it, by which rule (by its name in the plan), and how.
    const line = desk.getByTestId('commission-line').filter({ hasText: '200.00' }).filter({ hasText: 'e2e-ae' });
    await line.waitFor({ timeout: 15_000 });
    expect(loads.count).toBe(0);
    expect(await line.getByTestId('line-plan').innerText()).toBe('e2e-ae 第 1 版');
    expect(await line.getByTestId('line-rule').innerText()).toBe('回款提成');
    const steps = await line.getByTestId('line-steps').innerText();
    expect(steps).toContain('10,000.00');
    expect(steps).toContain('2%');
    expect(steps).toContain('= 200.00');
    // The total is the sum of the lines, as the server stores them.
    const lines = await db.selectFrom('commission_lines').select('amount_minor').where('person_id', '=', repUser.id).execute();
    expect(await desk.getByTestId('statement-total').innerText()).toContain(shown(lines.reduce((sum, l) => sum + Number(l.amount_minor), 0)));

    // The same line on the phone, reached from Me.
    const phone = await demo.page('phone', 'rep1');
    await phone.goto('/m/me');
    await phone.getByTestId('me-commissions').click();
    const phoneLine = phone.getByTestId('phone-commission-line').filter({ hasText: '200.00' });
    await phoneLine.waitFor();
    expect(await phoneLine.innerText()).toContain('e2e-ae 第 1 版');
  });

  it('the try-a-plan page runs the example plan and shows the same totals the simulator gives', async () => {
    const example = (file: string) => readFileSync(path.join(repoRoot, 'docs/examples/commission', file), 'utf8');
    const ops = await apiAs(demo.server, 'ops');
    const expected = await ops.call<{ totals: Record<string, number> }>('POST', '/commission/simulate', {
      plan: example('plan.yaml'), transactions: example('transactions.csv'), people: example('people.csv'),
    });
    expect(expected.status).toBe(200);
    const grand = Object.values(expected.body.totals).reduce((sum, minor) => sum + minor, 0);

    const page = await demo.page('desktop', 'ops');
    await page.goto('/commissions/try');
    await page.getByTestId('try-example').click();
    await eventually(() => page.getByTestId('try-plan').inputValue()).toContain('east-ae');
    await page.getByTestId('try-run').click();
    await eventually(() => page.getByTestId('try-total').innerText()).toContain(shown(grand));
    const table = await page.getByTestId('try-totals').innerText();
    for (const [person, minor] of Object.entries(expected.body.totals)) {
      expect(table).toContain(person);
      expect(table).toContain(shown(minor));
    }
    expect(await page.getByTestId('commission-line').count()).toBeGreaterThan(0);
  });
});
