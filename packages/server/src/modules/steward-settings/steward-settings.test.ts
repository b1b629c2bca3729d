import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStewardSettings } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

describe.each(dialects)('the lead steward settings on %s', (dialect) => {
  let world: TestWorld;
  beforeEach(async () => {
    world = await createWorld(dialect);
  });
  afterEach(async () => {
    await world.close();
  });

  const read = (who: Person = 'repEast1') => world.app.inject({ method: 'GET', url: '/api/v1/steward/settings', headers: world.as(who) });
  const change = (body: Record<string, unknown>, who: Person = 'admin', lang = 'en') =>
    world.app.inject({ method: 'PATCH', url: '/api/v1/steward/settings', headers: { ...world.as(who), 'accept-language': lang }, payload: body });

  it('gives everyone the defaults until an admin changes a section; the other sections and the other company stay', async () => {
    expect((await read()).json()).toEqual({ settings: defaultStewardSettings, version: 0, updatedAt: null });
    const silenceHours = { new: 24, contacted: 72, qualified: 72, proposal: 48, negotiation: 48 };
    const saved = await change({ version: 0, silenceHours });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, settings: { ...defaultStewardSettings, silenceHours } });
    expect((await read('managerEast')).json().settings.silenceHours).toEqual(silenceHours);
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/steward/settings', headers: world.as('otherOrgAdmin') })).json().version).toBe(0);

    const again = await change({ version: 1, cadenceDays: { hot: 2, warm: 5, cold: 10 } });
    expect(again.json()).toMatchObject({ version: 2, settings: { silenceHours, cadenceDays: { hot: 2, warm: 5, cold: 10 } } });
    const audit = await world.database.db.selectFrom('audit_log').select('after').where('entity_type', '=', 'steward_settings').execute();
    expect(audit.map((a) => Object.keys(JSON.parse(a.after ?? '{}')))).toEqual([['silenceHours'], ['cadenceDays']]);
  });

  it('lets only admins change them, refuses a stale version and bad values with a message per field', async () => {
    expect((await change({ version: 0, screeningReminderMinutes: 10 }, 'managerEast')).statusCode).toBe(403);
    expect((await change({ version: 0, screeningReminderMinutes: 10 })).statusCode).toBe(200);
    expect((await change({ version: 0, screeningReminderMinutes: 20 })).statusCode).toBe(409);
    const bad = await change({ version: 1, health: { silentDays: 5, amberPercent: 60, redPercent: 40 }, nextActionKinds: [] }, 'admin', 'zh-CN');
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['body.health', 'body.nextActionKinds']);
    expect(bad.json().error.fields['body.health']).toBe('黄灯阈值不能高于红灯阈值');
  });

  it('lets one of two first saves sent at once win; the other is told its version is stale, not a server error', async () => {
    const [a, b] = await Promise.all([change({ version: 0, screeningReminderMinutes: 10 }), change({ version: 0, screeningReminderMinutes: 20 })]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    expect((await read()).json().version).toBe(1);
  });
});
