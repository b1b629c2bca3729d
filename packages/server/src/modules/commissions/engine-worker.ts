/**
 * The worker thread of engine-thread.ts: opens its own connection, checks it reads the inputs the proposal
 * fingerprinted, reads the period's input and sends its people's results (lines, JSON, digests) in groups, at most
 * groupsAhead groups ahead of the writer. Reads only; the proposal's transaction in the calling thread writes everything.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CalculationIssue } from '@closeloop/core';
import { openDatabase } from '../../platform/db/database.js';
import { periodInput } from './calculation.js';
import { computedPeople, groupsAhead, inGroups, packed, packedLines, type WorkerJob, type WorkerMessage } from './engine-thread.js';
import { companyPeople } from './people.js';
import { inputsFingerprint } from './recalculation.js';

const { job } = workerData as { job: WorkerJob };
const port = parentPort!;
let credits = groupsAhead;
let granted: (() => void) | null = null;
port.on('message', () => {
  credits += 1;
  granted?.();
  granted = null;
});
const send = (message: WorkerMessage) => port.postMessage(message);

const database = openDatabase(job.connection.url, { ...job.connection.options, poolSize: 2, sqliteReadOnly: true });
try {
  // One snapshot for the check and the read (PostgreSQL: repeatable read; SQLite: one read transaction), so what is
  // computed is exactly what was checked.
  const input = await database.db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (db) => {
    const company = await companyPeople(db, job.orgId);
    const same = (await inputsFingerprint(db, job.orgId, company, job.period)) === job.inputsHash;
    return same ? periodInput(db, job.orgId, company, job.period) : null;
  });
  if (!input) {
    send({ type: 'moved' });
  } else {
    const issues: CalculationIssue[] = [];
    // Each person is packed as soon as it is computed, so its lines (objects with their steps) die young: held
    // until their group is sent, they outlived V8's young generation and made most of the worker's GC time.
    const packedPeople = (function* () { for (const person of computedPeople(input, issues)) yield packed(person); })();
    for (const group of inGroups(packedPeople, packedLines)) {
      if (credits === 0) await new Promise<void>((resolve) => (granted = resolve));
      credits -= 1;
      send({ type: 'group', people: group });
    }
    send({ type: 'done', issues });
  }
} finally {
  await database.close();
}
