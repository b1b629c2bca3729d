/**
 * "New events have committed": wakes the job runners so they deliver at once instead of at their next poll
 * (JOBS_POLL_MS). A ring is only a hint — a lost one costs at most one poll interval, never an event.
 *
 * - In the process that wrote them, the unit of work rings after its commit (`ring()`), and this process's
 *   runner starts a pass straight away, on both engines.
 * - On PostgreSQL a process without a runner of its own (JOBS_ENABLED=false) also sends a NOTIFY in the writing
 *   transaction (`ringOnCommit`), which PostgreSQL delivers to every listening runner at commit. A process that
 *   runs its own runner sends none: NOTIFY serialises the commits of all transactions that send one, and its own
 *   runner delivers the events anyway (with several runners, the busy one goes on pass after pass).
 */
import type { DatabaseHandle, Executor } from '../db/database.js';
import { notifyOnCommit, PgListener, SchemaChannel } from '../db/pg-listener.js';
import type { JobLog } from '../jobs/job-log.js';

export type Wake = () => void;

export class EventBell {
  private readonly listeners = new Set<Wake>();
  private readonly channel = new SchemaChannel('closeloop_events');
  private connection: PgListener | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log?: JobLog,
  ) {}

  /** In the writing transaction: on PostgreSQL, without a runner here, rings the other processes' runners at commit. */
  async ringOnCommit(tx: Executor): Promise<void> {
    if (this.database.dialect !== 'postgres' || this.listeners.size > 0) return;
    await notifyOnCommit(tx, await this.channel.of(tx), '');
  }

  /** After the commit: wakes this process's runner. */
  ring(): void {
    for (const wake of this.listeners) {
      try {
        wake();
      } catch (error) {
        this.log?.error({ err: error }, 'a runner could not be woken');
      }
    }
  }

  /** Calls `wake` on every ring (on PostgreSQL, every process's); returns what stops it. */
  listen(wake: Wake, log?: JobLog): () => Promise<void> {
    this.listeners.add(wake);
    if (this.database.dialect === 'postgres' && !this.connection) {
      // A (re)connect may have missed rings: one wake-up covers them all.
      this.connection = new PgListener(this.database, this.channel, { message: () => this.ring(), connected: () => this.ring() }, 'runner wake-up listener', log ?? this.log);
      this.connection.start();
    }
    return async () => {
      this.listeners.delete(wake);
      if (this.listeners.size > 0 || !this.connection) return;
      const connection = this.connection;
      this.connection = undefined;
      await connection.close();
    };
  }
}
