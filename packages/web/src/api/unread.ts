/** The inbox badge: fetched once, then kept current by the live stream's `unread` events. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';

export function useUnreadCount(): number {
  const query = useQuery({
    queryKey: ['notifications', 'unread'],
    queryFn: () => api<{ count: number }>('/notifications/unread-count'),
    staleTime: 60_000,
  });
  return query.data?.count ?? 0;
}
