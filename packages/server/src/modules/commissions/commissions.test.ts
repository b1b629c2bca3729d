/**
 * Commissions on the server (C1–C3), on both databases: payments confirmed through the receipts API pay their
 * contract's owner per the plan with an explained line (and the owner's manager an override); the same event twice
 * pays once; a refund claws back; a new plan version changes nobody's pay until a recalculation's difference is
 * accepted; a locked period never changes and later corrections land in the next open period; statements add up to
 * their lines and are read within reach; XLSX export; the simulator over HTTP.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commissionPeriodList, commissionPlanList, commissionRecalculation, commissionSimulation, commissionStatement, commissionStatementList,
  type CommissionStatement,
} from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { signedContract } from '../../test-support/paid-documents.js';
import { EventStreamReader } from '../../test-support/event-stream.js';
import { applyPaymentEvent, commissionsReaction } from './reaction.js';

const planV1 = `
id: east-ae
version: 1
name: 华东销售提成 East AE
currency: CNY
period: month
effective: { from: 2026-01-01 }
components:
  - { id: base, name: 回款提成 (collection commission), type: table, method: marginal, bands: [ { upTo: 20000, rate: 2% }, { rate: 3% } ] }
  - { id: override, type: override, levels: [ { rate: 1% } ] }
`;
const planWithRate = (version: number, rate: string) => planV1.replace('version: 1', `version: ${version}`).replace('rate: 2%', `rate: ${rate}`);
const examples = path.resolve(import.meta.dirname, '../../../../../docs/examples/commission');

describe.each(dialects)('commissions on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
  });
  afterAll(() => world.close());

  const drain = () => world.app.services.jobs.runner.drain();
  const call = (person: Person, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, language = 'en') =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': language }, ...(body === undefined ? {} : { payload: body as object }) });
  const ok = async (person: Person, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, status = 200, language = 'en') => {
    const res = await call(person, method, url, body, language);
    expect(res.statusCode, res.body).toBe(status);
    return status === 204 ? null : res.json();
  };
  const statement = async (person: Person, period: string, of: Person = person): Promise<CommissionStatement> =>
    commissionStatement.parse(await ok(person, 'GET', `/commission/statements/${period}/${world.ids[of]}`));
  const pay = async (owner: Person, amountMinor: number, contract?: { id: string; customerId: string }) => {
    const c = contract ?? (await signedContract(world, owner, { totalMinor: 10_000_000 }));
    const registered = await ok('ops', 'POST', '/receipts', { customerId: c.customerId, amountMinor, receivedOn: '2026-11-02', allocations: [{ contractId: c.id, amountMinor }] }, 201);
    await ok('ops', 'POST', `/receipts/${registered.id}/confirm`, {});
    await drain();
    return { receiptId: registered.id as string, contract: c };
  };
  const sum = (s: CommissionStatement) => s.lines.reduce((total, line) => total + line.amountMinor, 0);

  it('stores a plan from YAML, refuses a broken one with each problem at its place, and puts people on it', async () => {
    const bad = await call('ops', 'POST', '/commission/plans', { source: planV1.replace('rate: 3%', 'rate: lots') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual({ 'plan.components.0.bands.1.rate': '"lots" is not a rate; write it as 3% or 0.03' });
    const syntax = await call('ops', 'POST', '/commission/plans', { source: 'id: [' });
    expect(syntax.json().error.fields['body.source']).toMatch(/not valid YAML/);

    const stored = await ok('ops', 'POST', '/commission/plans', { source: planV1 }, 201);
    expect(stored).toMatchObject({ planKey: 'east-ae', version: 1, period: 'month', effectiveFrom: '2026-01-01', source: planV1 });
    const again = await call('ops', 'POST', '/commission/plans', { source: planV1 });
    expect(again.json().error.fields['plan.version']).toBe('version 1 of east-ae is stored; a new version must be 2 or above');
    expect(commissionPlanList.parse(await ok('admin', 'GET', '/commission/plans')).items.map((p) => [p.planKey, p.latestVersion])).toEqual([['east-ae', 1]]);

    for (const person of ['repEast1', 'repEast1b', 'managerEast'] as const) {
      await ok('ops', 'POST', '/commission/assignments', { planKey: 'east-ae', personId: world.ids[person], fromOn: '2026-01-01' }, 201);
    }
    const unknown = await call('ops', 'POST', '/commission/assignments', { planKey: 'nope', personId: world.ids.otherOrgRep, fromOn: '2026-01-01' });
    expect(Object.keys(unknown.json().error.fields).sort()).toEqual(['body.personId', 'body.planKey']);
    expect((await call('repEast1', 'POST', '/commission/plans', { source: planV1 })).statusCode).toBe(403);
  });

  it('pays the owner of a contract paid through the receipts API per the plan, with an explained line, and their manager an override', async () => {
    await pay('repEast1', 400_000);
    const mine = await statement('repEast1', '2026-11');
    expect(mine.lines).toHaveLength(1);
    expect(mine.lines[0]).toMatchObject({
      planKey: 'east-ae', planVersion: 1, componentId: 'base', componentName: '回款提成 (collection commission)', kind: 'commission', amountMinor: 8_000, currency: 'CNY',
      explanation: expect.stringContaining('× 2%'),
    });
    expect(mine.lines[0]!.explanation).toMatch(/^revenue credit 100% of payment .+ 4,000\.00 = 4,000\.00/);
    expect(mine.lines[0]!.formula).toBeTruthy();
    expect(mine).toMatchObject({ totalMinor: 8_000, planKey: 'east-ae', planVersion: 1, creditedMinor: 400_000 });
    const manager = await statement('managerEast', '2026-11');
    expect(manager.lines.map((l) => [l.kind, l.amountMinor, l.inputs.rep])).toEqual([['override', 4_000, world.ids.repEast1]]);
    // A rule the plan does not name is shown by its id.
    expect(manager.lines[0]!.componentName).toBe('override');
    const zh = commissionStatement.parse(await ok('repEast1', 'GET', `/commission/statements/2026-11/${world.ids.repEast1}`, undefined, 200, 'zh-CN'));
    expect(zh.lines[0]!.explanation).toContain('业绩分配');
  });

  it('pays the same event once, however often it is delivered', async () => {
    const before = await statement('repEast1', '2026-11');
    await world.database.db.updateTable('reaction_checkpoints').set({ position: 0 }).where('reaction', '=', commissionsReaction).execute();
    await drain();
    const event = await world.database.db.selectFrom('events').selectAll().where('type', '=', 'payment.confirmed').orderBy('position').executeTakeFirstOrThrow();
    // Even past the reaction's own effect key, the transaction id (event id : contract id) inserts nothing the second time.
    const outcome = await world.database.db.transaction().execute((tx) =>
      applyPaymentEvent(tx, { id: event.id, orgId: event.org_id, type: event.type, payload: JSON.parse(event.payload) as Record<string, unknown> }, world.clock.now().toISOString()));
    expect(outcome.inserted).toEqual([]);
    expect(await statement('repEast1', '2026-11')).toEqual(before);
    expect(await world.database.db.selectFrom('commission_transactions').select('id').execute()).toHaveLength(1);
  });

  it('adds up each statement to its lines exactly and reads them within reach: a rep their own, a manager their teams, ops everyone', async () => {
    await pay('repEast1b', 2_500_001);
    const company = commissionStatementList.parse(await ok('ops', 'GET', '/commission/statements?period=2026-11'));
    expect(company.items.map((s) => s.personId).sort()).toEqual([world.ids.managerEast, world.ids.repEast1, world.ids.repEast1b].sort());
    for (const item of company.items) {
      const full = await statement('ops', '2026-11', (Object.keys(world.ids) as Person[]).find((p) => world.ids[p] === item.personId)!);
      expect(full.totalMinor).toBe(sum(full));
      expect(item.totalMinor).toBe(full.totalMinor);
    }
    // 20,000.00 at 2% and 5,000.01 at 3% (marginal tiers): 400.00 + 150.0003 → 150.00
    expect((await statement('repEast1b', '2026-11')).totalMinor).toBe(55_000);

    const rep = commissionStatementList.parse(await ok('repEast1', 'GET', '/commission/statements?period=2026-11'));
    expect(rep.items.map((s) => s.personId)).toEqual([world.ids.repEast1]);
    expect((await call('repEast1', 'GET', `/commission/statements/2026-11/${world.ids.repEast1b}`)).statusCode).toBe(404);
    expect((await call('repEast1', 'GET', `/commission/statements/2026-11/${world.ids.repEast1b}/xlsx`)).statusCode).toBe(404);
    expect((await call('repNorth', 'GET', `/commission/statements/2026-11/${world.ids.repEast1}`)).statusCode).toBe(404);
    expect((await call('managerNorth', 'GET', `/commission/statements/2026-11/${world.ids.repEast1}`)).statusCode).toBe(404);
    expect((await call('otherOrgAdmin', 'GET', `/commission/statements/2026-11/${world.ids.repEast1}`)).statusCode).toBe(404);
    expect(commissionStatementList.parse(await ok('otherOrgAdmin', 'GET', '/commission/statements?period=2026-11')).items).toEqual([]);
    const team = commissionStatementList.parse(await ok('managerEast', 'GET', '/commission/statements?period=2026-11'));
    expect(team.items.map((s) => s.personId).sort()).toEqual([world.ids.managerEast, world.ids.repEast1, world.ids.repEast1b].sort());
    expect((await call('repEast1', 'GET', '/commission/periods')).statusCode).toBe(403);
  });

  it('exports a statement as a workbook whose lines carry the plan, rule and arithmetic', async () => {
    const res = await call('repEast1', 'GET', `/commission/statements/2026-11/${world.ids.repEast1}/xlsx`, undefined, 'zh-CN');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const lines = workbook.getWorksheet('提成明细')!;
    expect(lines.getRow(2).getCell(3).value).toBe('east-ae');
    expect(lines.getRow(2).getCell(5).value).toBe('回款提成 (collection commission)');
    expect(lines.getRow(2).getCell(9).value).toBe('80.00');
    expect(String(lines.getRow(2).getCell(12).value)).toContain('业绩分配');
    expect(workbook.getWorksheet('提成汇总')!.getRow(2).getCell(6).value).toBe('80.00');
    const all = await call('ops', 'GET', '/commission/statements/xlsx?period=2026-11');
    expect(all.statusCode).toBe(200);
  });

  it('claws back on a refund in the period the refund happens', async () => {
    const { receiptId } = await pay('repEast1', 100_000);
    expect((await statement('repEast1', '2026-11')).totalMinor).toBe(10_000);
    await ok('ops', 'POST', `/receipts/${receiptId}/refund`, { reason: '客户退款' });
    await drain();
    const after = await statement('repEast1', '2026-11');
    const clawback = after.lines.find((l) => l.kind === 'clawback')!;
    expect(clawback).toMatchObject({ amountMinor: -2_000, componentId: 'base' });
    expect(clawback.explanation).toContain('takes back 100% of the 20.00 it paid = -20.00');
    expect(after.totalMinor).toBe(8_000);
    expect(after.totalMinor).toBe(sum(after));
    // The manager's override follows the rep's credit: 4,000 + 1,000 − 1,000.
    expect((await statement('managerEast', '2026-11')).lines.find((l) => l.inputs.rep === world.ids.repEast1)!.amountMinor).toBe(4_000);
  });

  it('computed incrementally, a period is what a full recalculation gives: proposing one shows no difference', async () => {
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'check' }, 201));
    expect(proposal).toMatchObject({ status: 'proposed', periodStatus: 'open', totalDeltaMinor: 0, peopleChanged: 0, people: [] });
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/discard`, {});
  });

  it('reads lines stored before the compact form (the whole line as JSON) the same, and rewrites them once on the next recalculation', async () => {
    const db = world.database.db;
    const before = await statement('ops', '2026-11', 'repEast1');
    const compact = await db.selectFrom('commission_lines').selectAll().where('period', '=', '2026-11').where('person_id', '=', world.ids.repEast1).execute();
    expect(compact.length).toBeGreaterThan(0);
    expect(JSON.parse(compact[0]!.line)).not.toHaveProperty('amountMinor');
    // As an earlier version stored them: the whole line in the JSON, its digest of that JSON.
    for (const row of compact) {
      const whole = JSON.stringify({ key: row.line_key, period: row.period, personId: row.person_id, planId: row.plan_key, planVersion: row.plan_version, componentId: row.component_id,
        kind: row.kind, transactionId: row.transaction_id, dealId: row.deal_id, amountMinor: Number(row.amount_minor), currency: row.currency, ...JSON.parse(row.line) });
      await db.updateTable('commission_line_rows').set({ line: whole, digest: 'old-digest' }).where('period', '=', row.period).where('person_id', '=', row.person_id).where('line_key', '=', row.line_key).execute();
    }
    expect(await statement('ops', '2026-11', 'repEast1')).toEqual(before);
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'upgrade' }, 201));
    expect(proposal).toMatchObject({ totalDeltaMinor: 0, peopleChanged: 0 }); // nobody's pay moves
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    const rewritten = await db.selectFrom('commission_lines').select(['line', 'digest']).where('period', '=', '2026-11').where('person_id', '=', world.ids.repEast1).execute();
    expect(rewritten.map((row) => [JSON.parse(row.line).amountMinor, row.digest === 'old-digest'])).toEqual(rewritten.map(() => [undefined, false]));
    expect(await statement('ops', '2026-11', 'repEast1')).toEqual(before);
  });

  it('changes nobody\'s pay for a new plan version until the recalculation\'s difference per person and line is accepted', async () => {
    await ok('ops', 'POST', '/commission/plans', { source: planWithRate(2, '3%') }, 201);
    // A payment after the new version is still paid under the version the period was computed with.
    await pay('repEast1', 100_000);
    expect((await statement('repEast1', '2026-11')).lines.every((l) => l.planVersion === 1)).toBe(true);
    expect((await statement('repEast1', '2026-11')).totalMinor).toBe(10_000);

    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'east-ae v2: 3% to 20,000' }, 201));
    const rep = proposal.people.find((p) => p.personId === world.ids.repEast1)!;
    expect(rep).toMatchObject({ personName: '张伟', beforeMinor: 10_000, afterMinor: 15_000, deltaMinor: 5_000 });
    const changed = rep.lines.find((l) => l.kind === 'commission' && l.beforeMinor === 8_000)!;
    expect(changed).toMatchObject({ change: 'changed', afterMinor: 12_000, deltaMinor: 4_000, componentId: 'base', componentName: '回款提成 (collection commission)' });
    expect(changed.before).toContain('× 2%');
    expect(changed.after).toContain('× 3%');
    expect(proposal.people.find((p) => p.personId === world.ids.managerEast)).toBeUndefined(); // overrides unchanged
    expect((await statement('repEast1', '2026-11')).totalMinor).toBe(10_000); // not yet

    const shown = commissionRecalculation.parse(await ok('ops', 'GET', `/commission/recalculations/${proposal.id}`));
    expect(shown.people).toEqual(proposal.people);

    // The difference as a spreadsheet for review, managers of commissions only; the export is audited.
    expect((await call('repEast1', 'GET', `/commission/recalculations/${proposal.id}/xlsx`)).statusCode).toBe(403);
    const res = await call('ops', 'GET', `/commission/recalculations/${proposal.id}/xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`commission-recalculation-2026-11-${proposal.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (sheet: string) => workbook.getWorksheet(sheet)!.getSheetValues().slice(1).map((row) => (row as ExcelJS.CellValue[]).slice(1));
    expect(rows('People')).toContainEqual(['张伟', '100.00', '150.00', '50.00', rep.lines.length, 0]);
    const line = rows('Lines').find((row) => row[0] === '张伟' && row[6] === '80.00')!;
    expect(line.slice(1, 9)).toEqual(['changed', '回款提成 (collection commission)', 'commission', changed.dealId, changed.transactionId, '80.00', '120.00', '40.00']);
    expect(line[9]).toContain('× 2%');
    expect(line[10]).toContain('× 3%');
    expect(rows('Recalculation')).toContainEqual(['Total difference', (proposal.totalDeltaMinor / 100).toFixed(2)]);
    const audited = await world.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'commission_recalculation').where('entity_id', '=', proposal.id).execute();
    expect(audited.map((a) => a.action)).toContain('export');
    const accepted = await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    expect(accepted.status).toBe('accepted');
    const after = await statement('repEast1', '2026-11');
    expect(after).toMatchObject({ totalMinor: 15_000, planVersion: 2 });
    expect(after.lines.every((l) => l.planVersion === 2)).toBe(true);
    expect((await call('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {})).statusCode).toBe(409);
  });

  it('refuses to accept a proposal when the lines changed since it was made', async () => {
    await ok('ops', 'POST', '/commission/plans', { source: planWithRate(3, '4%') }, 201);
    const proposal = await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'v3' }, 201);
    await pay('repEast1b', 10_000);
    const refused = await call('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Propose it again');
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/discard`, {});
  });

  it('locks a period for good; a later refund is taken back in the next period and a correction becomes an adjustment there, once', async () => {
    const open = await statement('ops', '2026-11', 'repEast1');
    // A proposal pending at the lock: its lines go, and it can no longer be accepted.
    const pending = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'before the lock' }, 201));
    const written = () => world.database.db.selectFrom('commission_line_rows').select('line_key').where('recalculation_id', '=', pending.id).execute();
    expect((await written()).length).toBeGreaterThan(0);
    const locked = await ok('ops', 'POST', '/commission/periods/2026-11/lock', {});
    expect(await written()).toEqual([]);
    expect((await call('ops', 'POST', `/commission/recalculations/${pending.id}/accept`, {})).statusCode).toBe(409);
    const november = await statement('ops', '2026-11', 'repEast1');
    expect(november).toEqual({ ...open, periodStatus: 'locked' });
    expect(locked).toMatchObject({ period: '2026-11', status: 'locked', lockedBy: world.ids.ops });
    expect((await call('ops', 'POST', '/commission/periods/2026-11/lock', {})).statusCode).toBe(409);
    const snapshot = await world.database.db.selectFrom('commission_periods').select('snapshot').where('period', '=', '2026-11').executeTakeFirstOrThrow();
    expect(JSON.parse(snapshot.snapshot!)).toMatchObject({ lineCount: expect.any(Number), plans: expect.arrayContaining([{ planKey: 'east-ae', version: 2 }]) });

    // The first November receipt (4,000.00, paid 120.00 under v2) is refunded in December.
    const first = await world.database.db.selectFrom('commission_transactions').select('receipt_id').where('kind', '=', 'payment').orderBy('created_at').executeTakeFirstOrThrow();
    world.clock.set('2026-12-03T02:00:00.000Z');
    await ok('ops', 'POST', `/receipts/${first.receipt_id}/refund`, { reason: '整单退款' });
    await drain();
    expect(await statement('ops', '2026-11', 'repEast1')).toEqual(november);
    const december = await statement('repEast1', '2026-12');
    expect(december.lines.map((l) => [l.kind, l.amountMinor])).toEqual([['clawback', -12_000]]);
    expect(december.lines[0]!.explanation).toContain('(2026-11)');

    // v3 (4%) for locked November: accepting puts the difference into December as adjustment lines, never into November.
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'v3 for November' }, 201));
    expect(proposal.periodStatus).toBe('locked');
    const delta = proposal.people.find((p) => p.personId === world.ids.repEast1)!.deltaMinor;
    expect(delta).toBeGreaterThan(0);
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    expect(await statement('ops', '2026-11', 'repEast1')).toEqual(november);
    const adjusted = await statement('repEast1', '2026-12');
    const adjustments = adjusted.lines.filter((l) => l.kind === 'adjustment');
    expect(adjustments.reduce((s, l) => s + l.amountMinor, 0)).toBe(delta);
    expect(adjustments[0]!.explanation).toMatch(/^correction to locked period 2026-11: was .+, now .+, difference/);
    expect(adjusted.totalMinor).toBe(sum(adjusted));

    // Proposed and accepted again, the same correction adjusts nothing more.
    const again = await ok('ops', 'POST', '/commission/recalculations', { period: '2026-11', reason: 'again' }, 201);
    await ok('ops', 'POST', `/commission/recalculations/${again.id}/accept`, {});
    expect((await statement('repEast1', '2026-12')).lines.filter((l) => l.kind === 'adjustment')).toHaveLength(adjustments.length);

    // A late payment event dated inside locked November pays in December as an adjustment.
    const contract = await signedContract(world, 'repEast1b', { totalMinor: 50_000 });
    await world.database.db.transaction().execute((tx) => applyPaymentEvent(tx, {
      id: 'late-event', orgId: world.orgId, type: 'payment.confirmed',
      payload: { receiptId: 'late-receipt', currency: 'CNY', confirmedOn: '2026-11-20', allocations: [{ contractId: contract.id, amountMinor: 50_000, ownerId: world.ids.repEast1b, contractTotalMinor: 50_000 }] },
    }, world.clock.now().toISOString()));
    const late = (await statement('ops', '2026-12', 'repEast1b')).lines.filter((l) => l.kind === 'adjustment' && l.transactionId?.startsWith('late-event:'));
    // 500.00 at 3%: under v2, the version November was locked with (its corrections under v3 were accepted as adjustments above).
    expect(late.map((l) => l.amountMinor)).toEqual([1_500]);
    expect((await statement('ops', '2026-11', 'repEast1b')).lines.every((l) => l.kind !== 'adjustment')).toBe(true);

    const periods = commissionPeriodList.parse(await ok('ops', 'GET', '/commission/periods'));
    expect(periods.items.map((p) => [p.period, p.status])).toEqual([['2026-12', 'open'], ['2026-11', 'locked']]);
  });

  it('keeps quotas and credit splits, and refuses splits that do not add up', async () => {
    await ok('ops', 'PUT', `/commission/quotas/2026-12/${world.ids.repEast1}`, { amountMinor: 10_000_000 });
    expect((await ok('ops', 'GET', '/commission/quotas?period=2026-12')).items).toEqual([{ personId: world.ids.repEast1, personName: '张伟', period: '2026-12', amountMinor: 10_000_000 }]);
    const contract = await signedContract(world, 'repEast1', { totalMinor: 1_000_000 });
    const bad = await call('ops', 'PUT', `/commission/splits/${contract.id}`, { splits: [{ personId: world.ids.repEast1, share: '0.6' }] });
    expect(bad.json().error.fields).toHaveProperty(['body.splits']);
    await ok('ops', 'PUT', `/commission/splits/${contract.id}`, { splits: [{ personId: world.ids.repEast1, share: '0.6' }, { personId: world.ids.repEast1b, share: '0.4' }] });
    const before = (await statement('ops', '2026-12', 'repEast1b')).totalMinor;
    await pay('repEast1', 1_000_000, contract);
    const split = (await statement('ops', '2026-12', 'repEast1b')).lines.filter((l) => l.dealId === contract.id);
    expect(split.map((l) => l.inputs)).toEqual([expect.objectContaining({})]);
    expect((await statement('ops', '2026-12', 'repEast1b')).totalMinor - before).toBe(16_000); // 4,000.00 × 4%
    expect((await statement('ops', '2026-12', 'repEast1')).attainment).not.toBeNull();
    await ok('ops', 'DELETE', `/commission/quotas/2026-12/${world.ids.repEast1}`, undefined, 204);
  });

  it('simulates a plan over HTTP like the CLI, writing nothing', async () => {
    const [plan = '', transactions = '', people = ''] = await Promise.all(['plan.yaml', 'transactions.csv', 'people.csv'].map((f) => readFile(path.join(examples, f), 'utf8')));
    const before = await world.database.db.selectFrom('commission_lines').select('line_key').execute();
    const result = commissionSimulation.parse(await ok('repEast2', 'POST', '/commission/simulate', { plan, transactions, people }, 200, 'zh-CN'));
    expect(result.periods.map((p) => p.period)).toEqual(['2027-Q1', '2027-Q2']);
    expect(result.totals.ana).toBe(65_417);
    expect(result.periods[0]!.lines.find((l) => l.transactionId === 'P3' && l.personId === 'ana' && l.kind === 'commission')!.explanation)
      .toBe('业绩分配：回款 P3 1,500.00 的 100% = 1,500.00；区间 2,000.00–6,000.00 × 3%，本单落在该区间 1,500.00 = 45.00');
    expect(await world.database.db.selectFrom('commission_lines').select('line_key').execute()).toEqual(before);
    expect(new Set(result.periods[0]!.lines.map((l) => `${l.componentId}=${l.componentName}`))).toContain('base=回款提成 (collection commission)');

    const asRows = await ok('repEast2', 'POST', '/commission/simulate', { plan, transactions: [{ id: 'P1', date: '2027-01-10', amount: '1,200.00', credits: 'ana=100%' }] });
    expect(asRows.totals).toEqual({ ana: 2_400 });
    const badPlan = await call('repEast2', 'POST', '/commission/simulate', { plan: plan.replace(/rate: 2%/, 'rate: lots'), transactions });
    expect(badPlan.statusCode).toBe(400);
    expect(Object.keys(badPlan.json().error.fields)[0]).toMatch(/^plan\.components\./);
    const badCsv = await call('repEast2', 'POST', '/commission/simulate', { plan, transactions: 'id,date,amount,credits\nP1,2027-01-10,12.345,ana=100%\n' });
    expect(badCsv.json().error.fields['body.transactions']).toBe('transactions line 2: amount "12.345" is not an amount');
  });

  it('hints open statements in reach when a person\'s lines change, with only person and period, and nobody out of reach', async () => {
    const base = await world.app.listen({ port: 0, host: '127.0.0.1' });
    const people: Person[] = ['repEast1', 'managerEast', 'ops', 'repEast1b', 'repEast2', 'managerNorth', 'whitelisted', 'otherOrgAdmin'];
    const streams = Object.fromEntries(await Promise.all(people.map(async (p) => [p, await EventStreamReader.openInbox(`${base}/api/v1/notifications/stream`, world.as(p))] as const))) as Record<Person, EventStreamReader>;
    const hints = (p: Person) => streams[p].changes().filter((c) => c.type === 'commissions');
    const rep = { type: 'commissions', id: world.ids.repEast1, period: '2026-12' };
    const manager = { type: 'commissions', id: world.ids.managerEast, period: '2026-12' };
    try {
      // The reaction to the confirmed payment: the rep's lines and their manager's override changed.
      await pay('repEast1', 200_000);
      for (const [p, expected] of [['repEast1', [rep]], ['managerEast', [rep, manager]], ['ops', [rep, manager]]] as const) {
        await streams[p].until(() => hints(p).length >= expected.length, `the commissions hints for ${p}`);
        expect(hints(p)).toEqual(expect.arrayContaining([...expected]));
      }
      // A rep does not hear of their manager's pay, nor a colleague's; another team, a whitelist or company nothing.
      expect(hints('repEast1')).toEqual([rep]);
      for (const p of ['repEast1b', 'repEast2', 'managerNorth', 'whitelisted', 'otherOrgAdmin'] as const) expect(hints(p)).toEqual([]);

      // An accepted recalculation: the people whose lines it changed.
      await ok('ops', 'POST', '/commission/plans', { source: planWithRate(4, '5%') }, 201);
      const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'v4' }, 201));
      expect(proposal.people.map((p) => p.personId)).toContain(world.ids.repEast1);
      const before = hints('repEast1').length;
      await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
      await streams.repEast1.until(() => hints('repEast1').length > before, 'the hint of the accepted recalculation');
      expect(hints('repEast1').slice(before)).toEqual([rep]);
      expect(hints('repEast1b').every((h) => h.id === world.ids.repEast1b)).toBe(true);
      for (const p of ['repEast2', 'managerNorth', 'whitelisted', 'otherOrgAdmin'] as const) expect(hints(p)).toEqual([]);
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });

  it('keeps one proposal\'s lines per period: a replaced proposal is computed again when accepted, and one made before lines changed is refused', async () => {
    const staged = async (id: string) => (await world.database.db.selectFrom('commission_line_rows').select('line_key').where('recalculation_id', '=', id).execute()).length;
    await ok('ops', 'POST', '/commission/plans', { source: planWithRate(5, '6%') }, 201);
    const first = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'v5' }, 201));
    expect(first.peopleChanged).toBeGreaterThan(0);
    expect(await staged(first.id)).toBeGreaterThan(0);
    const second = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'v5 again' }, 201));
    expect(second.people).toEqual(first.people);
    expect(await staged(first.id)).toBe(0);
    expect(await staged(second.id)).toBeGreaterThan(0);

    await ok('ops', 'POST', `/commission/recalculations/${first.id}/accept`, {});
    const december = await statement('ops', '2026-12', 'repEast1');
    expect(december.lines.filter((l) => l.kind !== 'adjustment').every((l) => l.planVersion === 5)).toBe(true);
    expect(december.totalMinor).toBe(sum(december));
    const refused = await call('ops', 'POST', `/commission/recalculations/${second.id}/accept`, {});
    expect(refused.statusCode).toBe(409);
    await ok('ops', 'POST', `/commission/recalculations/${second.id}/discard`, {});
    expect(await staged(second.id)).toBe(0);
  });

  it('refuses to accept a proposal when an input changed since it was made, though no line did, and accepts it once the input is back', async () => {
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'check' }, 201));
    expect(proposal.peopleChanged).toBe(0);
    await ok('ops', 'PUT', `/commission/quotas/2026-12/${world.ids.repEast1}`, { amountMinor: 50_000_000 });
    const refused = await call('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('Propose it again');
    await ok('ops', 'DELETE', `/commission/quotas/2026-12/${world.ids.repEast1}`, undefined, 204);
    const before = await statement('ops', '2026-12', 'repEast1');
    expect((await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {})).status).toBe('accepted');
    expect(await statement('ops', '2026-12', 'repEast1')).toEqual(before);
  });

  it('removes the lines a new plan version no longer pays once its recalculation is accepted, and not before', async () => {
    const before = await statement('ops', '2026-12', 'managerEast');
    const overrides = (s: CommissionStatement) => s.lines.filter((l) => l.componentId === 'override' && l.kind === 'override');
    expect(overrides(before).length).toBeGreaterThan(0);
    const withoutOverride = planWithRate(6, '6%').replace(/\n {2}- \{ id: override[^\n]*/, '');
    await ok('ops', 'POST', '/commission/plans', { source: withoutOverride }, 201);
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'no overrides' }, 201));
    const manager = proposal.people.find((p) => p.personId === world.ids.managerEast)!;
    expect(manager.lines.map((l) => l.change)).toEqual(manager.lines.map(() => 'removed'));
    // A removed line is listed as it was stored: its rule, kind and arithmetic.
    expect(manager.lines.map((l) => [l.componentId, l.componentName, l.kind, l.after])).toEqual(manager.lines.map(() => ['override', 'override', 'override', null]));
    expect(manager.lines.every((l) => l.before?.includes('1%'))).toBe(true);
    const paidBy = (lines: ReadonlyArray<{ transactionId: string | null; dealId: string | null }>) => lines.map((l) => `${l.transactionId}|${l.dealId}`).sort();
    expect(paidBy(manager.lines)).toEqual(paidBy(overrides(before)));
    expect(await statement('ops', '2026-12', 'managerEast')).toEqual(before);
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    const after = await statement('ops', '2026-12', 'managerEast');
    expect(overrides(after)).toEqual([]); // corrections of locked November stay: adjustments are not the engine's to remove
    expect(after.totalMinor).toBe(before.totalMinor + manager.deltaMinor);
    expect(after.totalMinor).toBe(sum(after));
  });

  it('takes back in a later period a line that only an accepted recalculation wrote (a component a new plan version added)', async () => {
    const withKicker = `${planWithRate(7, '6%').replace(/\n {2}- \{ id: override[^\n]*/, '')}  - { id: kicker, name: Kicker, type: table, method: marginal, bands: [ { rate: 1% } ] }\n`;
    const { receiptId } = await pay('repEast1', 100_000); // December, under v6: no kicker yet
    await ok('ops', 'POST', '/commission/plans', { source: withKicker }, 201);
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'kicker' }, 201));
    await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {});
    const december = await statement('repEast1', '2026-12');
    const kicker = december.lines.find((l) => l.componentId === 'kicker' && l.amountMinor === 1_000)!;
    expect(kicker).toBeDefined();

    world.clock.set('2027-01-05T02:00:00.000Z');
    await ok('ops', 'POST', `/receipts/${receiptId}/refund`, { reason: '退款' });
    await drain();
    const january = await statement('repEast1', '2027-01');
    const clawbacks = january.lines.filter((l) => l.kind === 'clawback' && l.explanation.includes(kicker.transactionId!));
    expect(clawbacks.map((l) => [l.componentId, l.amountMinor]).sort()).toEqual([['base', -6_000], ['kicker', -1_000]]);
  });

  it('computes a proposal again when accepted if its kept rows are not all there (PostgreSQL empties them after a crash)', async () => {
    const before = await statement('ops', '2026-12', 'repEast1');
    const proposal = commissionRecalculation.parse(await ok('ops', 'POST', '/commission/recalculations', { period: '2026-12', reason: 'after a crash' }, 201));
    const kept = world.database.db.selectFrom('commission_recalculation_statements').select('person_id').where('recalculation_id', '=', proposal.id);
    expect((await kept.execute()).map((row) => row.person_id)).toContain(world.ids.repEast1);
    // Moved into place as they are, the kept rows would leave the period without this statement.
    await world.database.db.deleteFrom('commission_recalculation_statements').where('recalculation_id', '=', proposal.id).where('person_id', '=', world.ids.repEast1).execute();
    expect((await ok('ops', 'POST', `/commission/recalculations/${proposal.id}/accept`, {})).status).toBe('accepted');
    expect(await statement('ops', '2026-12', 'repEast1')).toEqual(before);
    expect(await kept.execute()).toEqual([]);
  });
});
