/**
 * A period's people computed for a recalculation, in groups: in this thread, or in a worker thread with its own
 * connection, so that on a big period the engine, the JSON and the digests (about half of a million-line proposal)
 * run beside the writes instead of between them. The worker first checks that it reads exactly the inputs the
 * proposal fingerprinted (else, for example when the calling transaction changed an input it has not committed, the
 * caller computes in this thread), and runs at most a few groups ahead of the writer, so memory stays bounded.
 */
import { on } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  buildCreditIndex, calculateEachPerson, periodContext,
  type CalculationInput, type CalculationIssue, type PayoutLine, type Statement,
} from '@closeloop/core';
import type { OpenOptions } from '../../platform/db/database.js';
import { lineDigest, storedLineJson } from './stored-line.js';

/** What a recalculation reads of a line besides its JSON (the whole PayoutLine does not cross threads). */
export type LineFields = Pick<PayoutLine, 'key' | 'personId' | 'period' | 'planId' | 'planVersion' | 'componentId' | 'kind' | 'transactionId' | 'dealId' | 'amountMinor' | 'currency'>;

/** One person's result as stored: each line's fields, its stored JSON and digest (stored-line.ts). */
export interface Computed {
  personId: string;
  lines: readonly LineFields[];
  json: string[];
  digests: string[];
  statement: Statement | null;
  issues: CalculationIssue[];
  /** computed in this thread only: the whole lines (a locked period's adjustments are made from them) */
  full?: readonly PayoutLine[];
}

/** People per group, and computed lines per group: bounds what is held while comparing and writing. */
export const groupPeople = 200;
const groupLines = 2_500;

/** Each person of the period's result, as stored; issues of the credits go into `issues`. */
export function* computedPeople(input: CalculationInput, issues: CalculationIssue[]): Generator<Computed> {
  const context = periodContext(input);
  const index = buildCreditIndex(input.transactions, input.people, issues);
  for (const result of calculateEachPerson(context, index)) {
    const personId = result.statement?.personId ?? result.lines[0]?.personId;
    if (!personId) continue;
    // Stored compactly (stored-line.ts): the JSON without what the row's columns hold.
    const json = result.lines.map(storedLineJson);
    // Made where the engine runs: from a worker, the writing thread (SQLite's inserts) is the longer lane.
    const digests = result.lines.map((line, i) => lineDigest(line, json[i]!));
    yield { personId, lines: result.lines, json, digests, statement: result.statement, issues: result.issues, full: result.lines };
  }
}

/**
 * `people` in groups of at most groupPeople people or about groupLines lines (`linesOf`: a person's line count), so
 * that what is held while comparing and writing stays bounded.
 */
export function* inGroups<T>(people: Iterable<T>, linesOf: (person: T) => number): Generator<T[]> {
  let group: T[] = [];
  let lines = 0;
  for (const person of people) {
    group.push(person);
    lines += linesOf(person);
    if (group.length >= groupPeople || lines >= groupLines) {
      yield group;
      group = [];
      lines = 0;
    }
  }
  if (group.length > 0) yield group;
}

export const computedLines = (person: Computed) => person.lines.length;

/**
 * A person as it crosses from the worker: the lines' fields in one flat array (structured cloning an object writes
 * its property names each time: a million lines' worth), the JSON, statement and issues as they are.
 */
export interface Packed { personId: string; fields: Array<string | number | null>; json: string[]; digests: string[]; statement: Statement | null; issues: CalculationIssue[] }
const fieldsPerLine = 11;

export const packedLines = (person: Packed) => person.fields.length / fieldsPerLine;

export function packed(person: Computed): Packed {
  const fields: Array<string | number | null> = [];
  for (const l of person.lines) {
    fields.push(l.key, l.personId, l.period, l.planId, l.planVersion, l.componentId, l.kind, l.transactionId, l.dealId, l.amountMinor, l.currency);
  }
  return { personId: person.personId, fields, json: person.json, digests: person.digests, statement: person.statement, issues: person.issues };
}

export function unpacked(person: Packed): Computed {
  const lines: LineFields[] = [];
  const f = person.fields;
  for (let i = 0; i < f.length; i += fieldsPerLine) {
    lines.push({
      key: f[i] as string, personId: f[i + 1] as string, period: f[i + 2] as string, planId: f[i + 3] as string, planVersion: f[i + 4] as number,
      componentId: f[i + 5] as string, kind: f[i + 6] as LineFields['kind'], transactionId: f[i + 7] as string | null, dealId: f[i + 8] as string | null,
      amountMinor: f[i + 9] as number, currency: f[i + 10] as string,
    });
  }
  return { personId: person.personId, lines, json: person.json, digests: person.digests, statement: person.statement, issues: person.issues };
}

/** How a worker reaches the database: the same URL and options as this thread's handle. */
export interface WorkerConnection { url: string; options: OpenOptions }

export interface WorkerJob { connection: WorkerConnection; orgId: string; period: string; inputsHash: string }

export type WorkerMessage =
  | { type: 'group'; people: Packed[] }
  | { type: 'done'; issues: CalculationIssue[] }
  /** the worker read other inputs than the proposal fingerprinted: nothing was computed */
  | { type: 'moved' };

/** The worker's young generation, MiB. */
const workerYoungGenerationMb = 32;

/** Groups the worker sends before it waits for the writer to take one. */
export const groupsAhead = 3;

/**
 * The period's people computed in a worker thread, in groups; the credits' issues are added to `issues` at the end.
 * Ends without a group, with `outcome.moved`, when the worker read other inputs than `job.inputsHash`.
 */
export async function* computedInWorker(job: WorkerJob, issues: CalculationIssue[], outcome: { moved: boolean }): AsyncGenerator<Computed[]> {
  const worker = startWorker(job);
  try {
    // Node's event iterator buffers the messages, throws the worker's error and ends when it exits.
    for await (const [message] of on(worker, 'message', { close: ['exit'] }) as AsyncIterable<[WorkerMessage]>) {
      if (message.type === 'moved') {
        outcome.moved = true;
        return;
      }
      if (message.type === 'done') {
        for (const issue of message.issues) issues.push(issue);
        return;
      }
      yield message.people.map(unpacked);
      worker.postMessage('more');
    }
    throw new Error('the commission worker ended before its result');
  } finally {
    await worker.terminate();
  }
}

/**
 * Starts engine-worker beside this module: built, as JavaScript; from the sources (tests, `tsx`), as TypeScript,
 * through tsx's loader registered in the worker (a parent's loader flags do not carry over to an eval worker), with
 * @closeloop/core from its sources as vitest maps it (tsconfig.source.json).
 */
function startWorker(job: WorkerJob): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = new URL(`./engine-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
  // tsx's ES module API (its CommonJS one registers a loader path that does not exist when required from here).
  const tsx = fromSources
    ? {
      api: pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href,
      tsconfig: fileURLToPath(new URL('../../../tsconfig.source.json', import.meta.url)),
    }
    : null;
  const bootstrap = `
    const { workerData } = require('node:worker_threads');
    (workerData.tsx ? import(workerData.tsx.api).then((api) => api.register({ tsconfig: workerData.tsx.tsconfig })) : Promise.resolve())
      .then(() => import(workerData.entry));`;
  // A small young generation: the server's (--max-semi-space-size=64, docs/operations.md) would be a second ~200 MiB.
  return new Worker(bootstrap, { eval: true, workerData: { entry, tsx, job }, resourceLimits: { maxYoungGenerationSizeMb: workerYoungGenerationMb } });
}
