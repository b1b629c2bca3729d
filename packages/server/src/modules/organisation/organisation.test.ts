import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorld, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { scheduleKey, type ScheduledRun } from '../../platform/jobs/index.js';

describe.each(dialects)('the organisation\'s settings on %s', (dialect) => {
  let world: TestWorld;
  let runs: ScheduledRun[];
  beforeEach(async () => {
    world = await createWorld(dialect); // Monday 2 November 2026, 09:00 in Shanghai
    runs = [];
    world.app.services.jobs.schedules.every('test.weekly-report', '0 16 * * 5', async (run) => void runs.push(run));
  });
  afterEach(async () => {
    await world.close();
  });

  const change = (body: Record<string, unknown>, headers: Record<string, string> = world.as('admin')) =>
    world.app.inject({ method: 'PATCH', url: '/api/v1/organisation', headers, payload: body });
  const armedFor = async (orgId: string) =>
    (await world.database.db.selectFrom('timers').select('due_at').where('org_id', '=', orgId).where('key', '=', scheduleKey('test.weekly-report')).executeTakeFirstOrThrow()).due_at;

  it('moves a Friday 16:00 schedule from Shanghai to Berlin time when an admin changes the time zone, without a restart', async () => {
    await world.app.services.jobs.runner.drain();
    expect(await armedFor(world.orgId)).toBe('2026-11-06T08:00:00.000Z'); // Friday 16:00 in Shanghai

    const res = await change({ timeZone: 'Europe/Berlin' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: world.orgId, timeZone: 'Europe/Berlin', currency: 'CNY' });
    expect(await armedFor(world.orgId)).toBe('2026-11-06T15:00:00.000Z'); // Friday 16:00 in Berlin (CET)
    expect(await armedFor(world.otherOrgId)).toBe('2026-11-06T08:00:00.000Z'); // the other company stays in Shanghai

    world.clock.set('2026-11-06T08:00:00.000Z');
    await world.app.services.jobs.runner.drain();
    expect(runs.map((r) => r.orgId)).toEqual([world.otherOrgId]);
    world.clock.set('2026-11-06T15:00:00.000Z');
    await world.app.services.jobs.runner.drain();
    expect(runs.find((r) => r.orgId === world.orgId)).toEqual({ orgId: world.orgId, timeZone: 'Europe/Berlin', scheduledFor: '2026-11-06T15:00:00.000Z' });
    expect(await armedFor(world.orgId)).toBe('2026-11-13T15:00:00.000Z');

    const audit = await world.database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity_type', '=', 'organisation').execute();
    expect(audit.map((a) => [a.action, JSON.parse(a.before ?? 'null'), JSON.parse(a.after ?? 'null')])).toEqual([
      ['update', { timeZone: 'Asia/Shanghai' }, { timeZone: 'Europe/Berlin' }],
    ]);
  });

  it('shows everyone their organisation and lets only admins change it', async () => {
    const read = await world.app.inject({ method: 'GET', url: '/api/v1/organisation', headers: world.as('repEast1') });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ id: world.orgId, name: '测试科技有限公司', timeZone: 'Asia/Shanghai', currency: 'CNY', createdAt: '2026-11-02T01:00:00.000Z' });
    expect((await change({ timeZone: 'Europe/Berlin' }, world.as('managerEast'))).statusCode).toBe(403);
    const renamed = await change({ name: '测试智能科技有限公司' });
    expect(renamed.json()).toMatchObject({ name: '测试智能科技有限公司', timeZone: 'Asia/Shanghai' });
  });

  it('takes a time zone by its IANA name in any case, and refuses anything else in the caller\'s language', async () => {
    expect((await change({ timeZone: 'europe/berlin' })).json().timeZone).toBe('Europe/Berlin');
    for (const timeZone of ['Mars/Olympus_Mons', '+08:00', 'GMT+8', '']) {
      const res = await change({ timeZone }, { ...world.as('admin'), 'accept-language': 'zh-CN' });
      expect(res.statusCode, timeZone).toBe(400);
      expect(res.json().error.fields['body.timeZone']).toBe('请填写 IANA 时区名称，例如 Asia/Shanghai 或 Europe/Berlin');
    }
    const english = await change({ timeZone: 'Asia/Peking' }, { ...world.as('admin'), 'accept-language': 'en' });
    expect(english.json().error.fields['body.timeZone']).toBe('an IANA time zone such as Asia/Shanghai or Europe/Berlin');
    expect((await world.app.inject({ method: 'GET', url: '/api/v1/organisation', headers: world.as('admin') })).json().timeZone).toBe('Europe/Berlin');
  });
});
