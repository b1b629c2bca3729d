import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract as contractSchema, contractLife, type ContractView } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

const hour = 3_600_000;

describe.each(dialects)('contracts on %s', (dialect) => {
  let world: TestWorld;
  let mes: string;
  beforeEach(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
    // MES at 12,000 list, 9,600 floor; the 2026 policy allows 5% off from 1 unit and 12% from 10.
    const product = await api('admin', 'POST', '/products', { sku: 'MES-STD', name: 'MES 标准版', listPrice: { minor: 1_200_000, currency: 'CNY' }, floorPrice: { minor: 960_000, currency: 'CNY' } });
    expect(product.statusCode, product.body).toBe(201);
    mes = product.json().id;
    const policy = await api('admin', 'POST', '/price-policies', {
      name: '2026 价', productId: mes, validFrom: '2026-01-01', discountBands: [{ minQuantity: 1, maxDiscountBp: 500 }, { minQuantity: 10, maxDiscountBp: 1200 }],
    });
    expect(policy.statusCode, policy.body).toBe(201);
  });
  afterEach(async () => {
    await world.close();
  });

  const api = (who: Person, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': 'en', ...headers }, ...(payload ? { payload } : {}) });
  const drain = () => world.app.services.jobs.runner.drain();

  async function customer(who: Person, fields: Record<string, unknown> = {}): Promise<string> {
    const res = await api(who, 'POST', '/customers', { name: `客户 ${Math.random()}`, industry: 'manufacturing', ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().customer.id;
  }
  async function draft(who: Person, customerId: string, lines: Array<[number, number]>, fields: Record<string, unknown> = {}): Promise<ContractView> {
    const res = await api(who, 'POST', '/contracts', { customerId, title: 'MES 采购', lines: lines.map(([quantity, unitPriceMinor]) => ({ productId: mes, quantity, unitPriceMinor })), ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return contractSchema.parse(res.json());
  }
  const submit = (who: Person, c: { id: string; version: number }) => api(who, 'POST', `/contracts/${c.id}/submit`, { version: c.version });
  const approve = (who: Person, c: ContractView, body: object = {}) => api(who, 'POST', `/contracts/${c.id}/approvals/${pendingStep(c)}/approve`, body);
  const pendingStep = (c: ContractView) => c.approvals.find((a) => a.status === 'pending')?.id ?? 'none';
  const events = (type: string) => world.database.db.selectFrom('events').select(['payload']).where('type', '=', type).execute();

  it('drafts with the customer’s owner and team, a trace code of the company year and line amounts of quantity × price', async () => {
    const customerId = await customer('repEast1', { regionId: world.regions.shanghai });
    const c = await draft('repEast1', customerId, [[2, 1_140_000], [1, 1_200_000]]);
    expect(c).toMatchObject({
      traceCode: 'HT-2026-000001', status: 'draft', ownerId: world.ids.repEast1, teamId: world.teams.east1, regionId: world.regions.shanghai, industry: 'manufacturing',
      currency: 'CNY', totalMinor: 3_480_000, paymentTermsDays: 30, version: 1, allowedActions: ['submit', 'void'],
    });
    expect(c.lines.map((l) => [l.lineNo, l.amountMinor, l.productName])).toEqual([[1, 2_280_000, 'MES 标准版'], [2, 1_200_000, 'MES 标准版']]);
    expect((await draft('repEast1', customerId, [[1, 1]])).traceCode).toBe('HT-2026-000002');
    const usd = await api('repEast1', 'POST', '/contracts', { customerId, title: 'x', currency: 'USD', lines: [{ productId: mes, quantity: 1, unitPriceMinor: 1 }] });
    expect(usd.statusCode).toBe(400);
    expect(usd.json().error.fields['body.currency']).toContain('company currency CNY');
    const unknown = await api('repEast1', 'POST', '/contracts', { customerId, title: 'x', lines: [{ productId: 'nope', quantity: 1, unitPriceMinor: 1 }] });
    expect(unknown.json().error.fields).toEqual({ 'body.lines.0.productId': 'no such product' });
  });

  it('shows a credit breach at submit with its amounts, and a manager overrides it with a comment, audited', async () => {
    const customerId = await customer('repEast1', { creditLimit: { minor: 2_000_000, currency: 'CNY' } });
    const c = await draft('repEast1', customerId, [[2, 1_140_000]]); // 22,800 against a 20,000 limit
    const submitted = await submit('repEast1', c);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const inApproval = contractSchema.parse(submitted.json());
    expect(inApproval.status).toBe('in_approval');
    expect(inApproval.checks!.violations).toEqual([{
      code: 'credit_limit_exceeded', lineNo: null, details: { limitMinor: 2_000_000, openMinor: 0, contractMinor: 2_280_000, excessMinor: 280_000 },
      message: "Exceeds the customer's credit limit by CNY 2,800.00: limit CNY 20,000.00, open receivables CNY 0.00, this contract CNY 22,800.00.",
    }]);
    expect(inApproval.approvals).toMatchObject([{ stepNo: 1, role: 'manager', status: 'pending', approverId: world.ids.managerEast, dueAt: '2026-11-04T01:00:00.000Z' }]);
    const told = await world.database.db.selectFrom('notifications').select(['recipient_id', 'title']).where('template', '=', 'contract.approval_requested').execute();
    expect(told).toEqual([{ recipient_id: world.ids.managerEast, title: '待审批合同：HT-2026-000001 MES 采购' }]);

    const plain = await approve('managerEast', inApproval);
    expect(plain.statusCode).toBe(409);
    expect(plain.json().error.message).toContain('1. Exceeds the customer\'s credit limit by CNY 2,800.00');
    expect((await approve('managerEast', inApproval, { override: true })).json().error.fields).toHaveProperty('body.comment');
    const signed = await approve('managerEast', inApproval, { override: true, comment: '老客户，回款记录良好' });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({
      status: 'signed', signedOn: '2026-11-02', dueOn: '2026-12-02', signedAt: '2026-11-02T01:00:00.000Z',
      checks: { overriddenBy: world.ids.managerEast, overrideComment: '老客户，回款记录良好' },
      approvals: [{ status: 'approved', decidedBy: world.ids.managerEast, overrode: true }],
    });
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'after']).where('entity_id', '=', c.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'submit', 'override', 'approve', 'sign']);
    expect(JSON.parse(audit[2]!.after!)).toMatchObject({ comment: '老客户，回款记录良好', violations: [{ code: 'credit_limit_exceeded', excessMinor: 280_000 }] });
    expect((await events('contract.signed')).map((e) => JSON.parse(e.payload))).toEqual([{
      contractId: c.id, traceCode: 'HT-2026-000001', customerId, ownerId: world.ids.repEast1, teamId: world.teams.east1, regionId: null, industry: 'manufacturing',
      totalMinor: 2_280_000, currency: 'CNY', signedOn: '2026-11-02', signedAt: '2026-11-02T01:00:00.000Z',
    }]);
    const zh = await api('repEast1', 'GET', `/contracts/${c.id}`, undefined, { 'accept-language': 'zh-CN' });
    expect(zh.json().checks.violations[0].message).toBe('超出客户信用额度 2,800.00 元：额度 20,000.00 元，未收应收 0.00 元，本合同 22,800.00 元。');
  });

  it('sends a contract of 100,000 or more to finance after the manager, and signs it at the finance step', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[10, 1_080_000]]); // 108,000 at 10% off for 10 units: within the band
    const submitted = contractSchema.parse((await submit('repEast1', c)).json());
    expect(submitted.checks!.violations).toEqual([]);
    expect(submitted.approvals.map((a) => [a.role, a.status])).toEqual([['manager', 'pending'], ['ops', 'waiting']]);
    expect((await api('ops', 'GET', '/approvals')).json().items).toEqual([]);
    expect((await api('managerEast', 'GET', '/approvals')).json().items).toMatchObject([{ contractId: c.id, role: 'manager', ownerName: '张伟', violationCount: 0 }]);
    const afterManager = contractSchema.parse((await approve('managerEast', submitted, { comment: '同意' })).json());
    expect(afterManager.status).toBe('in_approval');
    expect(afterManager.approvals.map((a) => [a.role, a.status])).toEqual([['manager', 'approved'], ['ops', 'pending']]);
    expect((await api('managerEast', 'GET', '/approvals')).json().items).toEqual([]);
    expect((await api('managerEast', 'GET', '/approvals?status=decided')).json().items).toHaveLength(1);
    expect((await api('ops', 'GET', '/approvals')).json().items).toMatchObject([{ contractId: c.id, role: 'ops', stepNo: 2 }]);
    // A manager may not decide the finance step.
    expect((await approve('managerEast', afterManager)).statusCode).toBe(403);
    const signed = await approve('ops', afterManager);
    expect(signed.json()).toMatchObject({ status: 'signed', approvals: [{ status: 'approved' }, { status: 'approved', decidedBy: world.ids.ops }] });
    const transitions = await world.database.db.selectFrom('document_transitions').select(['action', 'to_status']).where('doc_id', '=', c.id).orderBy('at').orderBy('id').execute();
    expect(transitions.map((t) => `${t.action}>${t.to_status}`)).toEqual(['create>draft', 'submit>in_approval', 'approve_step>in_approval', 'approve_final>signed']);
  });

  it('hides another team’s contract from a rep (404) and lets no rep approve (403)', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    const submitted = contractSchema.parse((await submit('repEast1', c)).json());
    for (const url of [`/contracts/${c.id}`, `/contracts/${c.id}/life`, `/documents/by-trace/${c.traceCode}`]) {
      expect((await api('repEast2', 'GET', url)).statusCode, url).toBe(404);
      expect((await api('repEast1', 'GET', url)).statusCode, url).toBe(200);
    }
    expect((await api('repEast2', 'GET', '/contracts')).json().items).toEqual([]);
    expect((await api('repEast2', 'PATCH', `/contracts/${c.id}`, { version: 1, title: 'x' })).statusCode).toBe(404);
    expect((await approve('repEast1', submitted)).statusCode).toBe(403);
    expect((await approve('managerNorth', submitted)).statusCode).toBe(404);
    expect((await api('repEast1', 'GET', '/approvals')).json().items).toEqual([]);
    expect((await api('managerNorth', 'GET', '/approvals')).json().items).toEqual([]);
    // Someone else's customer cannot carry a new contract either: it reads as one that does not exist.
    const other = await api('repEast2', 'POST', '/contracts', { customerId: c.customerId, title: 'x', lines: [{ productId: mes, quantity: 1, unitPriceMinor: 1 }] });
    expect(other.json().error.fields).toEqual({ 'body.customerId': 'no such customer' });
  });

  it('creates one contract for a retried request with the same Idempotency-Key', async () => {
    const customerId = await customer('repEast1');
    const body = { customerId, title: '重试', lines: [{ productId: mes, quantity: 1, unitPriceMinor: 1_140_000 }] };
    const first = await api('repEast1', 'POST', '/contracts', body, { 'idempotency-key': 'draft-42' });
    const again = await api('repEast1', 'POST', '/contracts', body, { 'idempotency-key': 'draft-42' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    expect(await world.database.db.selectFrom('contracts').select('id').execute()).toHaveLength(1);
    expect((await api('repEast1', 'POST', '/contracts', { ...body, title: '另一个' }, { 'idempotency-key': 'draft-42' })).statusCode).toBe(422);
  });

  it('signs once when two submits or two approvals race', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    const submits = await Promise.all([submit('repEast1', c), submit('repEast1', c)]);
    expect(submits.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const submitted = contractSchema.parse(submits.find((r) => r.statusCode === 200)!.json());
    expect(await world.database.db.selectFrom('contract_approvals').select('id').execute()).toHaveLength(1);
    const approvals = await Promise.all([approve('managerEast', submitted), approve('admin', submitted)]);
    expect(approvals.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await events('contract.signed')).toHaveLength(1);
    expect((await api('repEast1', 'GET', `/contracts/${c.id}`)).json()).toMatchObject({ status: 'signed', version: 3 });
  });

  it('signs at submit with an empty chain and clean checks, and refuses failures no step may override with each listed', async () => {
    const put = await api('admin', 'PUT', '/document-settings', { version: 0, settings: { approvalChain: [] } });
    expect(put.statusCode, put.body).toBe(200);
    const clean = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    expect((await submit('repEast1', clean)).json()).toMatchObject({ status: 'signed', approvals: [], signedOn: '2026-11-02' });
    const bad = await draft('repEast1', await customer('repEast1'), [[3, 900_000]], { rebateBp: 100 });
    const refused = await submit('repEast1', bad);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message.split('\n')).toEqual([
      'This contract cannot be submitted: 3 checks failed and no approval step may override them.',
      '1. Line 1 (MES 标准版): unit price CNY 9,000.00 is below the floor price CNY 9,600.00 by CNY 600.00 a unit, CNY 1,800.00 in all.',
      '2. Line 1 (MES 标准版): a discount of 25% (list CNY 12,000.00, unit CNY 9,000.00) is more than its band allows — quantity 3 falls in the band from 1, which allows at most 5%; the lowest unit price is CNY 11,400.00, CNY 7,200.00 short in all.',
      '3. A rebate of 1% (CNY 270.00) is not allowed: the customer is not a channel partner with a rebate tier.',
    ]);
    expect((await api('repEast1', 'GET', `/contracts/${bad.id}`)).json()).toMatchObject({ status: 'draft', version: 1, checks: null });
  });

  it('goes back to its owner on rejection, is revised, changed and submitted again as round two', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    const submitted = contractSchema.parse((await submit('repEast1', c)).json());
    expect((await api('managerEast', 'POST', `/contracts/${c.id}/approvals/${pendingStep(submitted)}/reject`, {})).statusCode).toBe(400);
    const rejected = await api('managerEast', 'POST', `/contracts/${c.id}/approvals/${pendingStep(submitted)}/reject`, { comment: '请补充交付计划' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', approvals: [{ status: 'rejected', comment: '请补充交付计划' }] });
    const told = await world.database.db.selectFrom('notifications').select(['recipient_id', 'body']).where('template', '=', 'contract.decided').execute();
    expect(told).toEqual([{ recipient_id: world.ids.repEast1, body: '你的合同 HT-2026-000001（MES 采购）被华东经理驳回：请补充交付计划。修改后可重新提交。' }]);
    const revised = await api('repEast1', 'POST', `/contracts/${c.id}/revise`, { version: rejected.json().version });
    expect(revised.json()).toMatchObject({ status: 'draft' });
    const changed = await api('repEast1', 'PATCH', `/contracts/${c.id}`, { version: revised.json().version, lines: [{ productId: mes, quantity: 2, unitPriceMinor: 1_150_000 }] });
    expect(changed.json()).toMatchObject({ totalMinor: 2_300_000, lines: [{ lineNo: 1, quantity: 2, amountMinor: 2_300_000 }] });
    expect((await api('repEast1', 'PATCH', `/contracts/${c.id}`, { version: revised.json().version, title: 'stale' })).statusCode).toBe(409);
    const again = contractSchema.parse((await submit('repEast1', changed.json())).json());
    expect(again.approvals).toMatchObject([{ round: 2, status: 'pending' }]);
    // A contract in approval cannot be edited, and a rep may not stop its approval by voiding it.
    expect((await api('repEast1', 'PATCH', `/contracts/${c.id}`, { version: again.version, title: 'x' })).statusCode).toBe(409);
    expect((await api('repEast1', 'POST', `/contracts/${c.id}/void`, { version: again.version, reason: '不要了' })).statusCode).toBe(403);
    const voided = await api('managerEast', 'POST', `/contracts/${c.id}/void`, { version: again.version, reason: '客户取消' });
    expect(voided.json()).toMatchObject({ status: 'voided', approvals: [{ status: 'cancelled' }], allowedActions: [] });
  });

  it('escalates a step waiting 48 hours to the admins when the approver has no manager above', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    await submit('repEast1', c);
    const escalations = () => world.database.db.selectFrom('notifications').select(['recipient_id', 'title']).where('template', '=', 'contract.approval_escalated').execute();
    world.clock.set(new Date(Date.parse('2026-11-02T01:00:00.000Z') + 48 * hour - 1000).toISOString());
    await drain();
    expect(await escalations()).toEqual([]);
    world.clock.set(new Date(Date.parse('2026-11-02T01:00:00.000Z') + 48 * hour).toISOString());
    await drain();
    expect(await escalations()).toEqual([{ recipient_id: world.ids.admin, title: '审批超时：HT-2026-000001' }]);
  });

  it('opens a contract’s whole life in time order with who did what, and finds it by its trace code in any case', async () => {
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    const submitted = contractSchema.parse((await submit('repEast1', c)).json());
    world.clock.set('2026-11-02T02:00:00.000Z');
    await approve('managerEast', submitted, { comment: '同意' });
    const life = contractLife.parse((await api('managerEast', 'GET', `/contracts/${c.id}/life`)).json());
    expect(life.contract.status).toBe('signed');
    expect(life.timeline.map((e) => `${e.kind}:${e.action}:${e.actorName}`)).toEqual([
      'transition:create:张伟', 'transition:submit:张伟', 'audit:create:张伟', 'audit:submit:张伟',
      'transition:approve_final:华东经理', 'approval:approve:manager:华东经理', 'audit:approve:华东经理', 'audit:sign:华东经理',
    ]);
    expect((await api('repEast1', 'GET', `/documents/by-trace/${c.traceCode.toLowerCase()}`)).json()).toEqual({ type: 'contract', id: c.id, traceCode: 'HT-2026-000001' });
    expect((await api('repEast1', 'GET', '/documents/by-trace/HT-2026-000099')).statusCode).toBe(404);
    expect((await api('repEast1', 'GET', '/contracts?q=ht-2026-000001')).json().items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    expect((await api('repEast1', 'GET', '/contracts?status=signed&signedFrom=2026-11-02&signedTo=2026-11-02')).json().items).toHaveLength(1);
    expect((await api('repEast1', 'GET', '/contracts?signedFrom=2026-11-03')).json().items).toHaveLength(0);
  });

  it('lets everyone read the document settings and only admins replace them, refusing a stale version', async () => {
    expect((await api('repEast1', 'GET', '/document-settings')).json()).toMatchObject({ version: 0, settings: { defaultPaymentTermsDays: 30 } });
    expect((await api('managerEast', 'PUT', '/document-settings', { version: 0, settings: { defaultPaymentTermsDays: 45 } })).statusCode).toBe(403);
    expect((await api('admin', 'PUT', '/document-settings', { version: 0, settings: { defaultPaymentTermsDays: 45 } })).json()).toMatchObject({ version: 1 });
    expect((await api('admin', 'PUT', '/document-settings', { version: 0, settings: { defaultPaymentTermsDays: 60 } })).statusCode).toBe(409);
    const c = await draft('repEast1', await customer('repEast1'), [[1, 1_140_000]]);
    expect(c.paymentTermsDays).toBe(45);
  });
});
