#!/usr/bin/env node
/**
 * The built server with one extra reaction, for the live-push latency benchmark (bench/sse-latency.mjs). Not a
 * product entry point.
 *
 *   DATABASE_URL=… PORT=… node bench/sse-server.mjs
 *
 * The reaction `bench.tell-manager` answers every `activity.logged` with a notification to the leader of the
 * rep's team, written through `notifier.notify` inside `ctx.once` exactly as a feature's reaction would (A5's
 * silence alert will take the same path): business write → outbox event → runner → reaction → inbox row →
 * live push. The runner and the delivery worker start as `closeloop serve` starts them (JOBS_POLL_MS applies).
 */
import { startBuiltServer } from './support.mjs';

// The runner is started below, by hand, once the benchmark's reaction is registered.
const { config, running } = await startBuiltServer();
const { jobs, notifier } = running.app.services;

jobs.reactions.on('activity.logged', 'bench.tell-manager', async (event, ctx) => {
  const team = await ctx.tx
    .selectFrom('users')
    .innerJoin('teams', 'teams.id', 'users.team_id')
    .select('teams.leader_id')
    .where('users.id', '=', String(event.payload.ownerId))
    .where('users.org_id', '=', ctx.orgId)
    .executeTakeFirst();
  const leader = team?.leader_id;
  if (!leader || leader === event.payload.ownerId) return;
  await ctx.once(`tell-manager:${event.id}`, async () => {
    await notifier.notify(ctx.tx, {
      orgId: ctx.orgId, recipients: [leader], template: 'system.test', params: { sentBy: 'sse-latency benchmark' },
      ...(event.payload.leadId ? { link: `/leads/${event.payload.leadId}` } : {}), subject: { type: 'activity', id: event.subject },
    });
  });
});
jobs.runner.start({ pollMs: config.JOBS_POLL_MS, log: running.app.log });
notifier.delivery.start({ pollMs: Math.max(config.JOBS_POLL_MS, 1_000), log: running.app.log });

console.log(`sse-server ready at ${running.url} (pid ${process.pid})`);
