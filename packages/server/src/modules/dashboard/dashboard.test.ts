import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadCreate, leadStages, pipelineBoard, type LeadStage, type PipelineBoard } from '@closeloop/core';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { buildLeadRow } from '../leads/index.js';

const hour = 3_600_000;
// 12:00 on 20 November in Shanghai, the company's zone.
const now = Date.parse('2026-11-20T04:00:00.000Z');
const ago = (hours: number) => new Date(now - hours * hour).toISOString();

interface SeededLead {
  key: string;
  owner: Person;
  stage: LeadStage;
  createdAt: string;
  lastActivityAt: string;
  status?: 'active' | 'archived';
  mergedInto?: string;
  org?: 'other';
}

/** The company's leads; the expectations below are read off this table. */
const seeded: SeededLead[] = [
  { key: 'fresh', owner: 'repEast1', stage: 'new', createdAt: ago(1), lastActivityAt: ago(1) },
  // Silent for exactly 72 h: silent. 71 h: not yet.
  { key: 'silent72', owner: 'repEast1', stage: 'contacted', createdAt: ago(240), lastActivityAt: ago(72) },
  { key: 'quiet71', owner: 'repEast1b', stage: 'proposal', createdAt: ago(120), lastActivityAt: ago(71) },
  // 00:30 on the 20th in Shanghai (16:30 UTC on the 19th) and 23:59 on the 19th in Shanghai.
  { key: 'afterMidnight', owner: 'repEast2', stage: 'qualified', createdAt: '2026-11-19T16:30:00.000Z', lastActivityAt: '2026-11-19T16:30:00.000Z' },
  { key: 'beforeMidnight', owner: 'repEast2', stage: 'negotiation', createdAt: '2026-11-19T15:59:00.000Z', lastActivityAt: ago(2) },
  // Finished, archived and merged-away leads are not open; a won lead long untouched is not silent.
  { key: 'won', owner: 'repEast2', stage: 'won', createdAt: ago(480), lastActivityAt: ago(480) },
  { key: 'archived', owner: 'repEast1', stage: 'negotiation', createdAt: ago(720), lastActivityAt: ago(720), status: 'archived' },
  { key: 'mergedAway', owner: 'repEast1', stage: 'new', createdAt: ago(48), lastActivityAt: ago(48), status: 'archived', mergedInto: 'fresh' },
  // Eleven more silent East leads, so the list of the oldest is cut at ten.
  ...Array.from({ length: 11 }, (_, i): SeededLead => ({
    key: `silent${i}`, owner: 'repEast1b', stage: 'contacted', createdAt: ago(80 + i * 10), lastActivityAt: ago(80 + i * 10),
  })),
  // Team North, and another company.
  { key: 'north', owner: 'repNorth', stage: 'new', createdAt: ago(1), lastActivityAt: ago(1) },
  { key: 'northSilent', owner: 'repNorth', stage: 'qualified', createdAt: ago(216), lastActivityAt: ago(999) },
  { key: 'other', owner: 'otherOrgRep', stage: 'new', createdAt: ago(1), lastActivityAt: ago(500), org: 'other' },
];

interface SeededActivity {
  owner: Person;
  lead: string;
  occurredAt: string;
  status?: 'archived';
}

const activities: SeededActivity[] = [
  { owner: 'repEast1', lead: 'fresh', occurredAt: ago(1) },
  { owner: 'repEast1', lead: 'fresh', occurredAt: ago(24 * 7 - 1) },
  { owner: 'repEast1', lead: 'fresh', occurredAt: ago(24 * 8) }, // before the 7-day window
  { owner: 'repEast1', lead: 'fresh', occurredAt: ago(24), status: 'archived' },
  { owner: 'repEast2', lead: 'beforeMidnight', occurredAt: ago(2) },
  { owner: 'managerEast', lead: 'quiet71', occurredAt: ago(3) }, // a manager's own call on a rep's lead
  { owner: 'repNorth', lead: 'north', occurredAt: ago(1) },
  { owner: 'otherOrgRep', lead: 'other', occurredAt: ago(1) },
];

const eastOwners: Person[] = ['repEast1', 'repEast1b', 'repEast2'];
const isOpen = (l: SeededLead) => (l.status ?? 'active') === 'active' && l.stage !== 'won' && l.stage !== 'lost';
const isSilent = (l: SeededLead) => isOpen(l) && Date.parse(l.lastActivityAt) <= now - 72 * hour;
const shanghaiDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(iso));

