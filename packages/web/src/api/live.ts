/**
 * The server's live stream (SSE): new notifications and the unread count. Each message refreshes what it touches —
 * the inbox badge and the lists of the record it is about — so open pages stay current without polling.
 */
import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

export interface LiveNotification {
  id: string;
  template: string;
  title: string;
  body: string;
  link: string | null;
  subject: { type: string; id: string } | null;
  createdAt: string;
  readAt: string | null;
}

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

/** Keeps one EventSource open while signed in; the browser reconnects by itself with Last-Event-ID. */
export function useLiveStream(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/notifications/stream', { withCredentials: true });
    source.addEventListener('unread', (event) => {
      const { count } = JSON.parse((event as MessageEvent<string>).data) as { count: number };
      client.setQueryData(['notifications', 'unread'], { count });
    });
    source.addEventListener('notification', (event) => {
      applyNotification(client, JSON.parse((event as MessageEvent<string>).data) as LiveNotification);
    });
    return () => source.close();
  }, [enabled, client]);
}
