import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { leadHealthCurrent, leadHealthReportList, type LeadHealthReport, type OpenLeadStage } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { scheduleKey } from '../../platform/jobs/index.js';
import { weeklyHealthKind } from './index.js';

const hour = 3_600_000;
const day = 24 * hour;

describe.each(dialects)('the weekly lead-health report on %s', (dialect) => {
  let world: TestWorld;
  let n = 0;
  beforeEach(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
    n = 0;
  });
  afterEach(async () => {
    await world.close();
  });

  const at = (offsetMs: number) => new Date(world.clock.now().getTime() + offsetMs).toISOString();
  /** A lead of `owner`'s, its last action `silentMs` ago; `due` is its next action's due time relative to now. */
  async function lead(owner: Person, stage: OpenLeadStage | 'won', options: { silentMs?: number; dueMs?: number | null; contacted?: boolean; status?: string } = {}) {
    const db = world.database.db;
    const user = await db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', world.ids[owner]).executeTakeFirstOrThrow();
    const now = world.clock.now().toISOString();
    const id = `lead_${++n}`;
    const contacted = options.contacted ?? true;
    await db.insertInto('leads').values({
      id, org_id: user.org_id, name: `线索 ${n}`, source: 'quick_add', stage, owner_id: world.ids[owner], team_id: user.team_id,
      last_activity_at: at(-(options.silentMs ?? hour)), first_contact_at: contacted ? at(-30 * day) : null,
      next_action_kind: options.dueMs === null || !contacted ? null : 'call_back',
      next_action_due_at: options.dueMs === null || !contacted ? null : at(options.dueMs ?? 10 * day),
      status: options.status ?? 'active', search_text: '', created_at: now, updated_at: now,
    }).execute();
    return id;
  }

  /** repEast1: "proposal" 3 of 7 silent > 5 days (red); "contacted" 1 of 5 overdue (amber); "new" 2 never contacted, one silent (red). */
  async function seedEast1() {
    for (let i = 0; i < 3; i++) await lead('repEast1', 'proposal', { silentMs: 6 * day });
    for (let i = 0; i < 4; i++) await lead('repEast1', 'proposal');
    await lead('repEast1', 'contacted', { dueMs: -hour });
    for (let i = 0; i < 4; i++) await lead('repEast1', 'contacted');
    await lead('repEast1', 'new', { contacted: false, silentMs: 6 * day });
    await lead('repEast1', 'new', { contacted: false });
    await lead('repEast1', 'won', { silentMs: 60 * day }); // closed: not in any stage
    await lead('repEast1', 'proposal', { silentMs: 60 * day, status: 'archived' });
    await lead('repEast1b', 'qualified', { dueMs: null }); // contacted, nothing planned
  }

  const get = (who: Person, url: string, lang = 'en') => world.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': lang } });
  const reportsOf = async (who: Person, query = '') => {
    const res = await get(who, `/lead-health/reports${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return leadHealthReportList.parse(res.json());
  };
  const drain = () => world.app.services.jobs.runner.drain();
  const stored = () => world.database.db.selectFrom('lead_health_reports').select(['rep_id', 'week', 'org_id']).orderBy('rep_id').execute();
  const weeklyNotes = () => world.database.db.selectFrom('notifications').select(['recipient_id', 'title', 'body', 'link', 'locale']).where('template', '=', 'lead_health.weekly').orderBy('recipient_id').execute();
  const stage = (r: LeadHealthReport, s: OpenLeadStage) => r.stages.find((x) => x.stage === s)!;

  it('fires Friday 16:00 Shanghai time, one report per rep with each stage\'s colour and rule, and tells each rep', async () => {
    await seedEast1();
    await drain();
    world.clock.set('2026-11-06T07:59:59.000Z'); // Friday 15:59:59 in Shanghai
    await drain();
    expect(await stored()).toEqual([]);

    world.clock.set('2026-11-06T08:00:00.000Z');
    await drain();
    const reps: Person[] = ['repEast1', 'repEast1b', 'repEast2', 'repNorth', 'whitelisted'];
    expect((await stored()).filter((r) => r.org_id === world.orgId).map((r) => r.rep_id).sort()).toEqual(reps.map((p) => world.ids[p]).sort());
    expect((await stored()).filter((r) => r.org_id === world.otherOrgId).map((r) => r.rep_id)).toEqual([world.ids.otherOrgRep]);
    expect(new Set((await stored()).map((r) => r.week))).toEqual(new Set(['2026-11-06']));

    const mine = (await reportsOf('repEast1')).items;
    expect(mine).toHaveLength(1);
    const report = mine[0]!;
    expect(report).toMatchObject({ repId: world.ids.repEast1, teamId: world.teams.east1, teamName: '华东一组', week: '2026-11-06', generatedAt: '2026-11-06T08:00:00.000Z' });
    expect(report.stages.map((s) => [s.stage, s.colour, s.leads])).toEqual([
      ['new', 'red', 2], ['contacted', 'amber', 5], ['qualified', 'green', 0], ['proposal', 'red', 7], ['negotiation', 'green', 0],
    ]);
    expect(stage(report, 'proposal').rule).toEqual({
      signal: 'silent', count: 3, leads: 7, percent: 42, threshold: { colour: 'red', percent: 40 }, met: true, colour: 'red', silentDays: 5,
    });
    expect(stage(report, 'contacted').rule).toMatchObject({ signal: 'overdue', count: 1, percent: 20, met: true, colour: 'amber' });

    const notes = await weeklyNotes();
    expect(notes.map((x) => x.recipient_id).sort()).toEqual([...reps.map((p) => world.ids[p]), world.ids.otherOrgRep].sort());
    const east1 = notes.find((x) => x.recipient_id === world.ids.repEast1)!;
    expect(east1).toMatchObject({ locale: 'zh-CN', title: '本周线索健康报告（2026-11-06）', link: '/lead-health/me?week=2026-11-06' });
    expect(east1.body).toBe('红灯 2 个阶段，黄灯 1 个，绿灯 2 个。打开报告查看每个颜色背后的规则。');
    expect((await world.database.db.selectFrom('timers').select('due_at').where('org_id', '=', world.orgId).where('key', '=', scheduleKey(weeklyHealthKind)).executeTakeFirstOrThrow()).due_at)
      .toBe('2026-11-13T08:00:00.000Z');
  });

  it('fires Friday 16:00 Berlin time across the change to summer time', async () => {
    await world.database.db.updateTable('orgs').set({ time_zone: 'Europe/Berlin' }).where('id', '=', world.orgId).execute();
    world.clock.set('2027-03-22T08:00:00.000Z'); // Monday before the clocks go forward (Sunday 28 March)
    await drain();
    world.clock.set('2027-03-26T14:59:00.000Z');
    await drain();
    expect((await stored()).filter((r) => r.org_id === world.orgId)).toEqual([]);
    world.clock.set('2027-03-26T15:00:00.000Z'); // 16:00 CET
    await drain();
    expect(new Set((await stored()).filter((r) => r.org_id === world.orgId).map((r) => r.week))).toEqual(new Set(['2027-03-26']));

    world.clock.set('2027-04-02T13:59:00.000Z'); // 15:59 CEST
    await drain();
    expect((await stored()).filter((r) => r.week === '2027-04-02' && r.org_id === world.orgId)).toEqual([]);
    world.clock.set('2027-04-02T14:00:00.000Z'); // 16:00 CEST
    await drain();
    expect((await stored()).filter((r) => r.week === '2027-04-02' && r.org_id === world.orgId)).toHaveLength(5);
  });

  it('never doubles a report or a notification when the week is published again or the schedule is re-armed', async () => {
    await seedEast1();
    await drain();
    world.clock.set('2026-11-06T08:00:00.000Z');
    await drain();
    const before = { reports: (await stored()).length, notes: (await weeklyNotes()).length };

    await lead('repEast1', 'negotiation', { silentMs: 10 * day }); // after publication: the published report stays as it was
    const again = await world.database.db.transaction().execute((tx) => world.app.services.leadHealth.publishWeek(tx, world.orgId, '2026-11-06', world.clock.now()));
    expect(again).toEqual({ week: '2026-11-06', written: 0, reps: 5 });
    // A restart that finds the occurrence due again (its timer put back) runs it, and writes nothing new.
    await world.database.db.updateTable('timers').set({ due_at: '2026-11-06T08:00:00.000Z', scheduled_for: '2026-11-06T08:00:00.000Z' }).where('key', '=', scheduleKey(weeklyHealthKind)).execute();
    await drain();
    expect({ reports: (await stored()).length, notes: (await weeklyNotes()).length }).toEqual(before);
    expect(stage((await reportsOf('repEast1')).items[0]!, 'negotiation').leads).toBe(0);

    // A rep who joins later gets the week's report on a rerun, and only they are told.
    await world.database.db.updateTable('users').set({ role: 'rep' }).where('id', '=', world.ids.managerNorth).execute();
    const late = await world.database.db.transaction().execute((tx) => world.app.services.leadHealth.publishWeek(tx, world.orgId, '2026-11-06', world.clock.now()));
    expect(late.written).toBe(1);
    expect((await weeklyNotes()).length).toBe(before.notes + 1);
  });

  describe('who reads which report', () => {
    beforeEach(async () => {
      await seedEast1();
      await drain();
      world.clock.set('2026-11-06T08:00:00.000Z');
      await drain();
    });
    const names = (list: { items: LeadHealthReport[] }) => list.items.map((r) => r.repName).sort();
    const reportIdOf = async (rep: Person) =>
      (await world.database.db.selectFrom('lead_health_reports').select('id').where('rep_id', '=', world.ids[rep]).executeTakeFirstOrThrow()).id;

    it('gives a rep their own only: another rep\'s report is not found', async () => {
      expect(names(await reportsOf('repEast1'))).toEqual(['张伟']);
      expect(names(await reportsOf('repEast1', `?repId=${world.ids.repEast1b}`))).toEqual([]);
      expect((await get('repEast1', `/lead-health/reports/${await reportIdOf('repEast1b')}`)).statusCode).toBe(404);
      expect((await get('repEast1', `/lead-health/reports/${await reportIdOf('repEast1')}`)).statusCode).toBe(200);
      expect(names(await reportsOf('whitelisted'))).toEqual(['白名单']);
      expect((await get('otherOrgAdmin', `/lead-health/reports/${await reportIdOf('repEast1')}`)).statusCode).toBe(404);
    });

    it('gives a manager the reps of the teams they lead, ops and admins everyone of their company', async () => {
      expect(names(await reportsOf('managerEast'))).toEqual(['张伟', '李娜', '王芳'].sort());
      expect(names(await reportsOf('managerEast', `?teamId=${world.teams.east2}`))).toEqual(['李娜']);
      expect((await get('managerEast', `/lead-health/reports?teamId=${world.teams.north}`)).statusCode).toBe(404);
      expect((await get('managerNorth', `/lead-health/reports/${await reportIdOf('repEast1')}`)).statusCode).toBe(404);
      expect(names(await reportsOf('ops'))).toHaveLength(5);
      expect(names(await reportsOf('otherOrgAdmin'))).toEqual(['Other Rep']);
      const list = await reportsOf('admin');
      expect(list).toMatchObject({ week: '2026-11-06', weeks: ['2026-11-06'], thresholds: { silentDays: 5, amberPercent: 20, redPercent: 40 } });
      expect((await reportsOf('admin', '?week=2026-10-30')).items).toEqual([]);
      expect((await get('admin', '/lead-health/reports?week=6.11.2026')).statusCode).toBe(400);
    });

    it('exports the week as a spreadsheet with colours and each rule in the reader\'s language', async () => {
      const res = await get('managerEast', '/lead-health/reports/export.xlsx');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="lead-health-2026-11-06.xlsx"');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      expect(book.worksheets.map((w) => w.name)).toEqual(['Lead health', 'Rules', 'How it is counted']);
      const board = book.getWorksheet('Lead health')!;
      expect(board.getRow(1).values).toEqual([undefined, 'Team', 'Rep', 'New', 'Contacted', 'Qualified', 'Proposal', 'Negotiation']);
      const zhang = [2, 3, 4].map((r) => board.getRow(r)).find((row) => row.getCell(2).value === '张伟')!;
      expect(zhang.getCell(6).value).toBe('Red · 7');
      expect((zhang.getCell(6).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFCCC7');
      expect(zhang.getCell(6).note).toBe('3 of 7 leads in "Proposal" silent > 5 days (42% ≥ 40% → red)');
      expect(board.rowCount).toBe(4); // the header and the three reps of the east teams

      const zh = await get('managerEast', '/lead-health/reports/export.xlsx', 'zh-CN');
      const zhBook = new ExcelJS.Workbook();
      await zhBook.xlsx.load(zh.rawPayload as unknown as ExcelJS.Buffer);
      const rules = zhBook.getWorksheet('规则明细')!;
      const texts = rules.getColumn(9).values.filter((v): v is string => typeof v === 'string');
      expect(texts).toContain('“方案报价”阶段 7 条线索中有 3 条超过 5 天未跟进（42% ≥ 40% → 红）');
      const live = await get('managerEast', '/lead-health/reports/export.xlsx?live=true');
      expect(live.headers['content-disposition']).toBe('attachment; filename="lead-health-2026-11-13.xlsx"'); // the week in progress
      const audit = await world.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_type', '=', 'lead_health_report').execute();
      expect(audit).toEqual(Array(3).fill({ action: 'export', actor_id: world.ids.managerEast }));
    });
  });

  it('counts the week in progress live, for the reps the caller may see', async () => {
    await seedEast1();
    const res = await get('managerEast', '/lead-health/current');
    expect(res.statusCode, res.body).toBe(200);
    const current = leadHealthCurrent.parse(res.json());
    expect(current.week).toBe('2026-11-06');
    // By team, then name, as a Chinese reader sorts them (华东二组 before 华东一组: èr before yī).
    expect(current.items.map((r) => [r.repName, r.id, r.generatedAt])).toEqual([['李娜', null, null], ['王芳', null, null], ['张伟', null, null]]);
    expect(stage(current.items[2]!, 'proposal').colour).toBe('red');
    expect(stage(current.items[1]!, 'qualified').rule).toMatchObject({ signal: 'unplanned', count: 1, leads: 1, colour: 'red' });

    // Acting on the silent leads turns the stage green at once.
    await world.database.db.updateTable('leads').set({ last_activity_at: world.clock.now().toISOString() }).where('owner_id', '=', world.ids.repEast1).where('stage', '=', 'proposal').execute();
    const after = leadHealthCurrent.parse((await get('repEast1', '/lead-health/current')).json());
    expect(after.items.map((r) => r.repName)).toEqual(['张伟']);
    expect(stage(after.items[0]!, 'proposal').colour).toBe('green');
  });
});
