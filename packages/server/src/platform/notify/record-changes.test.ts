/**
 * Open lists refresh live: a committed change to a lead, contact or activity reaches, as `event: change`, exactly the
 * open streams whose person may see the record — never a colleague outside its scope, never another organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, type Person, type TestWorld } from '../../test-support/fixture.js';
import { dialects } from '../../test-support/databases.js';
import { EventStreamReader } from '../../test-support/event-stream.js';

describe.each(dialects)('live record changes on %s', (dialect) => {
  let world: TestWorld;
  let base: string;
  const readers: EventStreamReader[] = [];

  beforeAll(async () => {
    world = await createWorld(dialect);
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const reader of readers) reader.close();
    await world.close();
  });

  async function open(person: Person): Promise<EventStreamReader> {
    const reader = await EventStreamReader.openInbox(`${base}/api/v1/notifications/stream`, world.as(person));
    readers.push(reader);
    return reader;
  }

  it('tells the owner, their manager and whole-company readers of a new lead, and nobody else', async () => {
    const people: Person[] = ['repEast1', 'repEast1b', 'managerEast', 'managerNorth', 'ops', 'otherOrgAdmin'];
    const streams = Object.fromEntries(await Promise.all(people.map(async (p) => [p, await open(p)] as const))) as Record<Person, EventStreamReader>;
    const created = await world.app.inject({ method: 'POST', url: '/api/v1/leads', headers: world.as('repEast1'), payload: { name: '实时线索', phone: '13900001111' } });
    expect(created.statusCode, created.body).toBe(201);
    const leadId = created.json().lead.id as string;
    await world.app.services.jobs.runner.drain();

    for (const p of ['repEast1', 'managerEast', 'ops'] as const) {
      await streams[p].until(() => streams[p].changes().some((c) => c.id === leadId), `the change for ${p}`);
      expect(streams[p].changes()).toContainEqual({ type: 'lead', id: leadId });
    }
    // Those outside its scope hear nothing of it, not even its id.
    for (const p of ['repEast1b', 'managerNorth', 'otherOrgAdmin'] as const) {
      expect(streams[p].events.filter((e) => e.data.includes(leadId))).toEqual([]);
    }
  });

  it('an activity reaches whoever may see its lead, and the person who logged it', async () => {
    const lead = await world.app.inject({ method: 'POST', url: '/api/v1/leads', headers: world.as('repNorth'), payload: { name: '北区线索', phone: '13900002222' } });
    const leadId = lead.json().lead.id as string;
    await world.app.services.jobs.runner.drain();
    const [north, managerNorth, managerEast] = await Promise.all([open('repNorth'), open('managerNorth'), open('managerEast')]);
    const logged = await world.app.inject({ method: 'POST', url: '/api/v1/activities', headers: world.as('repNorth'), payload: { kind: 'call', leadId, text: '电话沟通需求', nextAction: { kind: 'call_back', dueAt: new Date(world.clock.now().getTime() + 86_400_000).toISOString() } } });
    expect(logged.statusCode, logged.body).toBe(201);
    const activityId = logged.json().id as string;
    await world.app.services.jobs.runner.drain();
    await north.until(() => north.changes().some((c) => c.id === activityId), 'the activity change for its logger');
    await managerNorth.until(() => managerNorth.changes().some((c) => c.id === activityId), 'the activity change for the manager');
    expect(managerEast.events.filter((e) => e.data.includes(activityId))).toEqual([]);
  });
});
