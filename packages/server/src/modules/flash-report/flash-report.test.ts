/**
 * The daily flash report (B5): the morning schedule at the company's flashTime, once per person and day, following
 * a changed time; the report's scope (a rep is refused, a manager sees their teams); each anomaly rule on real rows;
 * and the spreadsheet.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { flashReportSchema, type FlashReportView } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { DocumentFactory } from '../../test-support/flash-documents.js';
import { appendEvent } from '../../platform/events/outbox.js';
import { scheduleKey } from '../../platform/jobs/index.js';
import { flashReportKind } from './index.js';

const hour = 3_600_000;
const day = 24 * hour;

describe.each(dialects)('the daily flash report on %s', (dialect) => {
  let world: TestWorld;
  let docs: DocumentFactory;
  beforeEach(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
    docs = new DocumentFactory(world);
  });
  afterEach(() => world.close());

  const drain = () => world.app.services.jobs.runner.drain();
  const get = (who: Person, url: string, lang = 'en') => world.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': lang } });
  const flash = async (d: string, who: Person = 'admin'): Promise<FlashReportView> => {
    const res = await get(who, `/flash-reports/${d}`);
    expect(res.statusCode, res.body).toBe(200);
    return flashReportSchema.parse(res.json());
  };
  const flashNotes = () => world.database.db.selectFrom('notifications').select(['recipient_id', 'title', 'body', 'link', 'org_id']).where('template', '=', 'flash.daily').where('org_id', '=', world.orgId).orderBy('recipient_id').execute();
  const flashTimer = () => world.database.db.selectFrom('timers').select('due_at').where('org_id', '=', world.orgId).where('key', '=', scheduleKey(flashReportKind)).executeTakeFirst();
  async function setFlashTime(time: string) {
    await world.database.db.transaction().execute(async (tx) => {
      const settings = JSON.stringify({ flashTime: time });
      await tx.insertInto('document_settings').values({ org_id: world.orgId, settings, version: 1, updated_by: world.ids.admin, updated_at: world.clock.now().toISOString() })
        .onConflict((oc) => oc.column('org_id').doUpdateSet({ settings })).execute();
      // What DocumentSettingsService.replace emits with the change.
      await appendEvent(tx, world.clock, { orgId: world.orgId, type: 'documents.settings_updated', subject: world.orgId, payload: { changed: ['flashTime'] } });
    });
  }

  it('sends yesterday\'s flash at 08:30 Shanghai time, not at 08:29, once to each manager, ops and admin with the figures and a link', async () => {
    const contract = await docs.sign('repEast1', { totalMinor: 12_800_000 });
    await docs.receipt(contract.customerId, [{ contractId: contract.id, amountMinor: 5_600_000 }]);
    await drain();
    expect((await flashTimer())?.due_at).toBe('2026-11-03T00:30:00.000Z');
    world.clock.set('2026-11-03T00:29:59.000Z'); // Tuesday 08:29:59
    await drain();
    expect(await flashNotes()).toEqual([]);

    world.clock.set('2026-11-03T00:30:00.000Z');
    await drain();
    const notes = await flashNotes();
    expect(notes.map((n) => n.recipient_id).sort()).toEqual([world.ids.admin, world.ids.managerEast, world.ids.managerNorth, world.ids.ops].sort());
    const east = notes.find((n) => n.recipient_id === world.ids.managerEast)!;
    expect(east).toMatchObject({ title: '昨日快报（2026-11-02）', link: '/flash/2026-11-02' });
    expect(east.body).toBe('签约 128,000.00 元（1 份），回款 56,000.00 元。前三名：张伟。无异常单据。');
    // The north manager's teams signed nothing: their flash says so.
    expect(notes.find((n) => n.recipient_id === world.ids.managerNorth)!.body).toBe('签约 0.00 元（0 份），回款 0.00 元。无异常单据。');
    expect((await flashTimer())?.due_at).toBe('2026-11-04T00:30:00.000Z');

    // Armed again for the same morning (a restart's catch-up, a second process): nobody is told twice.
    await world.app.services.jobs.timers.arm(world.database.db, { orgId: world.orgId, key: scheduleKey(flashReportKind), kind: flashReportKind, dueAt: '2026-11-03T00:30:00.000Z' });
    await drain();
    expect(await flashNotes()).toHaveLength(4);
  });

  it('follows a changed flashTime: a time already past today moves to tomorrow, a later one today waits for it, and one moved back past now goes out now', async () => {
    await drain(); // Monday 09:00: armed for Tuesday 08:30
    await setFlashTime('07:15');
    await drain();
    expect((await flashTimer())?.due_at).toBe('2026-11-02T23:15:00.000Z'); // Tuesday 07:15 Shanghai

    await setFlashTime('09:45');
    await drain();
    expect((await flashTimer())?.due_at).toBe('2026-11-02T01:45:00.000Z'); // still ahead today
    world.clock.set('2026-11-02T01:44:00.000Z');
    await drain();
    expect(await flashNotes()).toEqual([]);
    // Moved to 08:00 at 09:44: this morning's has not gone out and its time has passed, so it goes now.
    await setFlashTime('08:00');
    await drain();
    expect((await flashNotes()).map((n) => n.link)).toEqual(Array(4).fill('/flash/2026-11-01'));
    expect((await flashTimer())?.due_at).toBe('2026-11-03T00:00:00.000Z');
  });

  it('a firing armed for the old time waits when flashTime moved later without the timer moving', async () => {
    await drain();
    await world.database.db.insertInto('document_settings').values({ org_id: world.orgId, settings: JSON.stringify({ flashTime: '10:00' }), version: 1, updated_by: null, updated_at: world.clock.now().toISOString() }).execute();
    world.clock.set('2026-11-03T00:30:00.000Z');
    await drain();
    expect(await flashNotes()).toEqual([]);
    expect((await flashTimer())?.due_at).toBe('2026-11-03T02:00:00.000Z');
    world.clock.set('2026-11-03T02:00:00.000Z');
    await drain();
    expect(await flashNotes()).toHaveLength(4);
  });

  it('refuses a rep, shows a manager only their teams\' documents, and the whole company to ops and admins', async () => {
    const east = await docs.sign('repEast1', { totalMinor: 300_000 });
    const north = await docs.sign('repNorth', { totalMinor: 200_000 });
    await docs.receipt(north.customerId, [{ contractId: north.id, amountMinor: 50_000 }]);
    expect((await get('repEast1', '/flash-reports/2026-11-02')).statusCode).toBe(403);
    expect((await get('repEast1', '/flash-reports/2026-11-02/xlsx')).statusCode).toBe(403);

    const managerEast = await flash('2026-11-02', 'managerEast');
    expect(managerEast.scope).toBe('teams');
    expect(managerEast.signedContracts.map((c) => c.id)).toEqual([east.id]);
    expect(managerEast).toMatchObject({ signed: { minor: 300_000, count: 1 }, collected: { minor: 0, count: 0 }, receipts: [] });
    const managerNorth = await flash('2026-11-02', 'managerNorth');
    expect(managerNorth).toMatchObject({ signed: { minor: 200_000, count: 1 }, collected: { minor: 50_000, count: 1 } });
    const ops = await flash('2026-11-02', 'ops');
    expect(ops).toMatchObject({ scope: 'company', signed: { minor: 500_000, count: 2 }, netCollected: { minor: 50_000 } });
    expect(ops.topReps.map((r) => [r.repName, r.signedMinor, r.collectedMinor])).toEqual([['张伟', 300_000, 0], ['刘洋', 200_000, 50_000]]);
    expect((await flash('2026-11-02', 'otherOrgAdmin')).signed).toEqual({ minor: 0, count: 0 });
    expect((await get('admin', '/flash-reports/2026-11-03')).statusCode).toBe(400); // tomorrow
  });

  it('lists each anomaly with its rule: under floor, unpaid past terms, shipped unpaid, mismatched and duplicate receipts', async () => {
    // Signed a month ago on 14-day terms, a quarter paid: overdue on 2 November, listed on its first day overdue only.
    world.clock.set(new Date(world.clock.now().getTime() - 30 * day).toISOString());
    const late = await docs.sign('repEast1', { totalMinor: 400_000, termsDays: 14 });
    await docs.receipt(late.customerId, [{ contractId: late.id, amountMinor: 100_000 }]);
    world.clock.set('2026-11-02T01:00:00.000Z');
    const cheap = await docs.sign('repEast1', { totalMinor: 80_000, quantity: 2, floorPriceMinor: 45_000 });
    const strict = await docs.sign('repNorth', { totalMinor: 90_000, shipmentBeforePayment: false });
    const shipment = await docs.ship(strict.id);
    world.clock.advance(60_000); // paid after it shipped
    const other = await docs.customer('repNorth');
    const odd = await docs.receipt(other, [{ contractId: strict.id, amountMinor: 30_000 }], { amountMinor: 35_000, bankReference: 'ICBC-7' });
    const twin = await docs.receipt(strict.customerId, [{ contractId: strict.id, amountMinor: 10_000 }], { bankReference: 'ICBC-7' });

    const report = await flash('2026-11-02');
    const codes = report.anomalies.map((a) => [a.code, a.traceCode]);
    expect(codes).toEqual([
      ['price_under_floor', cheap.traceCode],
      ['shipment_without_payment', shipment.traceCode],
      ['receipt_mismatch', odd.traceCode],
      ['receipt_mismatch', odd.traceCode],
      ['duplicate_reference', odd.traceCode],
    ]);
    // Still overdue on 2 November, in the summary rather than the list.
    expect(report.overdue).toEqual({ minor: 300_000, count: 1 });
    expect((await flash('2026-11-02', 'managerNorth')).overdue).toEqual({ minor: 0, count: 0 });
    expect((await flash('2026-11-02', 'managerEast')).overdue).toEqual({ minor: 300_000, count: 1 });
    const [floor, shipped, mismatch, foreign, duplicate] = report.anomalies;
    expect(floor).toMatchObject({ amountMinor: 10_000, rule: { en: 'A contract line signed below its floor price (an approved override).' } });
    expect(floor!.message.en).toMatch(new RegExp(`^${cheap.traceCode} line 1 \\(快报产品 \\d+\\): unit price CNY 400\\.00 below the floor CNY 450\\.00, CNY 100\\.00 under in all\\.$`));
    const { due_on: dueOn } = await world.database.db.selectFrom('contracts').select('due_on').where('id', '=', late.id).executeTakeFirstOrThrow();
    const firstLate = new Date(Date.parse(`${dueOn!}T00:00:00Z`) + day).toISOString().slice(0, 10);
    const unpaid = (await flash(firstLate)).anomalies.filter((a) => a.code === 'unpaid_past_terms');
    expect(unpaid).toHaveLength(1);
    expect(unpaid[0]).toMatchObject({ traceCode: late.traceCode, amountMinor: 300_000 });
    expect(unpaid[0]!.message['zh-CN']).toContain('已逾期 1 天');
    expect((await flash(dueOn!)).overdue).toEqual({ minor: 0, count: 0 });
    expect(shipped).toMatchObject({ documentType: 'shipment', amountMinor: 90_000 });
    expect(mismatch).toMatchObject({ amountMinor: 5_000 });
    expect(foreign!.message.en).toContain(`pays contracts of another customer: ${strict.traceCode}`);
    expect(duplicate!.message.en).toBe(`${odd.traceCode} has the bank reference ICBC-7 that ${twin.traceCode} already carries.`);

    // Within the tolerance the difference is not an anomaly.
    await world.database.db.insertInto('document_settings').values({ org_id: world.orgId, settings: JSON.stringify({ receiptMismatchToleranceMinor: 5_000 }), version: 1, updated_by: null, updated_at: world.clock.now().toISOString() }).execute();
    expect((await flash('2026-11-02')).anomalies.filter((a) => a.code === 'receipt_mismatch')).toHaveLength(1);
    // Paid in full later: on 2 November it was still unpaid, so that day's report keeps it; the next day's does not.
    world.clock.set('2026-11-03T02:00:00.000Z');
    await docs.receipt(late.customerId, [{ contractId: late.id, amountMinor: 300_000 }]);
    expect((await flash('2026-11-02')).overdue).toEqual({ minor: 300_000, count: 1 });
    expect((await flash(firstLate)).anomalies.some((a) => a.code === 'unpaid_past_terms')).toBe(true);
    expect((await flash('2026-11-03')).overdue).toEqual({ minor: 0, count: 0 });
  });

  it('counts every contract overdue at the day\'s end in the summary, even if voided or paid since, but not one voided or paid by then', async () => {
    world.clock.set(new Date(world.clock.now().getTime() - 30 * day).toISOString());
    const voidedLater = await docs.sign('repEast1', { totalMinor: 200_000, termsDays: 14 });
    const voidedBefore = await docs.sign('repEast1', { totalMinor: 50_000, termsDays: 14 });
    const refundedLater = await docs.sign('repNorth', { totalMinor: 100_000, termsDays: 14 });
    const paid = await docs.receipt(refundedLater.customerId, [{ contractId: refundedLater.id, amountMinor: 100_000 }]);
    world.clock.set('2026-10-31T02:00:00.000Z');
    await docs.voidContract(voidedBefore.id);
    world.clock.set('2026-11-02T01:00:00.000Z');
    await docs.voidContract(voidedLater.id);
    await docs.reverse(paid.id, 'refund');

    expect((await flash('2026-11-01')).overdue).toEqual({ minor: 200_000, count: 1 });
    expect((await flash('2026-10-30')).overdue).toEqual({ minor: 250_000, count: 2 });
    expect((await flash('2026-11-02')).overdue).toEqual({ minor: 100_000, count: 1 });
    expect((await flash('2026-11-01', 'managerNorth')).overdue).toEqual({ minor: 0, count: 0 });
  });

  it('counts a partial refund on its day: the part in refunded, and the contract overdue by that part from then', async () => {
    world.clock.set(new Date(world.clock.now().getTime() - 30 * day).toISOString());
    const contract = await docs.sign('repEast1', { totalMinor: 100_000, termsDays: 14 });
    const paid = await docs.receipt(contract.customerId, [{ contractId: contract.id, amountMinor: 100_000 }]);
    world.clock.set('2026-10-31T02:00:00.000Z');
    await docs.reverse(paid.id, 'refund', [{ contractId: contract.id, amountMinor: 30_000 }]);
    world.clock.set('2026-11-02T01:00:00.000Z');
    await docs.reverse(paid.id, 'refund', [{ contractId: contract.id, amountMinor: 20_000 }]);

    const refundDay = await flash('2026-10-31');
    expect(refundDay.refunded).toEqual({ minor: 30_000, count: 1 });
    expect(refundDay.netCollected.minor).toBe(-30_000);
    expect(refundDay.receipts).toMatchObject([{ id: paid.id, kind: 'reversed', status: 'confirmed', amountMinor: 100_000, allocatedMinor: 30_000 }]);
    expect((await flash('2026-10-30')).overdue).toEqual({ minor: 0, count: 0 });
    expect((await flash('2026-10-31')).overdue).toEqual({ minor: 30_000, count: 1 });
    expect((await flash('2026-11-02')).overdue).toEqual({ minor: 50_000, count: 1 });
    expect((await flash('2026-11-02')).refunded).toEqual({ minor: 20_000, count: 1 });
  });

  it('exports the day as a workbook in the reader\'s language: summary, top reps, anomalies, signed contracts, receipts', async () => {
    const contract = await docs.sign('repEast1', { totalMinor: 123_456 });
    await docs.receipt(contract.customerId, [{ contractId: contract.id, amountMinor: 23_456 }]);
    const res = await get('managerEast', '/flash-reports/2026-11-02/xlsx', 'zh-CN');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="flash-2026-11-02.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '销售前三', '异常单据', '签约合同', '回款单']);
    expect(book.getWorksheet('汇总')!.getRow(2).values).toEqual([undefined, '签约', 1234.56, 1]);
    expect(book.getWorksheet('签约合同')!.getRow(2).getCell(1).value).toBe(contract.traceCode);
    expect(book.getWorksheet('回款单')!.getRow(2).getCell(5).value).toBe(234.56);
    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'entity_type']).where('entity_type', '=', 'flash_report').execute();
    expect(audit).toEqual([{ action: 'export', entity_type: 'flash_report' }]);
  });
});
