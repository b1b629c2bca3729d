/**
 * The job runner: each pass numbers newly committed events, arms missing schedules, delivers events to
 * reactions and fires due timers. It polls the database, and the event bell wakes it as soon as events commit.
 * Nothing it needs lives only in memory, so any number of server processes may run one against the same
 * PostgreSQL database (the claims inside keep each piece of work to one process), and on SQLite it is the
 * embedded server's in-process loop.
 *
 * Time comes from the injected clock: tests call `runDue()` / `drain()` after moving a ManualClock instead of
 * sleeping, and `start()` is only for the real server.
 */
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import { Dispatcher } from '../events/dispatcher.js';
import type { EventBell } from '../events/event-bell.js';
import type { ReactionRegistry } from '../events/reactions.js';
import { sequenceEvents } from '../events/sequencer.js';
import { sealAudit } from '../audit/chain.js';
import type { JobLog } from './job-log.js';
import type { Schedules } from './schedules.js';
import { fireDueTimers } from './timer-firing.js';
import type { Timers } from './timers.js';

export interface PassReport {
  sequenced: number;
  armed: number;
  delivered: number;
  fired: number;
  failed: number;
  deadLettered: number;
}

const emptyReport = (): PassReport => ({ sequenced: 0, armed: 0, delivered: 0, fired: 0, failed: 0, deadLettered: 0 });
const didWork = (r: PassReport): boolean => Object.values(r).some((n) => n > 0);

export interface RunnerParts {
  reactions: ReactionRegistry;
  timers: Timers;
  schedules: Schedules;
  bell: EventBell;
}

interface Loop {
  stopped: boolean;
  /** A pass is in progress. */
  running: boolean;
  /** The bell rang during the pass: run another straight after it. */
  again: boolean;
  /** The last pass failed: wait the poll interval whatever rings. */
  resting: boolean;
  /** After a pass that found work, the next starts no sooner than this (performance.now()); rings until then wait for it. */
  gapUntil: number;
  wait: NodeJS.Timeout | undefined;
  pass: Promise<void>;
  unlisten: () => Promise<void>;
}

export class JobRunner {
  /** Where passes run: the given database, or while started on PostgreSQL, connections of the runner's own. */
  private worker: { database: DatabaseHandle; dispatcher: Dispatcher };
  private loop: Loop | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly parts: RunnerParts,
    private readonly batch = 100,
  ) {
    this.worker = this.workerOn(database);
  }

  /** One pass over everything that is due now. */
  async runDue(log?: JobLog): Promise<PassReport> {
    const { database, dispatcher } = this.worker;
    const report = emptyReport();
    // Number what has committed before delivering, so a pass sees every write made before it started.
    for (let i = 0; i < 10; i += 1) {
      const numbered = await sequenceEvents(database, this.batch * 10);
      report.sequenced += numbered;
      if (numbered < this.batch * 10) break;
    }
    report.armed = await this.parts.schedules.ensureArmed(database.db, log);
    const delivery = await dispatcher.deliverDue(log);
    const firing = await fireDueTimers(database, this.clock, this.parts.timers, { batch: this.batch, ...(log ? { log } : {}) });
    report.delivered = delivery.delivered;
    report.fired = firing.fired;
    report.failed = delivery.failed + firing.failed;
    report.deadLettered = delivery.deadLettered + firing.deadLettered;
    // PostgreSQL: chains the audit entries this pass's reactions and timers wrote, and any a process left unsealed
    // (it died between its commit and its seal). Read-only when nothing waits.
    await sealAudit(database.db, database.dialect);
    return report;
  }

  /**
   * Passes until nothing more is due (work that waits for a retry later counts as not due), adding up what was
   * done. Work that keeps making work (a reaction emitting the events it reacts to) is a bug and throws.
   */
  async drain(log?: JobLog, maxPasses = 100): Promise<PassReport> {
    const total = emptyReport();
    for (let pass = 0; pass < maxPasses; pass += 1) {
      const report = await this.runDue(log);
      for (const key of Object.keys(total) as Array<keyof PassReport>) total[key] += report[key];
      if (!didWork(report)) return total;
    }
    throw new Error(`Background work did not settle after ${maxPasses} passes`);
  }

  /**
   * Runs passes in the background: on while there is work, then every `pollMs` — or at once when the event bell
   * rings (events committed here, or on PostgreSQL in a process without a runner). While there is work, passes
   * start at most every `passGapMs` (20 ms): under a stream of writes each pass then takes the events of several in
   * one go — one sequencer and one delivery commit for all of them instead of three commits per write, the cost
   * that kept the runner from keeping up — for at most that much delay; a lone write after a quiet spell is
   * delivered at once.
   */
  start(options: { pollMs: number; passGapMs?: number; log?: JobLog }): void {
    if (this.loop) return;
    const gapMs = options.passGapMs ?? 20;
    const loop: Loop = {
      stopped: false, running: false, again: false, resting: false, gapUntil: 0, wait: undefined, pass: Promise.resolve(), unlisten: async () => undefined,
    };
    const run = (): void => {
      clearTimeout(loop.wait);
      loop.wait = undefined;
      loop.pass = pass();
    };
    const pass = async (): Promise<void> => {
      const started = performance.now();
      loop.running = true;
      loop.again = false;
      loop.resting = false;
      let busy = false;
      let failed = false;
      try {
        busy = didWork(await this.runDue(options.log));
      } catch (error) {
        failed = true;
        options.log?.error({ err: error }, 'background pass failed; trying again');
      }
      loop.running = false;
      if (loop.stopped) return;
      // After a failure the next try waits its turn, however many rings arrive: no tight loop against a sick database.
      loop.resting = failed;
      // A ring during a pass that found nothing is a lone write: no gap for it.
      loop.gapUntil = !failed && busy ? started + gapMs : 0;
      loop.wait = setTimeout(run, failed ? options.pollMs : busy ? Math.max(0, loop.gapUntil - performance.now()) : loop.again ? 0 : options.pollMs);
      loop.wait.unref();
    };
    const wake = (): void => {
      if (loop.stopped || loop.resting) return;
      if (loop.running) loop.again = true; // what committed during this pass may have missed it
      else if (performance.now() >= loop.gapUntil) run(); // otherwise the next pass is already due at the gap's end
    };
    loop.unlisten = this.parts.bell.listen(wake, options.log);
    // Two connections of its own (a pass uses one at a time): a burst of requests holding the shared pool would
    // otherwise make every step of every delivery wait for a connection.
    const own = this.database.separatePool?.(2);
    if (own) this.worker = this.workerOn(own);
    this.loop = loop;
    run();
  }

  /** Stops the loop and waits for the pass in progress, so the database can be closed after it. */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.wait);
    await loop.unlisten();
    await loop.pass;
    const own = this.worker.database;
    this.worker = this.workerOn(this.database);
    if (own !== this.database) await own.close();
    this.loop = undefined;
  }

  private workerOn(database: DatabaseHandle) {
    return { database, dispatcher: new Dispatcher(database, this.clock, this.parts.reactions, this.batch) };
  }
}
