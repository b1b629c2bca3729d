import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { figureWindow, isFollowedUp, stewardFigures, type StewardFigures } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';

const hour = 3_600_000;
const day = 24 * hour;

describe.each(dialects)('the steward figures on %s', (dialect) => {
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

  async function lead(owner: Person, options: { stage?: string; createdMs?: number; status?: string } = {}) {
    const db = world.database.db;
    const user = await db.selectFrom('users').select(['org_id', 'team_id']).where('id', '=', world.ids[owner]).executeTakeFirstOrThrow();
    const created = at(options.createdMs ?? -60 * day);
    const id = `lead_${String(++n).padStart(3, '0')}`;
    await db.insertInto('leads').values({
      id, org_id: user.org_id, name: `线索 ${n}`, source: 'quick_add', stage: options.stage ?? 'contacted', owner_id: world.ids[owner], team_id: user.team_id,
      last_activity_at: created, status: options.status ?? 'active', search_text: '', created_at: created, updated_at: created,
    }).execute();
    return id;
  }

  /** An activity on a lead `occurredMs` from now, planning a next action due `dueMs` from now (or none). */
  async function activity(owner: Person, leadId: string, occurredMs: number, dueMs: number | null, status = 'active') {
    const db = world.database.db;
    const org = (await db.selectFrom('leads').select('org_id').where('id', '=', leadId).executeTakeFirstOrThrow()).org_id;
    const occurredAt = at(occurredMs);
    await db.insertInto('activities').values({
      id: `act_${String(++n).padStart(3, '0')}`, org_id: org, kind: 'call', lead_id: leadId, customer_id: null, occurred_at: occurredAt, duration_minutes: null,
      text: '电话跟进', owner_id: world.ids[owner], next_action_kind: dueMs === null ? null : 'call_back', next_action_due_at: dueMs === null ? null : at(dueMs),
      next_action_note: null, summary: null, capture: null, status, created_at: occurredAt, updated_at: occurredAt,
    }).execute();
    // As the activity service does: the lead's last action moves forward, never back.
    await db.updateTable('leads').set({ last_activity_at: occurredAt }).where('id', '=', leadId).where('last_activity_at', '<', occurredAt).execute();
  }

  const figures = async (who: Person, query: string) => {
    const res = await world.app.inject({ method: 'GET', url: `/api/v1/steward/figures?${query}`, headers: world.as(who) });
    expect(res.statusCode, res.body).toBe(200);
    return stewardFigures.parse(res.json());
  };
  const table = (f: StewardFigures) => f.rows.map((r) => [r.name, r.followUpRate.numerator, r.followUpRate.denominator, r.followUpRate.value, r.activityRate.numerator, r.activityRate.denominator, r.activityRate.value]);

  /**
   * Worked example. repEast1 planned five next actions whose deadline (due + 24 h) fell in the last 30 days and
   * followed up three: on the due day's evening, early, and at the last instant of the grace; one follow-up came an
   * hour too late and one never came. Of their six open leads, four had an activity in the last 30 days.
   */
  async function seed() {
    const a = await lead('repEast1');
    await activity('repEast1', a, -10 * day, -8 * day); // followed: a2 on the evening of the due day
    await activity('repEast1', a, -8 * day + 10 * hour, 2 * day); // still pending: not counted
    const b = await lead('repEast1');
    await activity('repEast1', b, -20 * day, -15 * day); // followed early
    await activity('repEast1', b, -17 * day, null);
    const c = await lead('repEast1');
    await activity('repEast1', c, -12 * day, -10 * day); // followed at due + 24 h exactly
    await activity('repEast1', c, -9 * day, -3 * day); // missed: nothing after it
    const d = await lead('repEast1');
    await activity('repEast1', d, -40 * day, -31 * day - hour); // deadline 30 days and an hour ago: outside the window
    const e = await lead('repEast1');
    await activity('repEast1', e, -5 * day, -2 * day); // missed: the follow-up came an hour after the deadline
    await activity('repEast1', e, -2 * day + 25 * hour, null);
    await activity('repEast1', e, -6 * day, -4 * day, 'archived'); // archived: not counted at all
    await lead('repEast1', { createdMs: -2 * day }); // new, nothing logged yet: open but not active
    const won = await lead('repEast1', { stage: 'won' });
    await activity('repEast1', won, -day, null); // closed: not in the pool
    await activity('repEast1b', a, -9 * day, -8 * day + hour); // a colleague's plan on the same lead, followed by a2

    const h = await lead('repEast2');
    await activity('repEast2', h, -3 * day, -2 * day); // missed
    await lead('repNorth'); // open, silent for 60 days
    const other = await lead('otherOrgRep');
    await activity('otherOrgRep', other, -3 * day, -2 * day);
  }

  it('counts each rep\'s follow-up and activity rates with numerator and denominator, and explains both', async () => {
    await seed();
    const reps = await figures('managerEast', 'level=rep');
    // By team, then name: 华东二组 (èr) before 华东一组 (yī).
    expect(table(reps)).toEqual([
      ['李娜', 0, 1, 0, 1, 1, 100],
      ['王芳', 1, 1, 100, 0, 0, null],
      ['张伟', 3, 5, 60, 4, 6, 67],
    ]);
    expect(reps.asOf).toBe('2026-11-02T01:00:00.000Z');
    expect(reps.definitions.map((d) => [d.metric, d.windowDays, d.graceHours, d.refreshSeconds])).toEqual([['followUpRate', 30, 24, 60], ['activityRate', 30, null, 60]]);
    expect(reps.definitions[0]!.formula['zh-CN']).toBe('近 30 天内按时跟进的下一步行动数 ÷ 到期的下一步行动数');

    expect(table(await figures('repEast1', 'level=rep'))).toEqual([['张伟', 3, 5, 60, 4, 6, 67]]);
  });

  it('adds teams up with the teams below them, and the company for ops and admins only', async () => {
    await seed();
    expect(table(await figures('managerEast', 'level=team'))).toEqual([
      ['华东大区', 4, 7, 57, 5, 7, 71],
      ['华东二组', 0, 1, 0, 1, 1, 100],
      ['华东一组', 4, 6, 67, 4, 6, 67],
    ]);
    expect(table(await figures('managerEast', `level=team&teamId=${world.teams.east1}`))).toEqual([['华东一组', 4, 6, 67, 4, 6, 67]]);
    expect(table(await figures('managerNorth', 'level=team'))).toEqual([['华北大区', 0, 0, null, 0, 1, 0], ['华北一组', 0, 0, null, 0, 1, 0]]);
    // 5 of 8 open leads active is 62.5%: rounded half up.
    expect(table(await figures('admin', 'level=company'))).toEqual([['测试科技有限公司', 4, 7, 57, 5, 8, 63]]);
    expect(table(await figures('otherOrgAdmin', 'level=company'))).toEqual([['Other Co', 0, 1, 0, 1, 1, 100]]);

    const refused = async (who: Person, query: string) => (await world.app.inject({ method: 'GET', url: `/api/v1/steward/figures?${query}`, headers: world.as(who) })).statusCode;
    expect(await refused('managerEast', 'level=company')).toBe(403);
    expect(await refused('repEast1', 'level=team')).toBe(403);
    expect(await refused('managerEast', `level=team&teamId=${world.teams.north}`)).toBe(404);
    expect(await refused('admin', 'level=region')).toBe(400);
  });

  it('agrees with the rule in core on many random histories', async () => {
    let seedValue = 20261102;
    const random = () => ((seedValue = (seedValue * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const people: Person[] = ['repEast1', 'repEast1b', 'repEast2'];
    const made: Array<{ owner: Person; lead: string; occurredMs: number; dueMs: number | null; status: string }> = [];
    for (let l = 0; l < 25; l++) {
      const leadId = await lead(people[l % 3]!);
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++) {
        const occurredMs = -Math.floor(random() * 45 * day);
        const dueMs = random() < 0.2 ? null : occurredMs + Math.floor(random() * 10 * day);
        const entry = { owner: people[Math.floor(random() * 3)]!, lead: leadId, occurredMs, dueMs, status: random() < 0.1 ? 'archived' : 'active' };
        made.push(entry);
        await activity(entry.owner, leadId, occurredMs, dueMs, entry.status);
      }
    }
    const w = figureWindow(world.clock.now());
    const expected = new Map<string, [number, number]>();
    for (const plan of made) {
      if (plan.status !== 'active' || plan.dueMs === null) continue;
      const dueAt = at(plan.dueMs);
      if (!(dueAt > w.dueAfter && dueAt <= w.dueUntil)) continue;
      const later = made.filter((x) => x.lead === plan.lead && x.status === 'active').map((x) => at(x.occurredMs));
      const [followed, due] = expected.get(plan.owner) ?? [0, 0];
      expected.set(plan.owner, [followed + (isFollowedUp({ plannedAt: at(plan.occurredMs), dueAt }, later) ? 1 : 0), due + 1]);
    }
    const rows = (await figures('admin', 'level=rep')).rows;
    for (const person of people) {
      const row = rows.find((r) => r.id === world.ids[person])!;
      const [followed, due] = expected.get(person) ?? [0, 0];
      expect([person, row.followUpRate.numerator, row.followUpRate.denominator]).toEqual([person, followed, due]);
    }
    expect([...expected.values()].reduce((sum, [, due]) => sum + due, 0)).toBeGreaterThan(10);
  });
});
