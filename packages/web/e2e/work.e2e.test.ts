/**
 * The day's main paths across devices and people: a rep's quick add on the phone reaching the manager's desk, a
 * record outside the rep's scope staying invisible whichever way it is opened, and the inbox badge counting up live.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { demoEmail } from '../../server/src/seed/demo-company.js';
import { apiAs, type DemoServer, eventually, fill, hasChromium, useDemo } from './support/harness.js';

async function userId(server: DemoServer, login: string): Promise<string> {
  const row = await server.db.selectFrom('users').select('id').where('email', '=', demoEmail({ login })).executeTakeFirstOrThrow();
  return row.id;
}

/** The number on the desk's bell (antd Badge), 0 when no badge is shown. */
async function deskBadge(page: Page): Promise<number> {
  const count = page.getByTestId('inbox-badge').locator('.ant-badge-count');
  if ((await count.count()) === 0) return 0;
  return Number(await count.getAttribute('title'));
}

/** The number on the phone's inbox tab (antd-mobile Badge), 0 when none is shown. */
async function phoneBadge(page: Page): Promise<number> {
  const content = page.locator('.phone-tabs .adm-badge-content');
  if ((await content.count()) === 0) return 0;
  const text = (await content.first().innerText()).trim();
  return text === '' ? 0 : Number(text.replace('+', ''));
}

describe.skipIf(!hasChromium)('leads, scope and live inbox across phone and desk (browser)', () => {
  const demo = useDemo();

  it('a rep adds a lead on the phone and the manager of the rep’s team finds it in the desk list', async () => {
    const suffix = `${Date.now().toString(36).slice(-4)}${randomInt(100)}`;
    const lead = { name: `测试联系人${suffix}`, phone: `139${String(randomInt(1e8)).padStart(8, '0')}`, company: `端到端验证科技${suffix}有限公司` };

    const phone = await demo.page('phone', 'rep1');
    await phone.goto('/m');
    await phone.getByTestId('quick-add-lead').first().click();
    await fill(phone, 'lead-name', lead.name);
    await fill(phone, 'lead-phone', lead.phone);
    await fill(phone, 'lead-company', lead.company);
    await phone.getByTestId('lead-save').click();
    // The rep lands on the new lead.
    await phone.waitForURL((url) => /^\/m\/leads\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
    await phone.getByText(lead.name).first().waitFor();

    // It is stored, owned by the rep, in the rep's team.
    const rep1 = await userId(demo.server, 'rep1');
    await eventually(async () => demo.server.db.selectFrom('leads').select(['owner_id', 'team_id', 'company']).where('name', '=', lead.name).execute())
      .toEqual([{ owner_id: rep1, team_id: 'team_sh_1', company: lead.company }]);

    // manager.east heads 华东大区, the parent of the rep's 上海一组.
    const desk = await demo.page('desktop', 'manager.east');
    await desk.goto('/leads');
    await desk.getByTestId('list-row').first().waitFor();
    await fill(desk, 'list-search', lead.name);
    await eventually(() => desk.getByTestId('list-row').count()).toBe(1);
    expect(await desk.getByTestId('list-row').innerText()).toContain(lead.company);
  });

  it('a rep opening another team’s customer by its URL sees "not found" and none of its data, at the desk and on the phone', async () => {
    const db = demo.server.db;
    const pick = (ownerTeam: string, owner?: string) => {
      let query = db.selectFrom('customers').select(['id', 'name', 'phone', 'address']).where('team_id', '=', ownerTeam).where('merged_into', 'is', null);
      if (owner) query = query.where('owner_id', '=', owner);
      return query.orderBy('id').limit(1).executeTakeFirstOrThrow();
    };
    const rep1 = await userId(demo.server, 'rep1');
    const own = await pick('team_sh_1', rep1);
    const hidden = await pick('team_bj'); // 北京组, another region entirely
    const api = await apiAs(demo.server, 'rep1');
    expect((await api.call('GET', `/customers/${hidden.id}`)).status).toBe(404);

    const desk = await demo.page('desktop', 'rep1');
    // The same page shows a customer the rep may see, so "not found" below is about scope, not a broken page.
    await desk.goto(`/customers/${own.id}`);
    await desk.getByText(own.name).first().waitFor();
    await desk.goto(`/customers/${hidden.id}`);
    await desk.getByTestId('record-not-found').waitFor();

    const phone = await demo.page('phone', 'rep1');
    await phone.goto(`/m/customers/${hidden.id}`);
    await phone.getByTestId('record-not-found').waitFor();

    for (const page of [desk, phone]) {
      const html = await page.content();
      for (const secret of [hidden.name, hidden.phone, hidden.address].filter((v): v is string => !!v)) {
        expect(html, `${page.url()} must not show ${secret}`).not.toContain(secret);
      }
    }
  });

  it('the inbox badge counts up live, without a reload, when a notification arrives (desk and phone)', async () => {
    const managerId = await userId(demo.server, 'manager.east');
    const repId = await userId(demo.server, 'rep1');
    // Signed in once each: the count is read again and again below, and sign-ins are rate limited.
    const callers = { 'manager.east': await apiAs(demo.server, 'manager.east'), rep1: await apiAs(demo.server, 'rep1') };
    const unreadOf = async (login: 'manager.east' | 'rep1') =>
      (await callers[login].call<{ count: number }>('GET', '/notifications/unread-count')).body.count;
    const [managerBefore, repBefore] = [await unreadOf('manager.east'), await unreadOf('rep1')];

    // Both pages have an open live stream (which also brings the count) before anything happens, so what follows can
    // only arrive over it.
    const openLive = async (page: Page, path: string) => {
      const streaming = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/notifications/stream' && r.status() === 200);
      await page.goto(path);
      await streaming;
    };
    const desk = await demo.page('desktop', 'manager.east');
    await openLive(desk, '/leads');
    await desk.getByTestId('inbox-badge').waitFor();
    const phone = await demo.page('phone', 'rep1');
    await openLive(phone, '/m');
    await phone.locator('.phone-tabs').waitFor();
    await eventually(() => deskBadge(desk)).toBeGreaterThanOrEqual(managerBefore);
    await eventually(() => phoneBadge(phone)).toBeGreaterThanOrEqual(repBefore);
    // A reload would lose this marker: the count must arrive over the open live stream.
    for (const page of [desk, phone]) await page.evaluate(() => Object.assign(window, { e2eMarker: true }));

    const admin = await apiAs(demo.server, 'admin');
    const sent = await admin.call('POST', '/admin/notifications/test', { userIds: [managerId, repId] });
    expect(sent.status).toBe(200);

    // The server's own jobs (the minute's silence sweep) may tell these people something meanwhile too, so the badge is
    // held to the server's count at that moment, which went up by at least the one sent here.
    const liveCount = async (login: 'manager.east' | 'rep1', page: Page, badge: (page: Page) => Promise<number>) => {
      const shown = await badge(page);
      return shown === (await unreadOf(login)) ? shown : -1;
    };
    await eventually(() => liveCount('manager.east', desk, deskBadge)).toBeGreaterThanOrEqual(managerBefore + 1);
    await eventually(() => liveCount('rep1', phone, phoneBadge)).toBeGreaterThanOrEqual(repBefore + 1);
    for (const page of [desk, phone]) expect(await page.evaluate(() => (window as unknown as { e2eMarker?: boolean }).e2eMarker)).toBe(true);
  });
});
