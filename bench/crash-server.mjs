#!/usr/bin/env node
/**
 * The built server with one extra reaction, for the crash test (bench/crash.mjs). Not a product entry point.
 *
 *   DATABASE_URL=… PORT=… CRASH_DELIVERY_LOG=/tmp/x.log node bench/crash-server.mjs
 *
 * The reaction `crash-test.effect` answers every `lead.created` with one row in `crash_effects` (created by the
 * driver before any server starts), guarded by `ctx.once`. That table deliberately has no unique key on the
 * event: a second delivery that got through would show up as a second row. Before each delivery the handler also appends the event id to CRASH_DELIVERY_LOG,
 * outside the database, so the driver can count deliveries that a kill rolled back and that were delivered again.
 *
 * CRASH_EFFECT_DELAY_MS (default 1) keeps each delivery's transaction open a little longer, so that a SIGKILL
 * lands inside one more often.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBuiltServer } from './support.mjs';

const deliveryLog = process.env.CRASH_DELIVERY_LOG;
const effectDelayMs = Number(process.env.CRASH_EFFECT_DELAY_MS ?? '1');

// The runner is started below, by hand, once the test reaction is registered.
const { config, running } = await startBuiltServer();

running.app.services.jobs.reactions.on('lead.created', 'crash-test.effect', async (event, ctx) => {
  if (deliveryLog) fs.appendFileSync(deliveryLog, `${event.id}\n`);
  await ctx.once(`effect:${event.id}`, async () => {
    await ctx.tx
      .insertInto('crash_effects')
      .values({ id: randomUUID(), event_id: event.id, lead_id: event.subject, position: event.position, pid: process.pid, created_at: ctx.now })
      .execute();
    if (effectDelayMs > 0) await sleep(Math.random() * effectDelayMs);
  });
});
running.app.services.jobs.runner.start({ pollMs: config.JOBS_POLL_MS, log: running.app.log });

console.log(`crash-server ready at ${running.url} (pid ${process.pid})`);
