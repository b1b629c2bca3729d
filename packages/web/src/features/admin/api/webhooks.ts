/** Outgoing webhooks as the server answers them (H5); the shapes come from core's contracts. */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { webhookEventTypes, type WebhookDeliveryDetail, type WebhookDeliveryStatus, type WebhookDeliveryView, type WebhookView } from '@closeloop/core';
import { api, type Page } from '../../../api/client';

export type { WebhookDeliveryDetail, WebhookDeliveryStatus, WebhookDeliveryView, WebhookView };

export function useWebhooks() {
  return useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => api<{ items: WebhookView[] }>('/admin/webhooks', { signal }).then((r) => r.items) });
}

/** The server's catalogue of event types; core's copy until it answers (they are the same list). */
export function useEventTypes() {
  return useQuery({
    queryKey: ['webhooks', 'event-types'],
    queryFn: ({ signal }) => api<{ items: string[] }>('/admin/webhooks/event-types', { signal }).then((r) => r.items),
    placeholderData: [...webhookEventTypes],
    staleTime: Infinity,
  });
}

export function useDeliveries(webhookId: string | null, status: WebhookDeliveryStatus | undefined) {
  return useInfiniteQuery({
    queryKey: ['webhooks', webhookId, 'deliveries', status ?? 'all'],
    queryFn: ({ pageParam, signal }) =>
      api<Page<WebhookDeliveryView>>(`/admin/webhooks/${webhookId}/deliveries`, { query: { status, limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: webhookId !== null,
    placeholderData: keepPreviousData,
  });
}

export function useDelivery(webhookId: string, deliveryId: string) {
  return useQuery({
    queryKey: ['webhooks', webhookId, 'deliveries', 'detail', deliveryId],
    queryFn: ({ signal }) => api<WebhookDeliveryDetail>(`/admin/webhooks/${webhookId}/deliveries/${deliveryId}`, { signal }),
  });
}
