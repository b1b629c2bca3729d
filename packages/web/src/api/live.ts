/**
 * The server's live stream (SSE): new notifications, the unread count, and hints that a record the person may see
 * changed. Each message refreshes what it touches — the inbox badge, the lists and timelines of the record — so open
 * pages stay current without polling. The hint carries only type and id; the data is re-read through the scoped API.
 */
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { NotificationView } from '@closeloop/core';
import { whenIdle } from '../lib/when-idle';

/** A pushed notification: the same shape the inbox list answers. */
export type LiveNotification = NotificationView;

type Listener = (notification: LiveNotification) => void;
const listeners = new Set<Listener>();

/** Lets a page react to a pushed notification (e.g. show a toast). */
export function onLiveNotification(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Which cached queries a notification about a record makes stale. */
export function staleKeysFor(notification: LiveNotification): string[][] {
  const keys = [['notifications']];
  const type = notification.subject?.type;
  if (type) keys.push([`${type}s`]);
  if (type === 'lead' || type === 'customer') keys.push(['activities']);
  return keys;
}

function applyNotification(client: QueryClient, notification: LiveNotification): void {
  for (const key of staleKeysFor(notification)) void client.invalidateQueries({ queryKey: key });
  for (const listener of listeners) listener(notification);
}

/** Which cached lists a changed record makes stale: its own type's, and the timelines an activity appears in. */
export function staleKeysForChange(type: string, period?: string): string[][] {
  if (type === 'activity') return [['activities'], ['leads'], ['customers']];
  // The live sales figures (the hint's id is the company day that moved): the boards reading them refetch.
  if (type === 'figures') return [['figures']];
  // A person's commission lines of a period changed: that period's statements (the list and each person's) and the
  // periods' totals refetch where they are shown; the hint names no amount.
  if (type === 'commissions') return period ? [['commissions', 'statements', period], ['commissions', 'periods']] : [['commissions']];
  return [[`${type}s`]];
}

/** What an `event: change` carries: the record's type and id, and for commissions the period. */
interface ChangeHint {
  type: string;
  period?: string;
}

/**
 * Change hints arrive in bursts (an import, a bulk reassign): refetch each list once per short window, not per record.
 */
function changeBatcher(client: QueryClient, windowMs = 300) {
  const pending = new Map<string, ChangeHint>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    add(hint: ChangeHint): void {
      pending.set(`${hint.type}/${hint.period ?? ''}`, { type: hint.type, ...(hint.period ? { period: hint.period } : {}) });
      timer ??= setTimeout(() => {
        timer = undefined;
        const keys = new Map<string, string[]>();
        for (const h of pending.values()) for (const key of staleKeysForChange(h.type, h.period)) keys.set(key.join('/'), key);
        pending.clear();
        for (const key of keys.values()) void client.invalidateQueries({ queryKey: key });
      }, windowMs);
    },
    /** When the stream closes (sign-out): a window still open would refetch for a person no longer here. */
    cancel(): void {
      clearTimeout(timer);
      timer = undefined;
      pending.clear();
    },
  };
}

/**
 * Keeps one EventSource open while signed in; the browser reconnects by itself with Last-Event-ID. It opens once the
 * first page is up: the pages read fresh data when they open, and the stream holds one of the few connections a
 * browser keeps to the server, which the first page's own requests need more.
 */
export function useLiveStream(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let stop: (() => void) | undefined;
    const cancel = whenIdle(() => (stop = openStream(client)));
    return () => {
      cancel();
      stop?.();
    };
  }, [enabled, client]);
}

function openStream(client: QueryClient): () => void {
  const source = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
  source.addEventListener('unread', (event) => {
    const { count } = JSON.parse((event as MessageEvent<string>).data) as { count: number };
    client.setQueryData(['notifications', 'unread'], { count });
  });
  const changed = changeBatcher(client);
  source.addEventListener('change', (event) => {
    changed.add(JSON.parse((event as MessageEvent<string>).data) as ChangeHint);
  });
  source.addEventListener('notification', (event) => {
    applyNotification(client, JSON.parse((event as MessageEvent<string>).data) as LiveNotification);
  });
  return () => {
    source.close();
    changed.cancel();
  };
}
