/**
 * Live push of the inbox to open browsers over Server-Sent Events.
 *
 * Each stream belongs to one signed-in person and only ever carries rows addressed to that person in their
 * organisation: new notifications (`event: notification`, `id:` = the notification id) and the unread count
 * (`event: unread`), first on connect and again whenever it changes; and `event: change` hints that a customer,
 * lead, contact or activity the person may see has changed (or a commission statement in their reach), so open lists refresh. A reconnecting browser sends Last-Event-ID and
 * gets what it missed from the inbox. A comment line every 25 s keeps proxies from closing an idle stream; at the
 * same beat every stream's session or token is checked again, so signing out, revoking a token or disabling a
 * person ends their streams too.
 *
 * What to push is learnt from the inbox signals (committed writes of any process); the rows are read here.
 */
import type { ServerResponse } from 'node:http';
import type { AuthContext } from '../access/auth-context.js';
import type { Clock } from '../clock.js';
import type { DatabaseHandle } from '../db/database.js';
import type { JobLog } from '../jobs/index.js';
import { mayReadCommissionsOf, mayView } from '../access/visibility.js';
import { toNotificationView, type NotificationRow } from './notification-view.js';
import type { InboxSignal, InboxSignals, RecordChange } from './signals.js';

export interface LivePushOptions {
  heartbeatMs?: number;
  /** More streams of one person than this (tabs, devices) close the oldest. */
  maxStreamsPerUser?: number;
  /** The session idle time-out (SESSION_IDLE_MINUTES): an open stream alone does not keep a session alive. */
  sessionIdleMinutes: number;
}

interface Stream {
  orgId: string;
  userId: string;
  /** What the person may see, as resolved when the stream opened: decides which record changes it hears of. */
  auth: AuthContext;
  principal: AuthContext['principal'];
  res: ServerResponse;
  /** The newest notification id this stream has sent or found already there: catch-up reads after it. */
  cursor: string;
  /** Ids recently sent, so one arriving twice (a signal and a catch-up) is sent once. */
  sent: Set<string>;
}

// A client that stops reading while we keep writing is cut off rather than buffered without end.
const maxBufferedBytes = 1024 * 1024;
const replayLimit = 200;
const rememberedIds = 500;
const idPattern = /^[0-9A-Za-z_-]{1,64}$/;

