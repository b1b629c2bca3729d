/**
 * The lead steward's loop on a rep's phone (A2, A4) and the manager's desk: a new lead, its first visit logged with a
 * summary and a mandatory next action, the screening card that first contact opens, completed in a few taps — and the
 * manager of the rep's team seeing all of it on the lead's page.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually, fill, hasChromium, useDemo } from './support/harness.js';

describe.skipIf(!hasChromium)('lead steward: new lead → visit with summary and next action → screening card → manager (browser)', () => {
  const demo = useDemo();

  it('a rep logs a first visit on a new lead from the phone, completes its screening card, and the manager sees both', async () => {
    const suffix = `${Date.now().toString(36).slice(-4)}${randomInt(100)}`;
    const lead = { name: `筛选测试${suffix}`, phone: `137${String(randomInt(1e8)).padStart(8, '0')}`, company: `闭环验证制造${suffix}有限公司` };
    const note = '今天上门拜访了王总，对方预算大约30万。我们会在周五前发送方案PDF，王总答应下周三安排技术负责人一起评估。';

    // The rep adds the lead on the phone and lands on it.
    const phone = await demo.page('phone', 'rep1');
    await phone.goto('/m');
    await phone.getByTestId('quick-add-lead').first().click();
    await fill(phone, 'lead-name', lead.name);
    await fill(phone, 'lead-phone', lead.phone);
    await fill(phone, 'lead-company', lead.company);
    await phone.getByTestId('lead-save').click();
    await phone.waitForURL((url) => /^\/m\/leads\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    const leadId = new URL(phone.url()).pathname.split('/').pop()!;

    // The visit: the summary finds the amount and the promise while typing; saving waits for a next action.
    await phone.getByTestId('lead-log-activity').click();
    await phone.getByTestId('activity-kind-visit').click();
    await fill(phone, 'activity-text', note);
    await phone.getByTestId('capture-summary').waitFor();
    await eventually(() => phone.getByTestId('capture-amounts').innerText()).toContain('300,000');
    expect(await phone.getByTestId('capture-commitment').count()).toBeGreaterThan(0);
    expect(await phone.getByTestId('activity-save').isDisabled()).toBe(true);
    await phone.getByTestId('next-action-kind-send_proposal').click();
    await phone.getByTestId('activity-save').click();
    await phone.waitForURL((url) => url.pathname === `/m/leads/${leadId}`);

    // First contact opened the screening card; intent in one tap (the cadence follows it), then save.
    await phone.getByTestId('screening-open').click({ timeout: 15_000 });
    await phone.getByTestId('screening-card').waitFor();
    await phone.getByTestId('screening-intent-hot').click();
    await phone.getByTestId('screening-save').click();
    await phone.waitForURL((url) => url.pathname === `/m/leads/${leadId}`);
    await phone.getByTestId('screening-summary').waitFor();

    const db = demo.server.db;
    await eventually(async () => db.selectFrom('leads').select(['intent_level', 'cadence_days', 'next_action_kind']).where('id', '=', leadId).executeTakeFirst())
      .toEqual({ intent_level: 'hot', cadence_days: 3, next_action_kind: 'send_proposal' });
    const visit = await db.selectFrom('activities').select(['kind', 'next_action_kind', 'summary']).where('lead_id', '=', leadId).executeTakeFirstOrThrow();
    expect(visit).toMatchObject({ kind: 'visit', next_action_kind: 'send_proposal' });
    expect(JSON.parse(visit.summary ?? '{}').amounts).toEqual([{ text: '30万', amount: { minor: 30_000_000, currency: 'CNY' } }]);

    // manager.east heads the rep's region: the lead's page shows the visit with its next action and the completed card.
    const desk = await demo.page('desktop', 'manager.east');
    await desk.goto(`/leads/${leadId}`);
    await desk.getByTestId('lead-page').waitFor();
    await eventually(() => desk.getByTestId('timeline-item').first().innerText()).toContain('王总');
    await desk.getByTestId('timeline-next-action').first().waitFor();
    await desk.getByTestId('lead-next-action').waitFor();
    await eventually(() => desk.getByTestId('screening-card').innerText()).toMatch(/已完成|Completed/);
  });
});