/** What a board over these owners' leads must say, computed the plain way. */
function expectedFor(owners: readonly Person[]) {
  const leads = seeded.filter((l) => owners.includes(l.owner) && !l.org);
  const stages = leadStages.map((stage) => ({ stage, count: leads.filter((l) => (l.status ?? 'active') === 'active' && l.stage === stage).length }));
  const silent = leads.filter(isSilent).sort((a, b) => a.lastActivityAt.localeCompare(b.lastActivityAt));
  const days = Array.from({ length: 14 }, (_, i) => shanghaiDay(new Date(now - (13 - i) * 24 * hour).toISOString()));
  const newLeads = days.map((date) => ({ date, count: leads.filter((l) => !l.mergedInto && shanghaiDay(l.createdAt) === date).length }));
  return { stages, silentCount: silent.length, oldestKeys: silent.slice(0, 10).map((l) => l.key), newLeads };
}

describe.each(dialects)('the team board on %s', (dialect) => {
  let world: TestWorld;
  const ids = new Map<string, string>();

  const board = (person: Person) => world.app.inject({ method: 'GET', url: '/api/v1/dashboard/pipeline', headers: world.as(person) });
  const boardOf = async (person: Person): Promise<PipelineBoard> => {
    const res = await board(person);
    expect(res.statusCode, res.body).toBe(200);
    return pipelineBoard.parse(res.json());
  };

  beforeAll(async () => {
    world = await createWorld(dialect);
    world.clock.set(new Date(now));
    const db = world.database.db;
    let n = 0;
    for (const l of seeded) {
      const id = `lead_${String(++n).padStart(3, '0')}_${l.key}`;
      ids.set(l.key, id);
      const teamId = (await db.selectFrom('users').select('team_id').where('id', '=', world.ids[l.owner]).executeTakeFirstOrThrow()).team_id;
      const row = buildLeadRow(
        { id, orgId: l.org ? world.otherOrgId : world.orgId, ownerId: world.ids[l.owner], teamId, now: l.createdAt },
        leadCreate.parse({ name: `线索 ${l.key}`, company: `${l.key} 有限公司`, stage: l.stage }),
      );
      await db.insertInto('leads').values({
        ...row, last_activity_at: l.lastActivityAt, status: l.status ?? 'active', merged_into: l.mergedInto ? ids.get(l.mergedInto)! : null,
      }).execute();
    }
    n = 0;
    for (const a of activities) {
      const lead = seeded.find((l) => l.key === a.lead)!;
      await db.insertInto('activities').values({
        id: `act_${++n}`, org_id: lead.org ? world.otherOrgId : world.orgId, kind: 'call', lead_id: ids.get(a.lead)!, customer_id: null,
        occurred_at: a.occurredAt, duration_minutes: 5, text: '电话跟进', owner_id: world.ids[a.owner], status: a.status ?? 'active',
        created_at: a.occurredAt, updated_at: a.occurredAt,
      }).execute();
    }
  });
  afterAll(() => world.close());

  it('shows the manager of team East only East\'s leads, by stage, with the silent ones and the daily trend', async () => {
    const body = await boardOf('managerEast');
    const expected = expectedFor(eastOwners);
    expect(body.asOf).toBe(new Date(now).toISOString());
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.rules).toEqual({ silenceHours: { new: 72, contacted: 72, qualified: 72, proposal: 72, negotiation: 72 }, activityWindowDays: 7, trendDays: 14, silentListed: 10, openStages: ['new', 'contacted', 'qualified', 'proposal', 'negotiation'] });
    expect(body.stages).toEqual(expected.stages);
    expect(body.stages.find((s) => s.stage === 'contacted')?.count).toBe(12);
    expect(body.silent.count).toBe(expected.silentCount);
    expect(body.silent.count).toBe(12);
    expect(body.silent.oldest.map((l) => l.id)).toEqual(expected.oldestKeys.map((k) => ids.get(k)));
    expect(body.silent.oldest[0]).toMatchObject({ ownerName: '王芳', stage: 'contacted', company: 'silent10 有限公司', lastActivityAt: ago(180) });
    expect(body.newLeads).toEqual(expected.newLeads);
    expect(body.newLeads.at(-1)).toEqual({ date: '2026-11-20', count: 2 }); // fresh + afterMidnight; the merged-away one is not new
    expect(body.newLeads.at(-2)).toEqual({ date: '2026-11-19', count: 1 }); // beforeMidnight
    expect(body.newLeads[0]!.date).toBe('2026-11-07');
  });

  it('counts per person the open and silent leads they own and the activities they logged in the last 7 days', async () => {
    // repEast1's one silent lead is `silent72` (exactly 72 h); repEast1b's `quiet71` (71 h) is not among their 11.
    const { owners } = await boardOf('managerEast');
    expect(owners).toEqual([
      { ownerId: world.ids.repEast1b, name: '王芳', openLeads: 12, silentLeads: 11, activities: 0 },
      { ownerId: world.ids.repEast1, name: '张伟', openLeads: 2, silentLeads: 1, activities: 2 },
      { ownerId: world.ids.repEast2, name: '李娜', openLeads: 2, silentLeads: 0, activities: 1 },
      { ownerId: world.ids.managerEast, name: '华东经理', openLeads: 0, silentLeads: 0, activities: 1 },
    ]);
  });

  it('never counts team North\'s records on the East board, nor East\'s on the North board', async () => {
    const east = await boardOf('managerEast');
    const northIds = [ids.get('north'), ids.get('northSilent')];
    expect(east.owners.map((o) => o.ownerId)).not.toContain(world.ids.repNorth);
    expect(east.silent.oldest.map((l) => l.id).filter((id) => northIds.includes(id))).toEqual([]);
    expect(east.stages.reduce((sum, s) => sum + s.count, 0)).toBe(seeded.filter((l) => eastOwners.includes(l.owner) && (l.status ?? 'active') === 'active').length);

    const north = await boardOf('managerNorth');
    const expected = expectedFor(['repNorth']);
    expect(north.stages).toEqual(expected.stages);
    expect(north.owners).toEqual([{ ownerId: world.ids.repNorth, name: '刘洋', openLeads: 2, silentLeads: 1, activities: 1 }]);
    expect(north.silent).toEqual({ count: 1, oldest: [expect.objectContaining({ id: ids.get('northSilent'), ownerName: '刘洋' })] });
    expect(north.newLeads).toEqual(expected.newLeads);
  });

  it('shows ops and admins the whole company and nothing of another company', async () => {
    const everyone: Person[] = [...eastOwners, 'repNorth'];
    for (const person of ['ops', 'admin'] as const) {
      const body = await boardOf(person);
      const expected = expectedFor(everyone);
      expect(body.stages).toEqual(expected.stages);
      expect(body.silent.count).toBe(13);
      expect(body.newLeads).toEqual(expected.newLeads);
      expect(body.owners.map((o) => o.ownerId)).not.toContain(world.ids.otherOrgRep);
    }
    const other = await boardOf('otherOrgAdmin');
    expect(other.stages.find((s) => s.stage === 'new')?.count).toBe(1);
    expect(other.silent.oldest.map((l) => l.id)).toEqual([ids.get('other')]);
    expect(other.owners.map((o) => o.ownerId)).toEqual([world.ids.otherOrgRep]);
  });

  it('refuses reps, whatever their scope, with 403: their own leads are their list', async () => {
    for (const person of ['repEast1', 'repNorth', 'whitelisted', 'otherOrgRep'] as const) {
      const res = await board(person);
      expect(res.statusCode, person).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('moves with the clock: a lead turns silent 72 hours after its last action, and the trend rolls over at company midnight', async () => {
    try {
      // `fresh` was last touched an hour before `now`: 71 h later it is not silent yet, 72 h later it is.
      const silentOwnedBy = (b: PipelineBoard) => b.owners.find((o) => o.ownerId === world.ids.repEast1)!.silentLeads;
      world.clock.set(new Date(now + 70 * hour));
      const before = await boardOf('managerEast');
      world.clock.set(new Date(now + 71 * hour));
      const after = await boardOf('managerEast');
      expect(after.silent.count).toBe(before.silent.count + 1);
      expect(silentOwnedBy(after)).toBe(silentOwnedBy(before) + 1);
      // 16:00 UTC is midnight in Shanghai: the board's last day is the 21st from then on.
      world.clock.set('2026-11-20T15:59:59.000Z');
      expect((await boardOf('managerEast')).newLeads.at(-1)!.date).toBe('2026-11-20');
      world.clock.set('2026-11-20T16:00:00.000Z');
      const rolled = await boardOf('managerEast');
      expect(rolled.newLeads.at(-1)).toEqual({ date: '2026-11-21', count: 0 });
      expect(rolled.newLeads.at(-2)).toEqual({ date: '2026-11-20', count: 2 });
    } finally {
      world.clock.set(new Date(now));
    }
  });
});