export class LivePush {
  private readonly byUser = new Map<string, Set<Stream>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private readonly heartbeatMs: number;
  private readonly maxStreamsPerUser: number;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly signals: InboxSignals,
    private readonly options: LivePushOptions,
    private readonly log?: JobLog,
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 25_000;
    this.maxStreamsPerUser = options.maxStreamsPerUser ?? 10;
  }

  get streamCount(): number {
    let n = 0;
    for (const streams of this.byUser.values()) n += streams.size;
    return n;
  }

  /**
   * Serves the event stream on `res`, whose headers the caller has written. Registered before anything is read,
   * so nothing committed meanwhile slips between the catch-up and the live signals.
   */
  async attach(auth: AuthContext, res: ServerResponse, lastEventId: string | undefined): Promise<void> {
    const stream: Stream = { orgId: auth.orgId, userId: auth.userId, auth, principal: auth.principal, res, cursor: '', sent: new Set() };
    this.register(stream);
    res.on('close', () => this.unregister(stream));
    write(stream, 'retry: 5000\n\n');
    const resumeAfter = lastEventId && idPattern.test(lastEventId) ? lastEventId : undefined;
    if (resumeAfter) {
      stream.cursor = maxId(stream.cursor, resumeAfter);
      await this.catchUp(stream);
    } else {
      const newest = await this.inbox(stream).select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
      stream.cursor = maxId(stream.cursor, newest?.id ?? '');
    }
    await this.sendUnread(stream.orgId, stream.userId);
  }

  /** Ends every stream (the server is shutting down; browsers reconnect to another process or later). */
  closeAll(): void {
    for (const streams of this.byUser.values()) for (const stream of streams) stream.res.end();
    this.byUser.clear();
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    this.unlisten?.();
    this.unlisten = undefined;
  }

  private register(stream: Stream): void {
    let streams = this.byUser.get(stream.userId);
    if (!streams) {
      streams = new Set();
      this.byUser.set(stream.userId, streams);
    }
    streams.add(stream);
    if (streams.size > this.maxStreamsPerUser) streams.values().next().value?.res.end();
    this.unlisten ??= this.signals.listen((signal) => {
      this.onSignal(signal).catch((error: unknown) => this.log?.warn({ err: error, signal: signal.kind }, 'live push failed'));
    });
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
      this.heartbeat.unref();
    }
  }

  private unregister(stream: Stream): void {
    const streams = this.byUser.get(stream.userId);
    if (!streams?.delete(stream)) return;
    if (streams.size === 0) this.byUser.delete(stream.userId);
  }

  private async onSignal(signal: InboxSignal): Promise<void> {
    if (signal.kind === 'records') {
      this.sendChanges(signal.orgId, signal.changes);
      return;
    }
    if (signal.kind === 'read') {
      if (this.byUser.has(signal.userId)) await this.sendUnreadToAll(signal.userId);
      return;
    }
    if (signal.kind === 'resync') {
      for (const streams of [...this.byUser.values()]) for (const stream of [...streams]) await this.catchUp(stream);
      for (const userId of [...this.byUser.keys()]) await this.sendUnreadToAll(userId);
      return;
    }
    const wanted = signal.items.filter(([, recipient]) => this.byUser.has(recipient)).map(([id]) => id);
    if (wanted.length === 0) return;
    const rows = await this.database.db.selectFrom('notifications').selectAll().where('id', 'in', wanted).orderBy('id').execute();
    const touched = new Set<string>();
    for (const row of rows) {
      for (const stream of this.byUser.get(row.recipient_id) ?? []) {
        if (stream.orgId !== row.org_id) continue;
        this.sendNotification(stream, row);
        touched.add(row.recipient_id);
      }
    }
    for (const userId of touched) await this.sendUnreadToAll(userId);
  }

  /**
   * `event: change` with only the record's type and id (the page re-reads it through the scoped API), and only to
   * streams whose person may see it — a change to a record out of scope is not even hinted at.
   */
  private sendChanges(orgId: string, changes: RecordChange[]): void {
    for (const streams of this.byUser.values()) {
      for (const stream of streams) {
        if (stream.orgId !== orgId) continue;
        for (const change of changes) {
          // Pay has its own reach: a colleague's commission is not seen through their customers.
          const may = change.type === 'commissions' ? mayReadCommissionsOf : mayView;
          if (!change.seenThrough.some((facts) => may(stream.auth, facts))) continue;
          const hint = change.period === undefined ? { type: change.type, id: change.id } : { type: change.type, id: change.id, period: change.period };
          write(stream, `event: change\ndata: ${JSON.stringify(hint)}\n\n`);
        }
      }
    }
  }

  /** Sends what the stream has not seen since its cursor, oldest first. */
  private async catchUp(stream: Stream): Promise<void> {
    const rows = await this.inbox(stream).selectAll().where('id', '>', stream.cursor).orderBy('id').limit(replayLimit).execute();
    for (const row of rows) this.sendNotification(stream, row);
  }

  private inbox(stream: Pick<Stream, 'orgId' | 'userId'>) {
    return this.database.db.selectFrom('notifications').where('org_id', '=', stream.orgId).where('recipient_id', '=', stream.userId);
  }

  private sendNotification(stream: Stream, row: NotificationRow): void {
    if (stream.sent.has(row.id)) return;
    stream.sent.add(row.id);
    if (stream.sent.size > rememberedIds) stream.sent.delete(stream.sent.values().next().value!);
    stream.cursor = maxId(stream.cursor, row.id);
    write(stream, `id: ${row.id}\nevent: notification\ndata: ${JSON.stringify(toNotificationView(row))}\n\n`);
  }

  private async sendUnreadToAll(userId: string): Promise<void> {
    const orgs = new Set([...(this.byUser.get(userId) ?? [])].map((s) => s.orgId));
    for (const orgId of orgs) await this.sendUnread(orgId, userId);
  }

  private async sendUnread(orgId: string, userId: string): Promise<void> {
    const row = await this.inbox({ orgId, userId }).where('read_at', 'is', null).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const frame = `event: unread\ndata: ${JSON.stringify({ count: Number(row.n) })}\n\n`;
    for (const stream of this.byUser.get(userId) ?? []) if (stream.orgId === orgId) write(stream, frame);
  }

  /** The heartbeat: a comment to every stream, then the session check. The timer calls it; tests may call it at once. */
  async beat(): Promise<void> {
    for (const streams of this.byUser.values()) for (const stream of streams) write(stream, ': heartbeat\n\n');
    await this.endSignedOut().catch((error: unknown) => this.log?.warn({ err: error }, 'live push could not check its sessions'));
  }

  /** Ends the streams whose session or token no longer admits them, by the same rules as the sign-in check. */
  private async endSignedOut(): Promise<void> {
    const streams = [...this.byUser.values()].flatMap((s) => [...s]);
    if (streams.length === 0) return;
    const now = this.clock.now();
    const at = now.toISOString();
    const idleLimit = new Date(now.getTime() - this.options.sessionIdleMinutes * 60_000).toISOString();
    const sessionIds = streams.filter((s) => s.principal.kind === 'session').map((s) => s.principal.id);
    const tokenIds = streams.filter((s) => s.principal.kind === 'token').map((s) => s.principal.id);
    const live = new Set<string>();
    for (let i = 0; i < sessionIds.length; i += 500) {
      const rows = await this.database.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select('sessions.id')
        .where('sessions.id', 'in', sessionIds.slice(i, i + 500))
        .where('sessions.revoked_at', 'is', null)
        .where('sessions.expires_at', '>', at)
        .where('sessions.last_seen_at', '>', idleLimit)
        .where('users.status', '=', 'active')
        .execute();
      for (const row of rows) live.add(`session:${row.id}`);
    }
    for (let i = 0; i < tokenIds.length; i += 500) {
      const rows = await this.database.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .select('api_tokens.id')
        .where('api_tokens.id', 'in', tokenIds.slice(i, i + 500))
        .where('api_tokens.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('api_tokens.expires_at', 'is', null), eb('api_tokens.expires_at', '>', at)]))
        .where('users.status', '=', 'active')
        .execute();
      for (const row of rows) live.add(`token:${row.id}`);
    }
    for (const stream of streams) if (!live.has(`${stream.principal.kind}:${stream.principal.id}`)) stream.res.end();
  }
}

function write(stream: Stream, frame: string): void {
  const { res } = stream;
  if (res.writableEnded || res.destroyed) return;
  res.write(frame);
  if (res.writableLength > maxBufferedBytes) res.destroy();
}

const maxId = (a: string, b: string): string => (a > b ? a : b);
