import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

// Activity capture (A4): a summary of the text and a mandatory next action on a lead's call, visit or meeting.
describe.each(dialects)('activity capture on %s', (dialect) => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await createWorld(dialect); // the clock reads Monday 2 November 2026, 09:00 in Shanghai
  });
  afterAll(() => world.close());

  const call = (person: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, lang = 'en') =>
    world.app.inject({ method, url: `/api/v1${url}`, headers: { ...world.as(person), 'accept-language': lang }, ...(payload ? { payload } : {}) });
  const newLead = async (name: string, person: Person = 'repEast1') => (await call(person, 'POST', '/leads', { name })).json().lead as { id: string };
  const readLead = async (id: string, person: Person = 'repEast1') => (await call(person, 'GET', `/leads/${id}`)).json();
  const inDays = (days: number, hours = 0) => new Date(world.clock.now().getTime() + days * 86_400_000 + hours * 3_600_000).toISOString();
  const log = async (body: Record<string, unknown>, person: Person = 'repEast1') => {
    const res = await call(person, 'POST', '/activities', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('refuses a call, visit or meeting on a lead without a next action, saying so in the caller’s language', async () => {
    const lead = await newLead('韩梅梅');
    for (const kind of ['call', 'visit', 'meeting']) {
      const res = await call('repEast1', 'POST', '/activities', { kind, leadId: lead.id, text: '沟通需求' });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual({
        'body.nextAction': 'A call, visit or meeting on a lead needs a next action: choose what happens next and by when.',
      });
    }
    const zh = await call('repEast1', 'POST', '/activities', { kind: 'visit', leadId: lead.id, nextAction: null }, 'zh-CN');
    expect(zh.json().error.fields['body.nextAction']).toBe('线索上的电话、拜访或会议必须填写下一步行动：选择接下来做什么、何时完成。');
    // Nothing was written: the lead is untouched.
    expect((await readLead(lead.id)).firstContactAt).toBeNull();
    // A note may go without one, and so may a visit to a customer.
    expect((await log({ kind: 'note', leadId: lead.id, text: '客户来电咨询' })).nextAction).toBeNull();
    const customer = (await call('repEast1', 'POST', '/customers', { name: '苏州明德机械', industry: 'manufacturing' })).json().customer;
    expect((await log({ kind: 'visit', customerId: customer.id, text: '季度回访' })).nextAction).toBeNull();
  });

  it('takes only the company’s next-action kinds, due from now on and within a year', async () => {
    const lead = await newLead('李雷');
    const wrong = await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: lead.id, nextAction: { kind: 'lunch', dueAt: inDays(1) } }, 'zh-CN');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.fields['body.nextAction.kind']).toBe(
      '不是公司设定的下一步行动，请从以下选择：发送方案 PDF、预约技术演示、引入采购负责人、电话回访、上门拜访、发送报价',
    );
    const past = await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: lead.id, nextAction: { kind: 'call_back', dueAt: inDays(0, -1) } });
    expect(past.json().error.fields).toEqual({ 'body.nextAction.dueAt': 'this due time has already passed; choose one from now on' });
    const far = await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: lead.id, nextAction: { kind: 'call_back', dueAt: inDays(400) } });
    expect(far.json().error.fields).toEqual({ 'body.nextAction.dueAt': 'at most a year ahead' });
    const malformed = await call('repEast1', 'POST', '/activities', { kind: 'call', leadId: lead.id, nextAction: { kind: 'call_back', dueAt: 'tomorrow' } });
    expect(Object.keys(malformed.json().error.fields)).toEqual(['body.nextAction.dueAt']);

    // The admin's list is the list: a new kind is accepted, a removed one refused.
    const settings = (await call('admin', 'GET', '/steward/settings')).json();
    const kinds = [{ code: 'site_survey', label: { en: 'Site survey', 'zh-CN': '现场勘察' }, defaultDueDays: 4 }];
    expect((await call('admin', 'PATCH', '/steward/settings', { version: settings.version, nextActionKinds: kinds })).statusCode).toBe(200);
    expect((await log({ kind: 'visit', leadId: lead.id, nextAction: { kind: 'site_survey', dueAt: inDays(4) } })).nextAction.kind).toBe('site_survey');
    const removed = await call('repEast1', 'POST', '/activities', { kind: 'visit', leadId: lead.id, nextAction: { kind: 'call_back', dueAt: inDays(4) } });
    expect(removed.json().error.fields['body.nextAction.kind']).toBe("not one of your company's next actions; choose one of: Site survey");
    const now = (await call('admin', 'GET', '/steward/settings')).json();
    await call('admin', 'PATCH', '/steward/settings', { version: now.version, nextActionKinds: settings.settings.nextActionKinds });
  });

  it('stores the summary of the text with the activity, dates counted from when it happened', async () => {
    const lead = await newLead('王强');
    const text = '拜访采购部，客户关注交付周期，预算约30万。我们会在下周三前安排技术演示。王总答应11月30日前带采购负责人一起开会。';
    // Logged on Monday about a visit the Friday before: "下周三" is the Wednesday after that Friday.
    const friday = '2026-10-30T06:00:00.000Z';
    const activity = await log({ kind: 'visit', leadId: lead.id, occurredAt: friday, text, capture: 'dictated', nextAction: { kind: 'book_demo', dueAt: inDays(2), note: '请 CTO 出席' } });
    expect(activity.capture).toBe('dictated');
    expect(activity.summary.amounts).toEqual([{ text: '30万', amount: { minor: 30_000_000, currency: 'CNY' } }]);
    expect(activity.summary.dates.map((d: { text: string; date: string }) => [d.text, d.date])).toEqual([['下周三', '2026-11-04'], ['11月30日', '2026-11-30']]);
    expect(activity.summary.commitments.map((c: { by: string }) => c.by)).toEqual(['us', 'customer']);
    expect(activity.summary.commitments[0]).toEqual({ text: '我们会在下周三前安排技术演示。', by: 'us', dueAt: '2026-11-04T10:00:00.000Z' });
    expect(activity.summary.keyPoints.length).toBeGreaterThan(0);
    expect(activity.summary.keywords).toContain('采购部');
    const read = (await call('repEast1', 'GET', `/activities/${activity.id}`)).json();
    expect(read.summary).toEqual(activity.summary);
    expect(read.nextAction).toEqual({ kind: 'book_demo', dueAt: inDays(2), note: '请 CTO 出席' });

    // A corrected text gets a new summary; an activity without text has none.
    const corrected = await call('repEast1', 'PATCH', `/activities/${activity.id}`, { version: 1, text: 'Budget is $20,000. They agreed to a pilot on 3 December.' });
    expect(corrected.json().summary).toMatchObject({
      amounts: [{ text: '$20,000', amount: { minor: 2_000_000, currency: 'USD' } }],
      commitments: [{ text: 'They agreed to a pilot on 3 December.', by: 'customer' }],
    });
    expect((await log({ kind: 'call', leadId: lead.id, nextAction: { kind: 'call_back', dueAt: inDays(1) } })).summary).toBeNull();
  });

  it('gives the lead the open next action of its latest activity, and falls back when that one is archived', async () => {
    const lead = await newLead('赵敏');
    expect((await readLead(lead.id)).nextAction).toBeNull();
    const first = await log({ kind: 'call', leadId: lead.id, nextAction: { kind: 'send_proposal', dueAt: inDays(2) } });
    expect((await readLead(lead.id)).nextAction).toEqual({ kind: 'send_proposal', dueAt: inDays(2), note: null });

    world.clock.advance(3_600_000);
    const second = await log({ kind: 'visit', leadId: lead.id, nextAction: { kind: 'involve_purchasing', dueAt: inDays(7), note: '约采购总监' } });
    const lead2 = await readLead(lead.id);
    expect(lead2.nextAction).toEqual({ kind: 'involve_purchasing', dueAt: inDays(7), note: '约采购总监' });
    expect(lead2.version).toBe(1); // a derived mark: nobody's open form turns stale

    // A call logged after the fact keeps its own plan but does not replace the later one; a note without a plan changes nothing.
    await log({ kind: 'call', leadId: lead.id, occurredAt: inDays(0, -5), nextAction: { kind: 'call_back', dueAt: inDays(1) } });
    await log({ kind: 'note', leadId: lead.id, text: '补充说明' });
    expect((await readLead(lead.id)).nextAction.kind).toBe('involve_purchasing');

    // Archiving the latest plan falls back to the one before it; restoring brings it back.
    expect((await call('repEast1', 'POST', `/activities/${second.id}/archive`, { version: 1 })).statusCode).toBe(200);
    expect((await readLead(lead.id)).nextAction.kind).toBe('send_proposal');
    await call('repEast1', 'POST', `/activities/${second.id}/restore`, { version: 2 });
    expect((await readLead(lead.id)).nextAction.kind).toBe('involve_purchasing');
    await call('repEast1', 'POST', `/activities/${first.id}/archive`, { version: 1 });
    expect((await readLead(lead.id)).nextAction.kind).toBe('involve_purchasing');

    // The manager sees it; another team's rep does not see the lead at all.
    expect((await readLead(lead.id, 'managerEast')).nextAction.kind).toBe('involve_purchasing');
    expect((await call('repEast2', 'GET', `/leads/${lead.id}`)).statusCode).toBe(404);
    const listed = (await call('repEast1', 'GET', `/leads?q=${encodeURIComponent('赵敏')}`)).json().items;
    expect(listed[0].nextAction.kind).toBe('involve_purchasing');
  });

  it('gives a merged lead the latest plan of all the leads merged into it', async () => {
    const survivor = await newLead('合并目标');
    const source = await newLead('合并来源');
    await log({ kind: 'call', leadId: survivor.id, occurredAt: inDays(0, -3), nextAction: { kind: 'call_back', dueAt: inDays(1) } });
    await log({ kind: 'call', leadId: source.id, occurredAt: inDays(0, -1), nextAction: { kind: 'send_quote', dueAt: inDays(3) } });
    const merged = await call('managerEast', 'POST', `/leads/${survivor.id}/merge`, { sourceIds: [source.id] });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().nextAction).toEqual({ kind: 'send_quote', dueAt: inDays(3), note: null });
    expect((await readLead(survivor.id)).nextAction.kind).toBe('send_quote');
  });

  it('previews the summary of a note without saving anything, in the company’s time zone', async () => {
    const preview = await call('repEast1', 'POST', '/activities/summary', { text: '明天下午3点回电，预算RMB 120k。We will send the quote next Wednesday.' });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      dates: [
        { text: '明天下午3点', date: '2026-11-03', time: '15:00', at: '2026-11-03T07:00:00.000Z' },
        { text: 'next Wednesday', date: '2026-11-11', time: null, at: '2026-11-11T10:00:00.000Z' },
      ],
      amounts: [{ text: 'RMB 120k', amount: { minor: 12_000_000, currency: 'CNY' } }],
      commitments: [{ text: 'We will send the quote next Wednesday.', by: 'us', dueAt: '2026-11-11T10:00:00.000Z' }],
    });
    const before = await world.database.db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(before.n)).toBeGreaterThan(0);

    // From an earlier time, "明天" is the day after it.
    const earlier = (await call('repEast1', 'POST', '/activities/summary', { text: '明天回电', occurredAt: '2026-10-30T06:00:00.000Z' })).json();
    expect(earlier.dates[0].date).toBe('2026-10-31');
    const future = await call('repEast1', 'POST', '/activities/summary', { text: '明天回电', occurredAt: inDays(1) }, 'zh-CN');
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields).toEqual({ 'body.occurredAt': '不能晚于当前时间 5 分钟以上' });
    expect((await call('repEast1', 'POST', '/activities/summary', { text: '' })).json()).toEqual({ keyPoints: [], keywords: [], commitments: [], dates: [], amounts: [] });

    // A company in Berlin: 15:00 on its calendar.
    expect((await call('admin', 'PATCH', '/organisation', { timeZone: 'Europe/Berlin' })).statusCode).toBe(200);
    const berlin = (await call('repEast1', 'POST', '/activities/summary', { text: 'call back tomorrow at 3pm' })).json();
    expect(berlin.dates[0]).toMatchObject({ date: '2026-11-03', time: '15:00', at: '2026-11-03T14:00:00.000Z' });
    await call('admin', 'PATCH', '/organisation', { timeZone: 'Asia/Shanghai' });
    const count = await world.database.db.selectFrom('activities').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toEqual(before.n);
  });
});
