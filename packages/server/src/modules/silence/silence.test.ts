import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silenceAlert, silenceAlertPage, type SilenceAlert } from '@closeloop/core';
import { build, type App } from '../../app.js';
import { loadConfig } from '../../platform/config.js';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { SilenceStore, sweepSilence } from './index.js';

const hour = 3_600_000;
const day = 24 * hour;
// The world starts on Monday 2 November 2026, 09:00 in Shanghai (01:00 UTC).
const thursday0859 = '2026-11-05T00:59:00.000Z';
const thursday0900 = '2026-11-05T01:00:00.000Z';

describe.each(dialects)('silence alerts on %s', (dialect) => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await createWorld(dialect);
    // The server has been running: the minute sweep is armed from Monday 09:00 on.
    await world.app.services.jobs.runner.drain();
  });
  afterEach(async () => {
    await world.close();
  });

  const api = (who: Person, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
  const drain = () => world.app.services.jobs.runner.drain();
  const at = (iso: string) => world.clock.set(iso);
  const later = (ms: number) => world.clock.advance(ms);

  async function newLead(who: Person, fields: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const res = await api(who, 'POST', '/leads', { name: '陈晓东', company: '宁波海达精密制造有限公司', stage: 'contacted', source: 'exhibition', ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().lead;
  }
  async function logCall(who: Person, leadId: string, text = '电话沟通交付周期') {
    const due = new Date(world.clock.now().getTime() + 3 * day).toISOString();
    const res = await api(who, 'POST', '/activities', { kind: 'call', leadId, text, nextAction: { kind: 'call_back', dueAt: due } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string };
  }
  const alertsOf = (leadId: string) =>
    world.database.db.selectFrom('silence_alerts').selectAll().where('lead_id', '=', leadId).orderBy('raised_at').execute();
  const silentNotes = () =>
    world.database.db.selectFrom('notifications').select(['recipient_id', 'title', 'body', 'link', 'params']).where('template', '=', 'lead.silent').orderBy('recipient_id').execute();
  const listOf = async (who: Person, query = '') => {
    const res = await api(who, 'GET', `/silence-alerts${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return silenceAlertPage.parse(res.json()).items;
  };

  it('raises one alert for a lead touched Monday 09:00 on Thursday 09:00 and none before; the rep and the manager are told', async () => {
    const lead = await newLead('repEast1');
    await logCall('repEast1', lead.id, '拜访采购部，客户关注交付周期');
    await drain();
    at(thursday0859);
    await drain();
    expect(await alertsOf(lead.id)).toEqual([]);
    expect(await silentNotes()).toEqual([]);

    at(thursday0900);
    await drain();
    const [raised, ...more] = await alertsOf(lead.id);
    expect(more).toEqual([]);
    expect(raised).toMatchObject({ status: 'open', stage: 'contacted', silent_since: '2026-11-02T01:00:00.000Z', threshold_hours: 72, owner_id: world.ids.repEast1, team_id: world.teams.east1 });

    const notes = await silentNotes();
    expect(notes.map((n) => n.recipient_id)).toEqual([world.ids.managerEast, world.ids.repEast1].sort());
    const repNote = notes.find((n) => n.recipient_id === world.ids.repEast1)!;
    expect(repNote.link).toBe(`/leads/${lead.id}`);
    expect(repNote.title).toBe('你的线索沉默了：陈晓东'); // the rep reads Chinese (the default)
    expect(notes.find((n) => n.recipient_id === world.ids.managerEast)!.body).toContain('张伟的线索陈晓东（宁波海达精密制造有限公司）在“已联系”阶段已 3 天没有新的跟进');

    const [card] = await listOf('repEast1');
    expect(card).toMatchObject({ leadId: lead.id, ownerName: '张伟', lead: { name: '陈晓东', stage: 'contacted' }, silentSince: '2026-11-02T01:00:00.000Z', resolution: null });
    expect(card!.snapshot.lastActivities.map((a) => a.text)).toEqual(['拜访采购部，客户关注交付周期']);
    expect(card!.snapshot.nextAction).toMatchObject({ kind: 'call_back', label: '电话回访', dueAt: '2026-11-05T01:00:00.000Z' }); // in the rep's language

    // Further sweeps, hours later, raise nothing more and tell nobody again.
    later(5 * hour);
    await drain();
    expect(await alertsOf(lead.id)).toHaveLength(1);
    expect(await silentNotes()).toHaveLength(2);
  });

  it('uses each stage’s limit: a new lead with 24 hours is silent on Tuesday, a contacted one with 72 hours is not', async () => {
    const settings = await api('admin', 'PATCH', '/steward/settings', { version: 0, silenceHours: { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 } });
    expect(settings.statusCode, settings.body).toBe(200);
    const fresh = await newLead('repEast1', { stage: 'new', name: '新线索' });
    const contacted = await newLead('repEast1', { stage: 'contacted', name: '已联系线索' });
    const proposal = await newLead('repEast2', { stage: 'proposal', name: '方案线索' });
    at('2026-11-03T01:00:00.000Z'); // Tuesday 09:00: 24 h
    await drain();
    expect(await alertsOf(fresh.id)).toHaveLength(1);
    expect(await alertsOf(contacted.id)).toEqual([]);
    expect(await alertsOf(proposal.id)).toEqual([]);
    at('2026-11-04T01:00:00.000Z'); // Wednesday 09:00: 48 h
    await drain();
    expect((await alertsOf(proposal.id)).map((a) => a.threshold_hours)).toEqual([48]);
    expect(await alertsOf(contacted.id)).toEqual([]);
  });

  it('resolves itself when the rep logs an activity, and a later silence is a new alert', async () => {
    const lead = await newLead('repEast1');
    at(thursday0900);
    await drain();
    const [first] = await alertsOf(lead.id);
    expect(first!.status).toBe('open');

    later(2 * hour);
    const call = await logCall('repEast1', lead.id);
    await drain();
    expect((await alertsOf(lead.id)).map((a) => [a.status, a.resolved_by])).toEqual([['resolved', call.id]]);
    const resolved = silenceAlert.parse((await api('repEast1', 'GET', `/silence-alerts/${first!.id}`)).json());
    expect(resolved.resolution).toEqual({ kind: 'activity', activityId: call.id });
    expect(await listOf('repEast1')).toEqual([]);
    expect((await listOf('repEast1', '?status=resolved')).map((a) => a.id)).toEqual([first!.id]);

    later(72 * hour);
    await drain();
    const alerts = await alertsOf(lead.id);
    expect(alerts.map((a) => a.status)).toEqual(['resolved', 'open']);
    expect(alerts[1]!.silent_since).toBe(new Date(world.clock.now().getTime() - 72 * hour).toISOString());
    const events = await world.database.db.selectFrom('events').select(['type', 'subject']).where('type', 'like', 'silence.%').orderBy('created_at').execute();
    expect(events.map((e) => e.type)).toEqual(['silence.raised', 'silence.resolved', 'silence.raised']);
  });

  it('ends a silence when the lead is won or archived, with that reason, and gives a restored lead its alert back', async () => {
    const won = await newLead('repEast1', { name: '赢单线索' });
    const archived = await newLead('repEast1', { name: '归档线索' });
    at(thursday0900);
    await drain();
    expect((await api('repEast1', 'PATCH', `/leads/${won.id}`, { version: won.version, stage: 'won' })).statusCode).toBe(200);
    expect((await api('repEast1', 'POST', `/leads/${archived.id}/archive`, { version: archived.version })).statusCode).toBe(200);
    await drain();
    expect((await alertsOf(won.id)).map((a) => [a.status, a.resolved_by])).toEqual([['resolved', 'won']]);
    expect((await alertsOf(archived.id)).map((a) => [a.status, a.resolved_by])).toEqual([['resolved', 'archived']]);

    // Back in the pool, still silent since the same action: the same silence, so its alert opens again (not a second one).
    const restored = await api('repEast1', 'POST', `/leads/${archived.id}/restore`, { version: archived.version + 1 });
    expect(restored.statusCode, restored.body).toBe(200);
    await drain();
    expect((await alertsOf(archived.id)).map((a) => [a.status, a.resolved_by])).toEqual([['open', null]]);
  });

  it('follows its lead to a new owner, and ends when the lead is merged away', async () => {
    const handed = await newLead('repEast1', { name: '转交线索' });
    const merged = await newLead('repEast1', { name: '重复线索', phone: '13900000001' });
    at(thursday0900);
    await drain();
    const survivor = await newLead('repEast1', { name: '保留线索', phone: '13900000002' });
    expect((await api('managerEast', 'PATCH', `/leads/${handed.id}`, { version: handed.version, ownerId: world.ids.repEast1b })).statusCode).toBe(200);
    const merging = await api('managerEast', 'POST', `/leads/${survivor.id}/merge`, { sourceIds: [merged.id] });
    expect(merging.statusCode, merging.body).toBe(200);
    await drain();
    expect((await alertsOf(handed.id)).map((a) => [a.status, a.owner_id])).toEqual([['open', world.ids.repEast1b]]);
    expect((await listOf('repEast1b')).map((a) => a.leadId)).toEqual([handed.id]);
    expect((await listOf('repEast1')).map((a) => a.leadId)).toEqual([]);
    expect((await alertsOf(merged.id)).map((a) => [a.status, a.resolved_by])).toEqual([['resolved', 'merged']]);
    expect(await alertsOf(survivor.id)).toEqual([]);
  });

  it('raises at once when a lead moves into a stage whose limit it has already passed', async () => {
    await api('admin', 'PATCH', '/steward/settings', { version: 0, silenceHours: { new: 72, contacted: 72, qualified: 72, proposal: 24, negotiation: 48 } });
    const lead = await newLead('repEast1', { stage: 'qualified' });
    at('2026-11-03T13:00:00.000Z'); // 36 h: silent for a proposal, not for a qualified lead
    await drain();
    expect(await alertsOf(lead.id)).toEqual([]);
    expect((await api('repEast1', 'PATCH', `/leads/${lead.id}`, { version: lead.version, stage: 'proposal' })).statusCode).toBe(200);
    await drain();
    expect((await alertsOf(lead.id)).map((a) => [a.stage, a.threshold_hours, a.status])).toEqual([['proposal', 24, 'open']]);
    expect((await silentNotes()).map((n) => n.recipient_id)).toContain(world.ids.repEast1);
  });

  it('shows a rep their own alerts, a manager their teams’, and nobody outside them (404 for one alert)', async () => {
    const east = await newLead('repEast1', { industry: 'manufacturing', regionId: world.regions.shanghai });
    const north = await newLead('repNorth', { name: '北方线索' });
    at(thursday0900);
    await drain();
    const [eastAlert] = await alertsOf(east.id);
    const ids = async (who: Person, query = '') => (await listOf(who, query)).map((a: SilenceAlert) => a.leadId);

    expect(await ids('repEast1')).toEqual([east.id]);
    expect(await ids('managerEast')).toEqual([east.id]);
    expect(await ids('managerEast', `?teamId=${world.teams.east}`)).toEqual([east.id]);
    expect(await ids('managerEast', `?teamId=${world.teams.east2}`)).toEqual([]);
    expect(await ids('managerEast', `?ownerId=${world.ids.repEast1}&minDays=3`)).toEqual([east.id]);
    expect(await ids('managerEast', '?minDays=4')).toEqual([]);
    expect(await ids('admin')).toEqual(expect.arrayContaining([east.id, north.id]));
    expect(await ids('whitelisted')).toEqual([east.id]); // East region and manufacturing
    for (const outsider of ['repEast1b', 'repEast2', 'repNorth', 'managerNorth', 'otherOrgAdmin'] as const) {
      expect(await ids(outsider), outsider).not.toContain(east.id);
      expect((await api(outsider, 'GET', `/silence-alerts/${eastAlert!.id}`)).statusCode, outsider).toBe(404);
    }
    // Nobody outside the lead's sight is told either.
    expect(new Set((await silentNotes()).map((n) => n.recipient_id))).toEqual(new Set([world.ids.repEast1, world.ids.managerEast, world.ids.repNorth, world.ids.managerNorth]));
  });

  it('tells a person about many new silences in one message', async () => {
    for (let i = 1; i <= 5; i++) await newLead('repEast1b', { name: `线索${i}`, company: null });
    at(thursday0900);
    await drain();
    const notes = (await silentNotes()).filter((n) => n.recipient_id === world.ids.repEast1b);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toBe('你的 5 条线索沉默了');
    expect(notes[0]!.body).toContain('线索1、线索2、线索3 等 5 条');
    expect(notes[0]!.link).toBe('/silent-leads');
  });

  it('never raises or tells one silence twice: two sweeps at once, a lost sweep mark, and a restarted server on the same database', async () => {
    const leads = [];
    for (let i = 0; i < 3; i++) leads.push(await newLead('repEast1', { name: `并发${i}` }));
    at(thursday0900);
    const { services } = world.app;
    const settings = await services.stewardSettings.forOrg(world.database.db, world.orgId);
    const deps = silenceDepsOf(world.app);
    // Two sweeps of the same company in two transactions at the same time (PostgreSQL: two processes).
    await Promise.all([0, 1].map(() => world.database.db.transaction().execute((tx) => sweepSilence(tx, world.orgId, settings, deps))));
    await world.database.db.deleteFrom('silence_sweep_marks').execute();
    await drain();
    const again = await build({ database: world.database, clock: world.clock, config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: world.database.url, WEB_DIR: '/nonexistent' }), logger: false });
    try {
      await again.ready();
      later(hour);
      await again.services.jobs.runner.drain();
    } finally {
      await again.close();
    }
    for (const lead of leads) expect(await alertsOf(lead.id)).toHaveLength(1);
    // The three silences fell at once: one message each to the rep and the manager, naming all three.
    const notes = await silentNotes();
    expect(notes.map((n) => [n.recipient_id, JSON.parse(n.params).total])).toEqual([[world.ids.managerEast, 3], [world.ids.repEast1, 3]].sort());
  });

  it('counts silent leads on the team board by each stage’s limit', async () => {
    await api('admin', 'PATCH', '/steward/settings', { version: 0, silenceHours: { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 } });
    await newLead('repEast1', { stage: 'new', name: '新' });
    await newLead('repEast1', { stage: 'contacted', name: '联系' });
    at('2026-11-03T01:00:00.000Z');
    const board = (await api('managerEast', 'GET', '/dashboard/pipeline')).json();
    expect(board.rules.silenceHours).toEqual({ new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 });
    expect(board.silent.count).toBe(1);
    expect(board.silent.oldest.map((l: { name: string }) => l.name)).toEqual(['新']);
  });
});

/** The sweep's collaborators as the app wires them, for calling it directly. */
function silenceDepsOf(app: App) {
  const { clock, notifier, database } = app.services;
  return { store: new SilenceStore(database.dialect), clock, notifier, suggest: async () => [] };
}
