import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { addUser } from '../../cli/users.js';
import { newId } from '../../platform/ids.js';
import { starterLibrary } from './starter-library.js';

type Suggestion = { track: { id: string; title: string; starterKey: string | null }; score: number; reasons: unknown[]; mine: Record<string, boolean> };

describe.each(dialects)('talk tracks on %s', (dialect) => {
  let world: TestWorld;
  let serial = 0;
  beforeAll(async () => {
    world = await createWorld(dialect);
    // The test organisations are written directly, not created: they start without the library.
    const restored = await call('admin', 'POST', '/talk-tracks/starter-library');
    expect(restored.statusCode, restored.body).toBe(200);
  });
  afterAll(() => world.close());

  function call(person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, language = 'en') {
    return world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': language }, ...(payload ? { payload } : {}) });
  }
  async function customer(person: Person, facts: { industry: string; budgetBand?: string; decisionChain?: string }) {
    const res = await call(person, 'POST', '/customers', { name: `话术测试客户 ${(serial += 1)}`, ...facts });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().customer.id as string;
  }
  async function lead(person: Person, fields: Record<string, unknown>) {
    const res = await call(person, 'POST', '/leads', { name: `话术测试线索 ${(serial += 1)}`, ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().lead.id as string;
  }
  async function suggestions(person: Person, leadId: string, query = '', language = 'en') {
    const res = await call(person, 'GET', `/leads/${leadId}/talk-tracks${query}`, undefined, language);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Suggestion[];
  }
  const keysOf = (items: Suggestion[]) => items.map((i) => i.track.starterKey);
  const trackId = async (key: string, locale = 'en') =>
    (await world.database.db.selectFrom('talk_tracks').select('id').where('org_id', '=', world.orgId).where('starter_key', '=', key).where('locale', '=', locale).executeTakeFirstOrThrow()).id;

  it('gives a new organisation the whole starter library in zh-CN and en, and a restore adds only what is missing', async () => {
    const added = await addUser(world.database, world.clock, { email: 'founder@neworg.test', name: '创始人', role: 'admin', createOrg: '新公司', password: 'a-long-passphrase' });
    const rows = await world.database.db.selectFrom('talk_tracks').select(['locale', 'starter_key', 'status']).where('org_id', '=', added.orgId).execute();
    expect(starterLibrary.length).toBeGreaterThanOrEqual(16);
    for (const locale of ['zh-CN', 'en']) {
      expect(rows.filter((r) => r.locale === locale).map((r) => r.starter_key).sort(), locale).toEqual(starterLibrary.map((s) => s.key).sort());
    }
    expect(rows.every((r) => r.status === 'active')).toBe(true);

    // The fixture's organisation got the same set from the restore in beforeAll; a second restore adds nothing.
    const again = await call('admin', 'POST', '/talk-tracks/starter-library');
    expect(again.json()).toEqual({ added: 0, present: starterLibrary.length * 2 });
    // An archived starter script stays archived; a missing one comes back.
    const archived = await trackId('retail_inventory');
    expect((await call('admin', 'POST', `/talk-tracks/${archived}/archive`, { version: 1 })).statusCode).toBe(200);
    await world.database.db.deleteFrom('talk_tracks').where('org_id', '=', world.otherOrgId).execute();
    expect((await call('otherOrgAdmin', 'POST', '/talk-tracks/starter-library')).json()).toEqual({ added: starterLibrary.length * 2, present: 0 });
    expect((await call('admin', 'POST', '/talk-tracks/starter-library')).json().added).toBe(0);
    const after = (await call('admin', 'GET', '/talk-tracks?status=archived')).json().items as Array<{ id: string }>;
    expect(after.map((t) => t.id)).toEqual([archived]);
    expect((await call('admin', 'POST', `/talk-tracks/${archived}/restore`, { version: 2 })).json().status).toBe('active');
  });

  it('ranks a manufacturer\'s scripts first, then the budget and committee scripts, and says why', async () => {
    const maker = await customer('repEast1', { industry: 'manufacturing', budgetBand: 'over_2m', decisionChain: 'committee' });
    const id = await lead('repEast1', { customerId: maker, stage: 'proposal' });
    const items = await suggestions('repEast1', id, '?locale=en&limit=6');
    // Industry (5 + 0.75 + 0.75 + 0.5 = 7) beats budget or chain (5.5), which beat the stage script (4.75); ties by title.
    expect(keysOf(items)).toEqual([
      'manufacturing_capacity', 'manufacturing_lead_time', 'manufacturing_quality', 'budget_phased_rollout', 'committee_purchasing', 'stage_proposal_objections',
    ]);
    expect(items.map((i) => i.score)).toEqual([7, 7, 7, 5.5, 5.5, 4.75]);
    expect(items[0]!.reasons).toEqual([{ kind: 'match', fact: 'industry', value: 'manufacturing' }]);
    expect(items[4]!.reasons).toEqual([{ kind: 'match', fact: 'decisionChain', value: 'committee' }]);
    expect(items[0]!.mine).toEqual({ used: false, helpful: false, notHelpful: false });
    // Three by default, in the request's language unless asked otherwise.
    const zh = await suggestions('repEast1', id, '', 'zh-CN');
    expect(zh.map((i) => i.track.title)).toEqual(['制造业：交付周期', '制造业：产能与利用率', '制造业：质量与追溯']); // by code point
  });

  it('uses the screening card\'s budget and decision chain when the lead has no customer, and reads a broken card as none', async () => {
    const id = await lead('repEast2', { stage: 'negotiation' });
    const now = world.clock.now().toISOString();
    const card = {
      id: newId(), org_id: world.orgId, lead_id: id, owner_id: world.ids.repEast2, status: 'completed', opened_at: now, remind_at: now,
      reminded_at: null, completed_at: now, completed_by: world.ids.repEast2, answers: JSON.stringify({ budgetBand: 'under_100k', decisionChain: 'single', size: 'small' }),
      version: 1, created_at: now, updated_at: now,
    };
    await world.database.db.insertInto('screening_cards').values(card).execute();
    // Single decider + negotiation: 3 + 2 + 1.25 + 0.75 = 7; entry package: 5.5; discount guardrails: 4.75.
    const items = await suggestions('repEast2', id);
    expect(keysOf(items)).toEqual(['single_decider_close', 'budget_entry_package', 'stage_negotiation_guardrails']);
    expect(items[0]!.reasons).toEqual([{ kind: 'match', fact: 'decisionChain', value: 'single' }, { kind: 'match', fact: 'stage', value: 'negotiation' }]);

    await world.database.db.updateTable('screening_cards').set({ answers: 'not json' }).where('id', '=', card.id).execute();
    expect(keysOf(await suggestions('repEast2', id))[0]).toBe('stage_negotiation_guardrails');
  });

  it('lets reps\' feedback move a script up, counting the same mark twice once and helpful against not helpful', async () => {
    const maker = await customer('repEast1', { industry: 'manufacturing' });
    const mine = await lead('repEast1', { customerId: maker, stage: 'qualified' });
    const theirs = await lead('repEast2', { customerId: await customer('repEast2', { industry: 'manufacturing' }), stage: 'qualified' });
    expect(keysOf(await suggestions('repEast1', mine))[0]).toBe('manufacturing_capacity');

    const quality = await trackId('manufacturing_quality');
    const first = await call('repEast1', 'POST', `/talk-tracks/${quality}/feedback`, { leadId: mine, kind: 'helpful' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ recorded: true, mine: { helpful: true, notHelpful: false, used: false }, feedback: { helpful: 1, notHelpful: 0, used: 0 } });
    const twice = await call('repEast1', 'POST', `/talk-tracks/${quality}/feedback`, { leadId: mine, kind: 'helpful' });
    expect(twice.json()).toMatchObject({ recorded: false, feedback: { helpful: 1 } });
    expect((await call('repEast2', 'POST', `/talk-tracks/${quality}/feedback`, { leadId: theirs, kind: 'helpful' })).json().feedback).toEqual({ used: 0, helpful: 2, notHelpful: 0 });
    expect((await call('repEast1', 'POST', `/talk-tracks/${quality}/feedback`, { leadId: mine, kind: 'used' })).json().feedback).toEqual({ used: 1, helpful: 2, notHelpful: 0 });

    // 7 + (2 × (4/6 − 0.5) + 0.5 × 1/11) = 7.38: now first, with the feedback as a reason.
    const ranked = await suggestions('repEast1', mine);
    expect(keysOf(ranked)[0]).toBe('manufacturing_quality');
    expect(ranked[0]!.score).toBe(7.38);
    expect(ranked[0]!.reasons).toContainEqual({ kind: 'feedback', helpful: 2, rated: 2, used: 1 });
    expect(ranked[0]!.mine).toEqual({ used: true, helpful: true, notHelpful: false });

    // Changing one's mind moves the mark rather than adding a second, contradicting one.
    const changed = await call('repEast2', 'POST', `/talk-tracks/${quality}/feedback`, { leadId: theirs, kind: 'not_helpful' });
    expect(changed.json()).toMatchObject({ recorded: true, mine: { helpful: false, notHelpful: true }, feedback: { helpful: 1, notHelpful: 1, used: 1 } });
    expect((await suggestions('repEast2', theirs)).find((i) => i.track.starterKey === 'manufacturing_quality')!.mine).toEqual({ used: false, helpful: false, notHelpful: true });

    const audit = await world.database.db.selectFrom('audit_log').select(['actor_id', 'after']).where('entity_type', '=', 'talk_track').where('entity_id', '=', quality).where('action', '=', 'feedback').execute();
    expect(audit.map((a) => [a.actor_id, JSON.parse(a.after ?? '{}').kind])).toEqual([
      [world.ids.repEast1, 'helpful'], [world.ids.repEast2, 'helpful'], [world.ids.repEast1, 'used'], [world.ids.repEast2, 'not_helpful'],
    ]);
  });

  it('answers 404 for a lead out of the caller\'s scope, whether ranking or marking, and writes nothing', async () => {
    const id = await lead('repEast1', { industry: 'education' });
    const track = await trackId('education_cases');
    for (const person of ['repEast2', 'repNorth', 'managerNorth', 'otherOrgAdmin'] as const) {
      const ranked = await call(person, 'GET', `/leads/${id}/talk-tracks`);
      expect(ranked.statusCode, person).toBe(404);
      expect(ranked.json().error).toMatchObject({ code: 'NOT_FOUND', message: 'The lead was not found.' });
      const marked = await call(person, 'POST', `/talk-tracks/${track}/feedback`, { leadId: id, kind: 'helpful' });
      expect(marked.statusCode, person).toBe(404);
    }
    const marks = await world.database.db.selectFrom('talk_track_feedback').select('id').where('lead_id', '=', id).execute();
    expect(marks).toEqual([]);
    expect(keysOf(await suggestions('managerEast', id)).slice(0, 2)).toEqual(['education_enrollment', 'education_cases']);
  });

  it('ranks with the customer\'s facts only for a caller who may see that customer', async () => {
    const hidden = await customer('repEast1b', { industry: 'finance', decisionChain: 'committee' });
    const created = await call('admin', 'POST', '/leads', { name: '跨人客户线索', customerId: hidden, ownerId: world.ids.repEast1, stage: 'new' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().lead.id as string;
    expect(keysOf(await suggestions('admin', id)).slice(0, 2)).toEqual(['finance_audit', 'finance_risk']);
    expect(keysOf(await suggestions('repEast1', id))[0]).toBe('stage_new_opening');
  });

  it('lets only admins write the library; everyone signed in reads it, filtered by language, industry, status and words', async () => {
    const body = { title: '能源：节能改造', body: '您好，很多工厂的电费占成本的两成以上……', locale: 'zh-CN', industries: ['energy'], stages: ['qualified'] };
    for (const person of ['repEast1', 'managerEast', 'ops'] as const) expect((await call(person, 'POST', '/talk-tracks', body)).statusCode, person).toBe(403);
    const created = await call('admin', 'POST', '/talk-tracks', body);
    expect(created.statusCode, created.body).toBe(201);
    const track = created.json();
    expect(track).toMatchObject({ version: 1, status: 'active', budgetBands: [], decisionChains: [], starterKey: null, feedback: { used: 0, helpful: 0, notHelpful: 0 } });

    expect((await call('managerEast', 'PATCH', `/talk-tracks/${track.id}`, { version: 1, title: '改' })).statusCode).toBe(403);
    expect((await call('otherOrgAdmin', 'PATCH', `/talk-tracks/${track.id}`, { version: 1, title: '改' })).statusCode).toBe(404);
    const edited = await call('admin', 'PATCH', `/talk-tracks/${track.id}`, { version: 1, decisionChains: ['committee', 'multi_level'] });
    expect(edited.json()).toMatchObject({ version: 2, decisionChains: ['committee', 'multi_level'] });
    const stale = await call('admin', 'PATCH', `/talk-tracks/${track.id}`, { version: 1, title: '旧版本' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('talk track');
    expect((await call('repEast1', 'POST', `/talk-tracks/${track.id}/archive`, { version: 2 })).statusCode).toBe(403);

    const listed = async (person: Person, query: string) => ((await call(person, 'GET', `/talk-tracks${query}`)).json().items as Array<{ id: string; title: string; locale: string; industries: string[] }>);
    const energy = await listed('repEast1', '?locale=zh-CN&industry=energy');
    expect(energy.map((t) => t.id)).toContain(track.id);
    expect(energy.every((t) => t.locale === 'zh-CN' && (t.industries.length === 0 || t.industries.includes('energy')))).toBe(true);
    expect((await listed('repEast1', '?locale=zh-CN&industry=retail')).map((t) => t.id)).not.toContain(track.id);
    expect((await listed('repEast1', '?q=DISCOUNT')).map((t) => t.title)).toEqual(['Negotiation: discount guardrails']);
    expect((await listed('otherOrgRep', '?locale=zh-CN&industry=energy')).map((t) => t.id)).not.toContain(track.id);

    expect((await call('admin', 'POST', `/talk-tracks/${track.id}/archive`, { version: 2 })).json()).toMatchObject({ status: 'archived', version: 3 });
    expect((await listed('admin', '?locale=zh-CN')).map((t) => t.id)).not.toContain(track.id);
    const audit = await world.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'talk_track').where('entity_id', '=', track.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'archive']);
  });

  it('refuses rules that are not in the vocabulary or name a value twice, field by field in the caller\'s language', async () => {
    const res = await call('admin', 'POST', '/talk-tracks', {
      title: ' ', body: '正文', locale: 'fr', industries: ['mining'], budgetBands: ['unknown'], stages: ['new', 'new'],
    }, 'zh-CN');
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json().error.fields).sort()).toEqual(['body.budgetBands.0', 'body.industries.0', 'body.locale', 'body.stages', 'body.title']);
    expect(res.json().error.fields['body.stages']).toBe('每个值只能出现一次');
  });

  it('suggests scripts to jobs without a caller: the best first in the language asked, none for an unknown lead', async () => {
    const id = await lead('repNorth', { industry: 'logistics', stage: 'contacted' });
    const { talkTracks } = world.app.services;
    const best = await talkTracks.suggestFor(world.database.db, world.orgId, id, 'zh-CN');
    expect(best).toHaveLength(3);
    expect(best[0]!.track).toMatchObject({ starterKey: 'logistics_on_time', title: '物流：准时率', locale: 'zh-CN' });
    expect(best[0]!.reasons).toEqual([{ kind: 'match', fact: 'industry', value: 'logistics' }]);
    expect(await talkTracks.suggestFor(world.database.db, world.otherOrgId, id, 'en')).toEqual([]);
  });
});
