import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screeningCard, screeningCardPage, type ScreeningCard } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

const minute = 60_000;
const day = 24 * 60 * minute;

describe.each(dialects)('screening cards on %s', (dialect) => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
  });
  afterEach(async () => {
    await world.close();
  });

  const api = (who: Person, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(who), 'accept-language': 'en' }, ...(payload ? { payload } : {}) });
  const drain = () => world.app.services.jobs.runner.drain();

  async function newLead(who: Person, fields: Record<string, unknown> = {}): Promise<{ id: string }> {
    const res = await api(who, 'POST', '/leads', { name: '陈晓东', company: '宁波海达', stage: 'new', source: 'exhibition', industry: 'manufacturing', ...fields });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().lead;
  }
  async function logVisit(who: Person, leadId: string, occurredAt?: string) {
    const due = new Date(world.clock.now().getTime() + 3 * day).toISOString();
    const res = await api(who, 'POST', '/activities', { kind: 'visit', leadId, text: '首次拜访', nextAction: { kind: 'send_proposal', dueAt: due }, ...(occurredAt ? { occurredAt } : {}) });
    expect(res.statusCode, res.body).toBe(201);
  }
  const cardOf = async (who: Person, leadId: string): Promise<ScreeningCard> => {
    const res = await api(who, 'GET', `/leads/${leadId}/screening-card`);
    expect(res.statusCode, res.body).toBe(200);
    return screeningCard.parse(res.json());
  };
  const reminders = () => world.database.db.selectFrom('notifications').select(['recipient_id', 'title', 'link']).where('template', '=', 'screening.reminder').execute();

  it('opens at the first contact with what the records know, and reminds the rep once 30 minutes later', async () => {
    const lead = await newLead('repEast1');
    expect((await cardOf('repEast1', lead.id)).status).toBe('none');
    await logVisit('repEast1', lead.id);
    await drain();
    const card = await cardOf('repEast1', lead.id);
    expect(card).toMatchObject({
      status: 'open', openedAt: '2026-11-02T01:00:00.000Z', remindAt: '2026-11-02T01:30:00.000Z', version: 0,
      answers: { industry: 'manufacturing', intentLevel: 'warm', cadenceDays: 7, intentTags: [] }, sources: { industry: 'lead' },
      cadenceDays: { hot: 3, warm: 7, cold: 14 },
    });
    expect(card.suggestedTags).toContain('预算已批'); // the rep's language's starter tags
    // A second visit does not open another card.
    await logVisit('repEast1', lead.id);
    await drain();
    expect(await world.database.db.selectFrom('screening_cards').select('id').execute()).toHaveLength(1);

    world.clock.set('2026-11-02T01:29:59.000Z');
    await drain();
    expect(await reminders()).toEqual([]);
    world.clock.set('2026-11-02T01:30:00.000Z');
    await drain();
    expect(await reminders()).toEqual([{ recipient_id: world.ids.repEast1, title: '请完成筛选卡：陈晓东', link: `/leads/${lead.id}` }]);
    world.clock.set('2026-11-02T05:00:00.000Z');
    await drain();
    expect(await reminders()).toHaveLength(1);
    expect((await cardOf('repEast1', lead.id)).remindedAt).toBe('2026-11-02T01:30:00.000Z');

    const open = screeningCardPage.parse((await api('repEast1', 'GET', '/screening-cards?status=open')).json()).items;
    expect(open.map((c) => c.leadId)).toEqual([lead.id]);
    expect(screeningCardPage.parse((await api('repEast2', 'GET', '/screening-cards?status=open')).json()).items).toEqual([]);
  });

  it('does not remind a rep who completed the card; completing writes the lead and can be corrected', async () => {
    const lead = await newLead('repEast1');
    await logVisit('repEast1', lead.id);
    await drain();
    world.clock.set('2026-11-02T01:10:00.000Z');
    const done = await api('repEast1', 'PUT', `/leads/${lead.id}/screening-card`, { version: 0, intentLevel: 'hot', intentTags: ['急需', ' 急需 ', '预算已批'], budgetBand: '500k_2m' });
    expect(done.statusCode, done.body).toBe(200);
    expect(screeningCard.parse(done.json())).toMatchObject({
      status: 'completed', version: 1, completedBy: world.ids.repEast1, completedAt: '2026-11-02T01:10:00.000Z',
      answers: { intentLevel: 'hot', intentTags: ['急需', '预算已批'], cadenceDays: 3, budgetBand: '500k_2m', industry: null },
    });
    const saved = (await api('repEast1', 'GET', `/leads/${lead.id}`)).json();
    expect(saved).toMatchObject({ intentLevel: 'hot', cadenceDays: 3, intentTags: ['急需', '预算已批'], industry: 'manufacturing' });

    world.clock.set('2026-11-02T02:00:00.000Z');
    await drain();
    expect(await reminders()).toEqual([]);

    // A stale version is refused; the manager of the team may correct the card.
    expect((await api('managerEast', 'PUT', `/leads/${lead.id}/screening-card`, { version: 0, intentLevel: 'cold' })).statusCode).toBe(409);
    const corrected = await api('managerEast', 'PUT', `/leads/${lead.id}/screening-card`, { version: 1, intentLevel: 'cold', cadenceDays: 21, industry: 'education', intentTags: ['关注交付周期', '急需'] });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect((await api('repEast1', 'GET', `/leads/${lead.id}`)).json()).toMatchObject({ intentLevel: 'cold', cadenceDays: 21, industry: 'education', intentTags: ['关注交付周期', '急需'] });

    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity_type', '=', 'screening_card').orderBy('seq').execute();
    expect(audit).toEqual([{ action: 'complete', actor_id: world.ids.repEast1 }, { action: 'update', actor_id: world.ids.managerEast }]);
    const events = await world.database.db.selectFrom('events').select('type').where('type', 'like', 'screening.%').orderBy('created_at').execute();
    expect(events.map((e) => e.type)).toEqual(['screening.opened', 'screening.completed', 'screening.completed']);
    // The company's tags are offered first from now on.
    expect((await cardOf('repEast1', (await newLead('repEast1', { name: '另一个' })).id)).suggestedTags.slice(0, 3)).toEqual(['关注交付周期', '急需', '预算已批']);
  });

  it('can be filled in before the first contact, then no card opens and nothing reminds', async () => {
    const lead = await newLead('repEast1', { customerId: undefined });
    const done = await api('repEast1', 'PUT', `/leads/${lead.id}/screening-card`, { version: 0, intentLevel: 'warm' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', openedAt: '2026-11-02T01:00:00.000Z', answers: { cadenceDays: 7 } });
    await logVisit('repEast1', lead.id);
    world.clock.set('2026-11-02T03:00:00.000Z');
    await drain();
    expect(await reminders()).toEqual([]);
  });

  it('gives a rep logging a past call the full 30 minutes from logging it', async () => {
    const lead = await newLead('repEast1');
    world.clock.set('2026-11-02T03:00:00.000Z');
    await logVisit('repEast1', lead.id, '2026-11-02T01:00:00.000Z');
    await drain();
    expect(await cardOf('repEast1', lead.id)).toMatchObject({ openedAt: '2026-11-02T01:00:00.000Z', remindAt: '2026-11-02T03:30:00.000Z' });
  });

  it('prefills facts from the customer the rep may see, and is closed to people who may not see the lead', async () => {
    const customer = await api('repEast1', 'POST', '/customers', { name: '宁波海达精密制造有限公司', industry: 'manufacturing', size: 'medium', budgetBand: '500k_2m', decisionChain: 'unknown' });
    expect(customer.statusCode, customer.body).toBe(201);
    const lead = await newLead('repEast1', { industry: null, customerId: customer.json().customer.id });
    const card = await cardOf('repEast1', lead.id);
    expect(card.answers).toMatchObject({ industry: 'manufacturing', companySize: 'medium', budgetBand: '500k_2m', decisionChain: null });
    expect(card.sources).toEqual({ industry: 'customer', companySize: 'customer', budgetBand: 'customer' });

    for (const outsider of ['repEast1b', 'repEast2', 'repNorth', 'managerNorth', 'otherOrgAdmin'] as const) {
      expect((await api(outsider, 'GET', `/leads/${lead.id}/screening-card`)).statusCode, outsider).toBe(404);
      expect((await api(outsider, 'PUT', `/leads/${lead.id}/screening-card`, { version: 0, intentLevel: 'hot' })).statusCode, outsider).toBe(404);
    }
    expect(await world.database.db.selectFrom('screening_cards').select('id').execute()).toEqual([]);
    const bad = await api('repEast1', 'PUT', `/leads/${lead.id}/screening-card`, { version: 0, intentLevel: 'lukewarm', cadenceDays: 0 });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['body.cadenceDays', 'body.intentLevel']);
  });
});
